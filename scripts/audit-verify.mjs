// `npm run audit:verify -- <export.json> [--key <public key(s): file, URL or PEM>] [--checkpoint <file or JSON>]`
// checks a workspace's audit log export offline (SPEC 3.8), with no database and no server:
//   1. every event belongs to the workspace the export names;
//   2. every event follows the one before it and matches its own hash (the chain);
//   3. the number of events and the last hash equal the export's signed checkpoint (nothing cut off);
//   4. with --key, the checkpoint's Ed25519 signature holds under the key it names (nobody but the server signed
//      it); --key may give every key the server used (`/api/audit/keys`), so rotations break nothing;
//   5. with --checkpoint, the export extends that earlier checkpoint unchanged (nothing rewritten since).
// Prints `ok <n> events` and what was checked, exit 0; or `broken: <reason>`, exit 1; 2: not an export.
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { GENESIS, auditEventHash, verifyChain } from '../shared/audit-chain.mjs'
import { checkpointSignatureHolds, keyIdOf } from '../shared/audit-checkpoint.mjs'

function usage(message) {
  if (message) console.error(message)
  console.error('usage: npm run audit:verify -- <audit export .json> [--key <public key(s): file, URL of /api/audit/keys or /api/audit/public-key, or PEM>] [--checkpoint <earlier checkpoint: file or JSON>]')
  process.exit(2)
}

function broken(reason) {
  console.log(`broken: ${reason}`)
  process.exit(1)
}

let args
try {
  args = parseArgs({ allowPositionals: true, options: { key: { type: 'string' }, checkpoint: { type: 'string' } } })
}
catch (error) {
  usage(error.message)
}
const file = args.positionals[0]
if (!file || args.positionals.length > 1) usage()

function readJson(source, what) {
  try {
    return JSON.parse(source.trimStart().startsWith('{') ? source : readFileSync(source, 'utf8'))
  }
  catch (error) {
    usage(`${what}: cannot read it as JSON (${error.message})`)
  }
}

/**
 * The public keys, by key id: PEM text, a PEM or JSON file, or a URL: `GET /api/audit/public-key`'s answer
 * (one key) or `GET /api/audit/keys`'s (every key the server has signed with, so checkpoints signed
 * before a key rotation still verify: each is checked with the key it names).
 */
async function publicKeysFrom(source) {
  let text = source
  if (/^https?:\/\//.test(source)) {
    const res = await fetch(source).catch(error => usage(`--key ${source}: ${error.message}`))
    if (!res.ok) usage(`--key ${source}: the server answered ${res.status}`)
    text = await res.text()
  }
  else if (!source.includes('-----BEGIN')) {
    try {
      text = readFileSync(source, 'utf8')
    }
    catch (error) {
      usage(`--key ${source}: ${error.message}`)
    }
  }
  try {
    const json = text.trimStart().startsWith('{') ? JSON.parse(text) : null
    const pems = json ? (Array.isArray(json.items) ? json.items.map(item => item.publicKey) : [json.publicKey]) : [text]
    if (pems.length === 0) usage('--key: the list of keys is empty')
    return new Map(pems.map(pem => [keyIdOf(pem), pem]))
  }
  catch (error) {
    usage(`--key: not a public key (${error.message})`)
  }
}

/** A checkpoint as the workspace kept it: the checkpoint itself, a webhook body, or an earlier export. */
const checkpointIn = value => value?.checkpoint ?? value?.data?.checkpoint ?? value

const exported = readJson(file, file)
if (!Array.isArray(exported?.events) || typeof exported?.workspace?.id !== 'number') {
  usage(`${file}: not an audit log export (no "workspace" and "events"); download it as JSON from the Support page`)
}
const workspace = exported.workspace
const keys = args.values.key ? await publicKeysFrom(args.values.key) : null

// 1. One workspace's events, and the one the header names.
const stranger = exported.events.find(e => e.workspaceId !== workspace.id)
if (stranger) broken(`event ${stranger.id} belongs to workspace ${stranger.workspaceId}, not to ${workspace.slug} (${workspace.id}) named by the export`)

