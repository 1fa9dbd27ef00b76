import { cosignatureUpload } from '#shared/schemas/audit'
import { workspaceSlugParams } from '#shared/schemas/workspaces'
import { defineWorkspaceWrite } from '~~/server/gate/write-gate'
import { RATE_LIMITS } from '~~/server/services/access/rate-limits'
import { recordCosignature } from '~~/server/services/audit/cosignatures'

/**
 * A witness's cosignature (SPEC 3.14, c2sp.org/tlog-cosignature): `note` is the checkpoint as
 * `GET …/audit/checkpoint` signed it, with the witness's `cosignature/v1` line added; `vkey` is the
 * witness's key (`<name>+<key ID>+<base64(0x04 || Ed25519 public key)>`). Kept only over a checkpoint this
 * server signed for this workspace. Workspace Admins only: no support session lends it, since a witness is
 * the workspace's check on the server. The same witness and tree size again answers `created: false`.
 * @answer auditCosignatureAnswer
 */
export default defineWorkspaceWrite({
  params: workspaceSlugParams,
  body: cosignatureUpload,
  action: 'workspace.audit.cosign',
  // Per Admin and workspace: one Admin's junk uploads never use up the witness another Admin runs.
  rateLimits: (actor, { params }) => [[RATE_LIMITS.cosignature, `${actor.id}:${params.slug}`]],
  run: (scope, { body }) => recordCosignature(scope, scope.workspace.id, body),
})
