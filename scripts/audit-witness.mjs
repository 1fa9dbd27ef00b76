// `npm run audit:witness -- --url <server> --workspace <slug> --token <API token of a workspace Admin>
// --state <file> [--key <witness key file>] [--name <witness name>]` (SPEC 3.14): a witness the workspace
// runs, e.g. from cron. It fetches the workspace's signed checkpoint, checks the log's signature against the
// server's published keys and, when the state file holds an earlier checkpoint, an RFC 9162 consistency
// proof from it; only then it cosigns (c2sp.org/tlog-cosignature), uploads the cosignature and saves the new
// checkpoint. A log that shrank, forked or proves nothing exits 1 with both checkpoints, uploads nothing and
// keeps the state. The rules are shared/transparency's (witness.ts), the ones the server checks with.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { parseArgs } from 'node:util'
import { transparency as T } from './transparency.mjs'

const USAGE = 'usage: npm run audit:witness -- --url <server> --workspace <slug> --token <API token> --state <file> [--key <witness key file>] [--name <witness name>]'
const fail = (message) => {
  console.error(`audit:witness: ${message}`)
  process.exit(1)
}

let args
try {
  args = parseArgs({ options: { help: { type: 'boolean', short: 'h' }, url: { type: 'string' }, workspace: { type: 'string' }, token: { type: 'string' }, state: { type: 'string' }, key: { type: 'string' }, name: { type: 'string' } } }).values
}
catch (error) {
  fail(`${error.message}\n${USAGE}`)
}
if (args.help) {
  console.log(USAGE)
  process.exit(0)
}
if (!args.url || !args.workspace || !args.token || !args.state) fail(USAGE)
const name = args.name ?? `${hostname().replace(/[^\w.-]/g, '') || 'audit'}-witness`
if (!T.isValidKeyName(name)) fail(`--name ${name}: a witness name has no spaces or plus signs`)

async function call(path, init = {}) {
  const res = await fetch(new URL(path, args.url), { ...init, headers: { authorization: `Bearer ${args.token}`, ...init.headers } }).catch(error => fail(`${path}: ${error.message}`))
  return { status: res.status, text: await res.text() }
}
const base = `/api/workspaces/${encodeURIComponent(args.workspace)}/audit`

// Every key the log ever signed with (an old checkpoint may predate a rotation).
const keys = await call('/api/audit/keys')
if (keys.status !== 200) fail(`GET /api/audit/keys answered ${keys.status}`)
const logKeys = JSON.parse(keys.text).items.map(k => T.verifierFromVkey(k.vkey)).filter(v => v.ok).map(v => v.verifier)

const fetched = await call(`${base}/checkpoint`)
if (fetched.status !== 200) fail(`GET ${base}/checkpoint answered ${fetched.status}: ${fetched.text}`)
// Only the log's own signature line is kept: the witness vouches for the checkpoint, not others' cosignatures.
const opened = T.openCheckpoint(fetched.text, logKeys)
if (!opened.ok) fail(`the checkpoint's signature does not verify against the server's published keys: ${opened.reason}`)
const note = `${opened.text}\n${opened.verified.map(s => `\u2014 ${s.name} ${s.base64}\n`).join('')}`

const savedNote = existsSync(args.state) ? readFileSync(args.state, 'utf8') : null
const saved = savedNote === null ? null : T.openCheckpoint(savedNote, logKeys)
if (saved && !saved.ok) fail(`the saved checkpoint in ${args.state} does not verify against the server's keys: ${saved.reason}`)

const evidence = reason => fail(`${reason}. Nothing was cosigned; ${args.state} still holds the earlier checkpoint.\n--- saved checkpoint ---\n${savedNote}--- new checkpoint ---\n${note}`)
let proof = null
if (T.growthWithoutProof(saved?.checkpoint ?? null, opened.checkpoint) === 'needs proof') {
  const res = await call(`${base}/proof/consistency?from=${saved.checkpoint.size}&to=${opened.checkpoint.size}`)
  // A malformed answer is no proof: the verdict below says "unprovable", with both checkpoints.
  try {
    if (res.status === 200) proof = JSON.parse(res.text).hashes.map(h => T.decodeBase64(h) ?? new Uint8Array())
  }
  catch {
    proof = null
  }
}
const verdict = T.checkGrowth(saved?.checkpoint ?? null, opened.checkpoint, proof)
if (!verdict.ok) evidence(verdict.reason)

const { privateKey, created } = (() => {
  try {
    return T.loadWitnessKey(args.key ?? `${args.state}.key`)
  }
  catch (error) {
    return fail(error.message)
  }
})()
const vkey = T.cosignerVkey(name, privateKey)
if (created) console.log(`audit:witness: made a new witness key; its vkey is ${vkey}`)
const uploaded = await call(`${base}/cosignatures`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ vkey, note: T.cosignNote(note, name, privateKey) }) })
if (uploaded.status >= 300) fail(`the server refused the cosignature (${uploaded.status}): ${uploaded.text}`)

// Atomic: a crash leaves the old state or the new one, never half of either.
const temporary = `${args.state}.${process.pid}.tmp`
writeFileSync(temporary, note, { mode: 0o600 })
renameSync(temporary, args.state)
console.log(`audit:witness: cosigned ${opened.checkpoint.size} events of ${opened.checkpoint.origin}${saved ? ` (consistent with the ${saved.checkpoint.size} seen before)` : ' (first checkpoint seen)'} as ${vkey}`)
