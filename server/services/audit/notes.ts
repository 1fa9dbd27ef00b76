import { signCheckpoint } from '#shared/transparency/checkpoint'
import { ed25519Signer } from '#shared/transparency/keys'
import type { Hash } from '#shared/transparency/merkle'
import { noteKeyName, signingKeyInUse } from './key-history'

/** SPEC 3.14: `<host of NUXT_PUBLIC_BASE_URL>/audit/<workspace id>`, or `…/audit/server` for the server's chain. */
export const treeOrigin = (workspaceId: number | null) => `${noteKeyName()}/audit/${workspaceId ?? 'server'}`

/**
 * The C2SP signed note (tlog-checkpoint) of a chain's tree of `size` leaves with `root`, signed with the
 * key the key history lists as in use, as the note key named by this server's host.
 */
export async function signTreeNote(workspaceId: number | null, size: number, root: Hash): Promise<string> {
  const key = await signingKeyInUse()
  return signCheckpoint({ origin: treeOrigin(workspaceId), size, rootHash: root, extensions: [] }, [ed25519Signer(noteKeyName(), key.privateKey)])
}