// A filtered download (the audit log page's Person or Kind) holds some events, not a stretch of the chain:
// each still proves its own content, but only an unfiltered export shows that nothing is missing.
if (exported.filter) {
  const changed = exported.events.find(e => auditEventHash({ ...e, createdAt: Date.parse(e.createdAt), data: JSON.stringify(e.data) }) !== e.hash)
  if (changed) broken(`event ${changed.id}: its content does not match its hash`)
  console.log(`ok ${exported.events.length} events, each untouched; a filtered export cannot show that none is missing: verify an unfiltered one for that`)
  process.exit(0)
}

// 2. The chain. The export states times in ISO 8601 and `data` as an object; the hashes cover milliseconds and the stored JSON text.
const events = exported.events.map(e => ({ ...e, createdAt: Date.parse(e.createdAt), data: JSON.stringify(e.data) }))
// A date range is part of the chain: it follows `range.prevHash`, after `range.precedingEvents` events.
const range = exported.range ?? null
if (range && (typeof range.precedingEvents !== 'number' || typeof range.prevHash !== 'string')) usage(`${file}: its "range" does not say where in the chain it starts`)
const preceding = range?.precedingEvents ?? 0
const chain = verifyChain(events, range?.prevHash ?? GENESIS)
if (!chain.ok) {
  console.log(`broken at event ${chain.brokenAt}: ${chain.reason} (${chain.count} events before it verify)`)
  process.exit(1)
}

/** Whether a checkpoint names this workspace and, given a key, is signed by it; else why not. */
function checkpointProblem(checkpoint, what) {
  if (typeof checkpoint?.events !== 'number' || typeof checkpoint?.head !== 'string') return `${what} is not a checkpoint`
  if (checkpoint.workspace?.id !== workspace.id || checkpoint.workspace?.slug !== workspace.slug) {
    return `${what} is for workspace ${checkpoint.workspace?.slug} (${checkpoint.workspace?.id}), not ${workspace.slug} (${workspace.id})`
  }
  if (!keys) return null
  const pem = keys.get(checkpoint.keyId)
  if (!pem) return `${what} names key ${checkpoint.keyId}, but the ${keys.size === 1 ? 'key given is' : 'keys given are'} ${[...keys.keys()].join(', ')}`
  if (!checkpointSignatureHolds(checkpoint, pem)) return `${what}'s signature does not hold under key ${checkpoint.keyId}: it was changed or not made by the server`
  return null
}

// 3 and 4. The export's own checkpoint signs exactly its events.
const checkpoint = exported.checkpoint
if (!checkpoint) broken('the export has no signed checkpoint, so nothing shows it is complete')
const own = checkpointProblem(checkpoint, 'the export\'s checkpoint')
if (own) broken(own)
if (checkpoint.events !== preceding + events.length) broken(`the export holds ${events.length} events${preceding ? ` after ${preceding}` : ''}, but its checkpoint signs ${checkpoint.events}`)
if (checkpoint.head !== chain.lastHash) broken('the last event\'s hash is not the head its checkpoint signs')

// 5. An earlier checkpoint the workspace kept: the export must hold its events unchanged, then more.
let extended = null
if (args.values.checkpoint) {
  const earlier = checkpointIn(readJson(args.values.checkpoint, '--checkpoint'))
  const problem = checkpointProblem(earlier, 'the earlier checkpoint')
  if (problem) broken(problem)
  if (earlier.events < preceding) usage(`the export starts after event ${earlier.events}, where the earlier checkpoint ends: export from an earlier date to compare them`)
  if (earlier.events > preceding + events.length) {
    if (range?.to) usage(`the export ends before event ${earlier.events}, where the earlier checkpoint ends: export up to a later date to compare them`)
    broken(`the export holds ${events.length} events, fewer than the ${earlier.events} of the earlier checkpoint: events were removed`)
  }
  const headThen = earlier.events === preceding ? (range?.prevHash ?? GENESIS) : events[earlier.events - preceding - 1].hash
  if (headThen !== earlier.head) broken(`the export does not extend the earlier checkpoint: its first ${earlier.events} events are not the ones that checkpoint signed`)
  extended = earlier
}

console.log(range ? `ok ${events.length} events (events ${preceding + 1} to ${preceding + events.length} of the chain)` : `ok ${events.length} events`)
console.log(keys
  ? `checkpoint: signature verified with key ${checkpoint.keyId} (signed ${checkpoint.at})`
  : `checkpoint: count and head match; signature not checked (give --key <public key> to check it)`)
if (extended) console.log(`extends the earlier checkpoint of ${extended.events} events (signed ${extended.at}) unchanged`)
