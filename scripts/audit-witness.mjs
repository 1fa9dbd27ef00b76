// `npm run audit:witness -- --url <server> --workspace <slug> --token <API token of a workspace Admin>
// --state <file> [--key <witness key file>] [--name <witness name>] [--origin <expected origin>]` (SPEC 3.14):
// a witness the workspace runs, e.g. from cron. It fetches the workspace's signed checkpoint, checks the
// log's signature against the server's published keys and, when the state file holds an earlier checkpoint,
// an RFC 9162 consistency proof from it; only then it cosigns (c2sp.org/tlog-cosignature), uploads the
// cosignature and saves the new checkpoint. Its first run pins the log's origin (or `--origin`'s, refused if
// the log's differs) and the log key it trusted (witness-state.ts); a log with another origin or key name, a
// key the history says was not valid now (key-validity.ts), or a log that shrank, forked or proves nothing
// exits 1 with both checkpoints, uploads nothing and keeps the state. The rules are shared/transparency's.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { parseArgs } from 'node:util'
import { transparency as T } from './transparency.mjs'

const USAGE = 'usage: npm run audit:witness -- --url <server> --workspace <slug> --token <API token> --state <file> [--key <witness key file>] [--name <witness name>] [--origin <expected origin>]'
const fail = (message) => {
  console.error(`audit:witness: ${message}`)
  process.exit(1)
}

let args
try {
  args = parseArgs({ options: { help: { type: 'boolean', short: 'h' }, url: { type: 'string' }, workspace: { type: 'string' }, token: { type: 'string' }, state: { type: 'string' }, key: { type: 'string' }, name: { type: 'string' }, origin: { type: 'string' } } }).values
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

// Every key the log ever signed with (an old checkpoint may predate a rotation), with its validity.
const keys = await call('/api/audit/keys')
if (keys.status !== 200) fail(`GET /api/audit/keys answered ${keys.status}`)
const listed = JSON.parse(keys.text).items
const logKeys = listed.flatMap((key) => {
  const v = T.verifierFromVkey(key.vkey)
  return v.ok ? [{ verifier: v.verifier, key }] : []
})

// The state: the pin and the last checkpoint cosigned. The saved note is checked against the pinned key, not
// whatever the server lists today.
const stateText = existsSync(args.state) ? readFileSync(args.state, 'utf8') : null
const stateRead = stateText === null ? null : T.readWitnessState(stateText)
if (stateRead && !stateRead.ok) fail(`${args.state} is not this witness's state: ${stateRead.reason}`)
const state = stateRead?.state ?? null
if (state && args.origin && args.origin !== state.origin) fail(`--origin ${args.origin}: ${args.state} is pinned to ${state.origin}`)
const pinnedKey = state?.key ? T.verifierFromVkey(state.key.vkey) : null
if (pinnedKey && !pinnedKey.ok) fail(`${args.state}: the pinned key ${state.key.vkey} is not a vkey (${pinnedKey.reason})`)
const savedNote = state?.note ?? null
const saved = savedNote === null ? null : T.openCheckpoint(savedNote, pinnedKey ? [pinnedKey.verifier] : logKeys.map(k => k.verifier))

const fetched = await call(`${base}/checkpoint`)
if (fetched.status !== 200) fail(`GET ${base}/checkpoint answered ${fetched.status}: ${fetched.text}`)
// Only the log's own signature line is kept: the witness vouches for the checkpoint, not others' cosignatures.
const opened = T.openCheckpoint(fetched.text, logKeys.map(k => k.verifier))
if (!opened.ok) fail(`the checkpoint's signature does not verify against the server's published keys: ${opened.reason}`)
const note = `${opened.text}\n${opened.verified.map(s => `\u2014 ${s.name} ${s.base64}\n`).join('')}`

const evidence = reason => fail(`${reason}. Nothing was cosigned; ${state ? `${args.state} still holds the earlier checkpoint` : `${args.state} was not written`}.\n--- saved checkpoint ---\n${savedNote ?? '(none: this is the first run)\n'}--- new checkpoint ---\n${note}`)
// A saved checkpoint its own pin does not verify (the state file edited, or another log's) is evidence too: both are shown.
if (saved && !saved.ok) evidence(`the saved checkpoint in ${args.state} does not verify against ${pinnedKey ? `its pinned key ${state.key.vkey}` : 'the server\'s keys'}: ${saved.reason}`)
// The first run pins the log it sees (or the one --origin names); later runs hold the log to that pin.
const signer = logKeys.find(k => k.verifier.name === opened.verified[0].name && k.verifier.keyId === opened.verified[0].keyId)
const pin = T.checkPin(state ?? { origin: args.origin ?? opened.checkpoint.origin, key: null }, opened.checkpoint.origin, { name: signer.verifier.name, vkey: signer.key.vkey }, listed.map(k => k.vkey))
if (!pin.ok) evidence(pin.reason)
// The route signs at request time with the key in use: that key must be valid now (key-validity.ts).
const now = { ms: Date.now(), what: 'this witness fetched it' }
const window = T.checkKeyWindow(signer.key, { notBefore: now, notAfter: now })
if (!window.ok) evidence(`the checkpoint is signed by ${signer.key.vkey}: ${window.reason} (${window.detail})`)

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
writeFileSync(temporary, T.formatWitnessState({ ...pin.pin, note }), { mode: 0o600 })
renameSync(temporary, args.state)
console.log(`audit:witness: cosigned ${opened.checkpoint.size} events of ${opened.checkpoint.origin}${saved ? ` (consistent with the ${saved.checkpoint.size} seen before)` : ' (first checkpoint seen)'} as ${vkey}`)
if (!state?.key) console.log(`audit:witness: pinned origin ${pin.pin.origin} and log key ${pin.pin.key.vkey} in ${args.state}`)
