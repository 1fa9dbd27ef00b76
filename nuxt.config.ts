import { fileURLToPath } from 'node:url'
import tailwindcss from '@tailwindcss/vite'
import { migrationsModuleSource } from './server/database/migrations-module'

export default defineNuxtConfig({
  compatibilityDate: '2025-07-15',
  srcDir: '.',
  telemetry: false,
  devtools: { enabled: false },
  modules: ['@pinia/nuxt', '@vueuse/nuxt', 'nuxt-auth-utils', '@nuxt/eslint'],
  css: ['~/assets/css/main.css'],
  vite: { plugins: [tailwindcss()] },
  runtimeConfig: {
    databasePath: './data/app.sqlite',
    enterpriseLicense: true,
    supportMode: true,
    smtpUrl: '',
    mailFrom: 'Support Access <no-reply@localhost>',
    benchRoutes: false,
    public: { baseUrl: 'http://localhost:3000' },
  },
  nitro: {
    // Pre-compressed static assets; the key is missing from Nuxt's narrowed nitro type but Nitro reads it.
    ...{ compressPublicAssets: { gzip: true, brotli: true } },
    virtual: { '#migrations': () => migrationsModuleSource(fileURLToPath(new URL('.', import.meta.url))) },
  },
  typescript: { strict: true },
  eslint: { config: { stylistic: false } },
})
