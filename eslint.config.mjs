// @ts-check
import withNuxt from './.nuxt/eslint.config.mjs'

export default withNuxt(
  { ignores: ['server/database/migrations/**', 'reports/**', 'test-results/**', 'bench/**/*.json'] },
  {
    // The data layer is asynchronous: a query or write that is not awaited would answer before it ran,
    // or outside its transaction. Type-aware rules catch every such call on the server.
    files: ['server/**/*.ts'],
    ignores: ['server/database/migrations/**'],
    languageOptions: { parserOptions: { project: './.nuxt/tsconfig.server.json', tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    // Tests read loosely-typed JSON answers from the API.
    files: ['tests/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
)
