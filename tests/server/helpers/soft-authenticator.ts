import { createHash, createSign, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto'
import { isoCBOR } from '@simplewebauthn/server/helpers'

/**
 * A passkey authenticator in software, for server tests over HTTP: it answers the server's WebAuthn
 * options as a browser with a platform authenticator would (ES256 key, "none" attestation), so tests can
 * add passkeys, sign in and step up without a browser. The server verifies its answers with
 * @simplewebauthn/server like any other; tests/e2e/passkeys.spec.ts does the same with Chromium's own.
 */
const b64url = (bytes: Uint8Array | Buffer) => Buffer.from(bytes).toString('base64url')
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest()
const u32 = (n: number) => {
  const b = Buffer.alloc(4)
  b.writeUInt32BE(n)
  return b
}

export class SoftAuthenticator {
  readonly credentialId = randomBytes(16)
  private readonly keys = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  private counter = 0

  constructor(private readonly origin: string) {}

  private get rpIdHash() {
    return sha256(new URL(this.origin).hostname)
  }

  private clientData(type: 'webauthn.create' | 'webauthn.get', challenge: string) {
    return Buffer.from(JSON.stringify({ type, challenge, origin: this.origin, crossOrigin: false }))
  }

  private coseKey(publicKey: KeyObject) {
    const jwk = publicKey.export({ format: 'jwk' })
    return isoCBOR.encode(new Map<number, number | Uint8Array>([
      [1, 2], [3, -7], [-1, 1], [-2, Buffer.from(jwk.x!, 'base64url')], [-3, Buffer.from(jwk.y!, 'base64url')],
    ]))
  }

  /** Answers `navigator.credentials.create()` options: a new credential with its public key. */
  register(options: { challenge: string }) {
    const idLength = Buffer.alloc(2)
    idLength.writeUInt16BE(this.credentialId.length)
    // Flags: user present (0x01), user verified (0x04), attested credential data (0x40).
    const authData = Buffer.concat([this.rpIdHash, Buffer.from([0x45]), u32(this.counter), Buffer.alloc(16), idLength, this.credentialId, this.coseKey(this.keys.publicKey)])
    const attestationObject = isoCBOR.encode(new Map<string, unknown>([['fmt', 'none'], ['attStmt', new Map()], ['authData', authData]]) as never)
    return {
      id: b64url(this.credentialId), rawId: b64url(this.credentialId), type: 'public-key', clientExtensionResults: {},
      response: { clientDataJSON: b64url(this.clientData('webauthn.create', options.challenge)), attestationObject: b64url(attestationObject), transports: ['internal'] },
    }
  }

  /** Answers `navigator.credentials.get()` options: a signature over the challenge, counting one more use. */
  assert(options: { challenge: string }) {
    this.counter++
    const authData = Buffer.concat([this.rpIdHash, Buffer.from([0x05]), u32(this.counter)])
    const clientDataJSON = this.clientData('webauthn.get', options.challenge)
    const signature = createSign('SHA256').update(Buffer.concat([authData, sha256(clientDataJSON)])).sign(this.keys.privateKey)
    return {
      id: b64url(this.credentialId), rawId: b64url(this.credentialId), type: 'public-key', clientExtensionResults: {},
      response: { clientDataJSON: b64url(clientDataJSON), authenticatorData: b64url(authData), signature: b64url(signature) },
    }
  }
}
