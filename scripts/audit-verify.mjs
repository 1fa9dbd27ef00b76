// `npm run audit:verify -- <export.json> [--key <vkey(s) or public key(s): file, URL or text>] [--checkpoint <an earlier
// note, a webhook body or export holding one, or a legacy checkpoint: file or text>] [--url <server> --token <API
// token>] [--witness <vkey>]…` checks a workspace's audit log
// export offline (SPEC 3.8, 3.14), with no database:
//   1. every event belongs to the workspace the export names, and follows the one before it (the chain);
//   2. the export's C2SP signed note (its tree's origin, size and root): with --key, its signature holds under a
//      key the server used (`/api/audit/keys` lists them all, so rotations break nothing);
//   3. a whole export's events are every leaf of that tree (the root is recomputed); a range's events are one
//      contiguous run of tree positions, each with an inclusion proof that holds (the `range` itself is trusted
//      for nothing); the legacy JSON checkpoint of a whole export is checked as before;
//   4. with --checkpoint, the export's tree extends that earlier one: recomputed from a whole export, or a
//      consistency proof fetched from --url with --token for a range;
//   5. given the key history (`/api/audit/keys`), the note's key was valid when it was signed (key-validity.ts);
//      with --witness <vkey> (repeatable), each cosignature line of that witness verifies (others: unchecked).
// Fields the signature does not cover (actorName, description) are named. Prints `ok <n> events` and what was
// checked, exit 0; or `broken: <reason>`, exit 1; 2: wrong usage or not an export.
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { GENESIS, auditEventHash, verifyChain } from '../shared/audit-chain.mjs'
import { checkpointSignatureHolds, keyIdOf } from '../shared/audit-checkpoint.mjs'
import { checkConsistency, checkEach, checkRange, checkWhole, looksLikeVkey, openTreeNote } from './audit-verify-tree.mjs'
import { checkCosignatures, keyWindowProblem } from './audit-verify-witness.mjs'

function usage(message) {
  if (message) console.error(message)
  console.error('usage: npm run audit:verify -- <audit export .json> [--key <vkey or public key(s): file, URL of /api/audit/keys or /api/audit/public-key, or text>] [--checkpoint <earlier note or checkpoint: file or text>] [--url <server> --token <API token>] [--witness <witness vkey>]…')
  process.exit(2)
}

function broken(reason) {
  console.log(`broken: ${reason}`)
  process.exit(1)
}

let args
try {
  args = parseArgs({ allowPositionals: true, options: { key: { type: 'string' }, checkpoint: { type: 'string' }, url: { type: 'string' }, token: { type: 'string' }, witness: { type: 'string', multiple: true } } })
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
 * The keys: a vkey or PEM text, a file of either (or of JSON), or a URL: `GET /api/audit/public-key`'s answer
 * (one key) or `GET /api/audit/keys`'s (every key the server has signed with, so what was signed before a key
 * rotation still verifies). Answers the PEMs by legacy key id, and the vkeys and PEMs for notes.
 */
async function publicKeysFrom(source) {
  let text = source
  if (/^https?:\/\//.test(source)) {
    const res = await fetch(source).catch(error => usage(`--key ${source}: ${error.message}`))
    if (!res.ok) usage(`--key ${source}: the server answered ${res.status}`)
    text = await res.text()
  }
  else if (!source.includes('-----BEGIN') && !looksLikeVkey(source)) {
    try {
      text = readFileSync(source, 'utf8')
    }
    catch (error) {
      usage(`--key ${source}: ${error.message}`)
    }
  }
  try {
    const json = text.trimStart().startsWith('{') ? JSON.parse(text) : null
    const items = json ? (Array.isArray(json.items) ? json.items : [json]) : looksLikeVkey(text) ? [{ vkey: text.trim() }] : [{ publicKey: text }]
    if (items.length === 0) usage('--key: the list of keys is empty')
    const pems = items.map(item => item.publicKey).filter(Boolean)
    return { byId: new Map(pems.map(pem => [keyIdOf(pem), pem])), vkeys: items.map(item => item.vkey).filter(Boolean), pems, history: items }
  }
  catch (error) {
    usage(`--key: not a public key (${error.message})`)
  }
}

/** A legacy checkpoint as the workspace kept it: the checkpoint itself, an older webhook body, or an older export. */
const checkpointIn = value => value?.checkpoint ?? value?.data?.checkpoint ?? value

const exported = readJson(file, file)
if (!Array.isArray(exported?.events) || typeof exported?.workspace?.id !== 'number') {
  usage(`${file}: not an audit log export (no "workspace" and "events"); download it as JSON from the Support page`)
}
const workspace = exported.workspace
const keys = args.values.key ? await publicKeysFrom(args.values.key) : null
const cosignatures = checkCosignatures(typeof exported.note === 'string' ? exported.note : '', args.values.witness ?? [])
if (cosignatures.usage) usage(cosignatures.usage)

