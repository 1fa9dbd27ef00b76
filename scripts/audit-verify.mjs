// `npm run audit:verify -- <export.json>`: checks a workspace's audit log export offline, with no
// database and no server: every event must follow the one before it and match its own hash.
// Prints `ok <n> events` and exits 0, or names the first broken event and exits 1 (2: not an export).
import { readFileSync } from 'node:fs'
import { verifyChain } from '../shared/audit-chain.mjs'

const file = process.argv[2]
if (!file) {
  console.error('usage: npm run audit:verify -- <audit export .json>')
  process.exit(2)
}

let exported
try {
  exported = JSON.parse(readFileSync(file, 'utf8'))
}
catch (error) {
  console.error(`${file}: cannot read it as JSON (${error.message})`)
  process.exit(2)
}
if (!Array.isArray(exported?.events)) {
  console.error(`${file}: not an audit log export (no "events" list); download it as JSON from the Support page`)
  process.exit(2)
}

// The export states times in ISO 8601 and `data` as an object; the hashes cover milliseconds and the stored JSON text.
const events = exported.events.map(e => ({ ...e, createdAt: Date.parse(e.createdAt), data: JSON.stringify(e.data) }))
const workspaceIds = new Set(events.map(e => e.workspaceId))
if (workspaceIds.size > 1) {
  console.error(`${file}: events of ${workspaceIds.size} workspaces; an export holds one workspace's chain`)
  process.exit(1)
}
const result = verifyChain(events)
if (result.ok) {
  console.log(`ok ${result.count} events`)
}
else {
  console.log(`broken at event ${result.brokenAt}: ${result.reason} (${result.count} events before it verify)`)
  process.exit(1)
}
