import { fileURLToPath } from 'node:url'
import tailwindcss from '@tailwindcss/vite'
import { migrationsModuleSource } from './server/database/migrations-module'
import { apiRoutesModuleSource } from './server/openapi/route-scan'

const rootPath = (path: string) => fileURLToPath(new URL(path, import.meta.url))

export default defineNuxtConfig({
  compatibilityDate: '2025-07-15',
  srcDir: '.',
  telemetry: false,
  devtools: { enabled: false },
  modules: ['@pinia/nuxt', '@vueuse/nuxt', 'nuxt-auth-utils', '@nuxt/eslint'],
  css: ['~/assets/css/main.css'],
  // Screen readers pick their voice and browsers their hyphenation from it (WCAG 3.1.1, axe html-has-lang).
  app: { head: { htmlAttrs: { lang: 'en' } } },
  vite: { plugins: [tailwindcss()] },
  runtimeConfig: {
    databasePath: './data/app.sqlite',
    // postgres://… selects PostgreSQL (issue 13); empty keeps the embedded SQLite file above.
    databaseUrl: '',
    enterpriseLicense: true,
    supportMode: true,
    smtpUrl: '',
    mailFrom: 'Support Access <no-reply@localhost>',
    benchRoutes: false,
    // NUXT_AUDIT_SIGNING_KEY: an Ed25519 private key (PKCS#8 PEM) for audit checkpoints; empty: a key file
    // beside the SQLite file, made on first start (server/services/audit/signing-key.ts).
    auditSigningKey: '',
    // How often a workspace whose audit chain moved gets a signed checkpoint (SPEC 3.8: daily).
    auditCheckpointIntervalMs: 24 * 60 * 60 * 1000,
    // How often the daily-checkpoint pass looks for chains that moved; tests shorten both.
    auditCheckpointScanMs: 60 * 60 * 1000,
    // Background upkeep (mail retries, expiry notices) and live-stream heartbeats; tests shorten them.
    upkeepIntervalMs: 5_000,
    liveHeartbeatMs: 15_000,
    // Live-update streams one process holds at most; past it, GET /api/events answers 503 (issue 20).
    liveMaxStreams: 2_000,
    // Sudo mode (SPEC 3.11): how recent a password or passkey confirmation on a sign-in must be for
    // sensitive account changes (passkeys, tokens, emails, deleting the account); signing in counts.
    reauthWindowMs: 600_000,
    // Multiplies every rate limit (server/services/access/rate-limits.ts); load tests raise it.
    rateLimitFactor: 1,
    // Proxies whose X-Forwarded-For is believed (SPEC 3.11): comma-separated CIDRs; none by default.
    trustedProxies: '',
    // Webhooks (SPEC 3.9): private receivers need an explicit yes; tests shorten the timeout and backoff.
    webhooksAllowPrivate: false,
    webhooksTimeoutMs: 10_000,
    webhooksRetryBaseMs: 30_000,
    webhooksPollMs: 1_000,
    // Empty: email links use the address this server listens on (see server/services/mail/templates.ts).
    public: { baseUrl: '' },
  },
  nitro: {
    // Ours first (database busy → 503), then Nuxt's own, which Nuxt only adds when none is configured.
    errorHandler: [rootPath('server/error-handler.ts'), rootPath('node_modules/@nuxt/nitro-server/dist/runtime/handlers/error.mjs')] as unknown as string,
    // Pre-compressed static assets; the key is missing from Nuxt's narrowed nitro type but Nitro reads it.
    ...{ compressPublicAssets: { gzip: true, brotli: true } },
    virtual: { '#migrations': () => migrationsModuleSource(rootPath('.')), '#api-routes': () => apiRoutesModuleSource(rootPath('.')) },
  },
  $production: {
    routeRules: {
      '/**': {
        headers: {
          // Nuxt inlines its payload bootstrap, hence 'unsafe-inline' for scripts; eval stays forbidden.
          'content-security-policy': [
            `default-src 'self'`, `script-src 'self' 'unsafe-inline'`, `style-src 'self' 'unsafe-inline'`, `img-src 'self' data:`,
            `connect-src 'self'`, `font-src 'self'`, `object-src 'none'`, `base-uri 'self'`, `form-action 'self'`, `frame-ancestors 'none'`,
          ].join('; '),
          'x-content-type-options': 'nosniff',
          'referrer-policy': 'strict-origin-when-cross-origin',
          'x-frame-options': 'DENY',
          'permissions-policy': 'camera=(), microphone=(), geolocation=()',
        },
      },
    },
  },
  typescript: { strict: true },
  eslint: { config: { stylistic: false } },
})
