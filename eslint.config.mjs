// @ts-check
import { createNodeResolver } from 'eslint-plugin-import-x'
import withNuxt from './.nuxt/eslint.config.mjs'

/**
 * The layers of the server, top to bottom (CONTRIBUTING.md): each may import from the layers below it,
 * never from one above. Type-only imports are exempt: a service names the gate's WriteScope type.
 */
const LAYERS = [
  ['server/api', 'server/routes', 'server/plugins', 'server/tasks', 'server/middleware', 'server/openapi'],
  ['server/gate'],
  ['server/services'],
  ['server/database'],
  ['server/utils'],
  ['shared'],
]
const upwardImports = LAYERS.flatMap((layer, i) => LAYERS.slice(0, i).flat().map(above => ({
  target: layer.map(dir => `./${dir}/**`),
  from: `./${above}/**`,
  message: `${layer[0]} sits below ${above}: move the shared piece down, or pass it in.`,
})))

export default withNuxt(
  { ignores: ['server/database/*/migrations/**', 'reports/**', 'test-results/**', 'bench/**/*.json'] },
  {
    // The data layer is asynchronous: a query or write that is not awaited would answer before it ran,
    // or outside its transaction. Type-aware rules catch every such call on the server.
    files: ['server/**/*.ts'],
    ignores: ['server/database/*/migrations/**'],
    languageOptions: { parserOptions: { project: './.nuxt/tsconfig.server.json', tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    // The architecture as a rule: no import cycle, no import from a lower layer to a higher one.
    files: ['server/**/*.ts', 'shared/**/*.ts', 'shared/**/*.mjs'],
    settings: {
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.mts'] },
      'import-x/extensions': ['.ts', '.mjs', '.js'],
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.mjs', '.js', '.d.mts'], tsconfig: { configFile: './.nuxt/tsconfig.server.json' } })],
    },
    rules: {
      'import/no-cycle': ['error', { ignoreExternal: true }],
      'import/no-restricted-paths': ['error', { zones: upwardImports }],
    },
  },
  {
    // Tests read loosely-typed JSON answers from the API.
    files: ['tests/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
)
