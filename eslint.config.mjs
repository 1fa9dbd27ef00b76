// @ts-check
import withNuxt from './.nuxt/eslint.config.mjs'

export default withNuxt(
  { ignores: ['server/database/migrations/**', 'reports/**', 'test-results/**', 'bench/**/*.json'] },
  {
    // Tests read loosely-typed JSON answers from the API.
    files: ['tests/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
)
