import { verifyAuditChain } from '~~/server/services/audit/chain'
import { requireServerAdmin } from '~~/server/gate/caller'

/** Re-checks every link of the audit hash chain; any edit to a past row shows up as brokenAt. */
export default defineEventHandler(async (event) => {
  await requireServerAdmin(event)
  return verifyAuditChain()
})