/** The note's key validity and its cosignatures (5.), after its signature verified; prints the cosignatures. */
function checkNoteExtras(opened, events) {
  const window = keys ? keyWindowProblem(keys.history, opened.signers, events, exported.checkpoint) : null
  if (window) broken(window)
  if (cosignatures.problem && typeof exported.note === 'string') broken(cosignatures.problem)
  return () => cosignatures.lines?.forEach(line => console.log(line))
}

// 1. One workspace's events, and the one the header names.
const stranger = exported.events.find(e => e.workspaceId !== workspace.id)
if (stranger) broken(`event ${stranger.id} belongs to workspace ${stranger.workspaceId}, not to ${workspace.slug} (${workspace.id}) named by the export`)

// A filtered download (the audit log page's Person or Kind) holds some events, not a stretch of the chain:
// each proves its own content and, by its inclusion proof, its place in the signed tree; only an unfiltered
// export shows that nothing is missing.
if (exported.filter) {
  const changed = exported.events.find(e => auditEventHash({ ...e, createdAt: Date.parse(e.createdAt), data: JSON.stringify(e.data) }) !== e.hash)
  if (changed) broken(`event ${changed.id}: its content does not match its hash`)
  const opened = openTreeNote(exported.note, workspace.id, keys, 'the export')
  if (opened.problem) broken(opened.problem)
  const problem = checkEach(exported.events, opened.checkpoint)
  if (problem) broken(problem)
  const printCosignatures = checkNoteExtras(opened, exported.events.map(e => ({ ...e, createdAt: Date.parse(e.createdAt) })))
  const signature = keys ? 'signature verified' : 'signature not checked (no --key)'
  console.log(`ok ${exported.events.length} events, each untouched and in the signed tree of ${opened.checkpoint.size} events (${signature}); a filtered export cannot show that none is missing: verify an unfiltered one for that`)
  printCosignatures()
  process.exit(0)
}

// 2. The chain. The export states times in ISO 8601 and `data` as an object; the hashes cover milliseconds and the stored JSON text.
const events = exported.events.map(e => ({ ...e, createdAt: Date.parse(e.createdAt), data: JSON.stringify(e.data) }))
// A range is told by its events' inclusion proofs (or by a `range`), never trusted for where it starts: a whole
// export starts at the genesis, a range at its first event's prevHash, which that event's proven leaf covers.
const range = exported.range ?? null
const isRange = !!range || (events.length > 0 && events.every(e => e.inclusionProof !== undefined))
const chain = verifyChain(events, isRange ? events[0]?.prevHash : GENESIS)
if (!chain.ok) {
  console.log(`broken at event ${chain.brokenAt}: ${chain.reason} (${chain.count} events before it verify)`)
  process.exit(1)
}

/** Whether a legacy checkpoint names this workspace and, given a key, is signed by it; else why not. */
function checkpointProblem(checkpoint, what) {
  if (typeof checkpoint?.events !== 'number' || typeof checkpoint?.head !== 'string') return `${what} is not a checkpoint`
  if (checkpoint.workspace?.id !== workspace.id || checkpoint.workspace?.slug !== workspace.slug) {
    return `${what} is for workspace ${checkpoint.workspace?.slug} (${checkpoint.workspace?.id}), not ${workspace.slug} (${workspace.id})`
  }
  // Given vkeys only, the note's signature is what is checked (below).
  if (!keys || keys.byId.size === 0) return null
  const pem = keys.byId.get(checkpoint.keyId)
  if (!pem) return `${what} names key ${checkpoint.keyId}, but the ${keys.byId.size === 1 ? 'key given is' : 'keys given are'} ${[...keys.byId.keys()].join(', ') || 'vkeys only'}`
  if (!checkpointSignatureHolds(checkpoint, pem)) return `${what}'s signature does not hold under key ${checkpoint.keyId}: it was changed or not made by the server`
  return null
}

// 3. A whole export's legacy checkpoint (SPEC 3.8), as before, when it has one.
const checkpoint = exported.checkpoint
if (!isRange && checkpoint) {
  const own = checkpointProblem(checkpoint, 'the export\'s checkpoint')
  if (own) broken(own)
  if (checkpoint.events !== events.length) broken(`the export holds ${events.length} events, but its checkpoint signs ${checkpoint.events}`)
  if (checkpoint.head !== chain.lastHash) broken('the last event\'s hash is not the head its checkpoint signs')
}

// 4. The signed note, and the events' place in its tree: every leaf, or proven one by one.
const opened = openTreeNote(exported.note, workspace.id, keys, 'the export')
if (opened.problem) broken(opened.problem)
const tree = opened.checkpoint
const treeProblem = isRange ? checkRange(events, tree, range) : checkWhole(events, tree)
if (treeProblem) broken(treeProblem)
const printCosignatures = checkNoteExtras(opened, events)

// 5. An earlier checkpoint the workspace kept: a note (SPEC 3.14), or a legacy JSON checkpoint of a whole export.
let extended = null
if (args.values.checkpoint) {
  const source = args.values.checkpoint
  let text = source
  if (!source.includes('\n') && !source.trimStart().startsWith('{')) {
    try {
      text = readFileSync(source, 'utf8')
    }
    catch (error) {
      usage(`--checkpoint ${source}: ${error.message}`)
    }
  }
  const kept = text.trimStart().startsWith('{') ? readJson(text, '--checkpoint') : null
  // A webhook body or an earlier export holds the signed note beside the legacy checkpoint: the note is the stronger.
  const keptNote = kept?.data?.note ?? kept?.note
  if (typeof keptNote === 'string') text = keptNote
  // A note copied from an email or passed as "$(cat note)" loses its final newline, which is not signed data.
  else if (!kept && !text.endsWith('\n')) text += '\n'
  const legacy = kept && typeof keptNote !== 'string' ? checkpointIn(kept) : null
  if (legacy) {
    const problem = checkpointProblem(legacy, 'the earlier checkpoint')
    if (problem) broken(problem)
    if (isRange) usage('a range is compared with an earlier checkpoint through its signed note: give the note (`GET …/audit/checkpoint`)')
    if (legacy.events > events.length) broken(`the export holds ${events.length} events, fewer than the ${legacy.events} of the earlier checkpoint: events were removed`)
    const headThen = legacy.events === 0 ? GENESIS : events[legacy.events - 1].hash
    if (headThen !== legacy.head) broken(`the export does not extend the earlier checkpoint: its first ${legacy.events} events are not the ones that checkpoint signed`)
    extended = { size: legacy.events, what: `(signed ${legacy.at})` }
  }
  else {
    const earlier = openTreeNote(text.replace(/\r\n/g, '\n'), workspace.id, keys, 'the earlier checkpoint')
    if (earlier.problem) broken(earlier.problem)
    let proof
    if (isRange && earlier.checkpoint.size <= tree.size) {
      if (!args.values.url || !args.values.token) usage('a range is compared with an earlier note through a consistency proof: give --url <server> and --token <API token>')
      const res = await fetch(new URL(`/api/workspaces/${workspace.slug}/audit/proof/consistency?from=${earlier.checkpoint.size}&to=${tree.size}`, args.values.url), { headers: { authorization: `Bearer ${args.values.token}` } })
        .catch(error => usage(`--url: ${error.message}`))
      if (!res.ok) usage(`--url: the server answered ${res.status} to the consistency proof`)
      proof = (await res.json()).hashes
    }
    const problem = checkConsistency(earlier.checkpoint, tree, events, earlier.checkpoint.size === 0 ? [] : proof)
    if (problem) broken(problem)
    extended = { size: earlier.checkpoint.size, what: proof ? '(consistency proof verified)' : '(its root recomputed)' }
  }
}

console.log(isRange && events.length > 0
  ? `ok ${events.length} events (events ${events[0]?.index + 1} to ${events.at(-1)?.index + 1} of the chain's ${tree.size}, each proven in its tree)`
  : `ok ${events.length} events`)
if (!isRange && checkpoint) {
  console.log(keys?.byId.size
    ? `checkpoint: signature verified with key ${checkpoint.keyId} (signed ${checkpoint.at}; the legacy JSON checkpoint, SPEC 3.8)`
    : `checkpoint: count and head match; signature not checked (the legacy JSON checkpoint, SPEC 3.8)`)
}
console.log(keys
  ? `note: signature verified with ${opened.signedBy.join(', ')} (tree of ${tree.size} events)`
  : `note: tree of ${tree.size} events; signature not checked (give --key <vkey or public key> to check it)`)
if (extended) console.log(`extends the earlier checkpoint of ${extended.size} events ${extended.what} unchanged`)
printCosignatures()
const notCovered = exported.notCovered?.fields ?? ['actorName', 'description']
console.log(`not covered by any signature: ${notCovered.join(', ')} (added for people at export; read them as hints)${cosignatures.lines?.length ? '; the note\'s cosignature lines are not covered by the log\'s signature, each only by its witness\'s' : ''}`)
