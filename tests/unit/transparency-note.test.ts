// Signed notes, checkpoints and cosignatures (SPEC 3.14) against the published examples of
// c2sp.org/signed-note, c2sp.org/tlog-cosignature, golang.org/x/mod/sumdb/note and transparency-dev/formats.
import { createHash, createPublicKey, generateKeyPairSync, verify } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  addSignatures, cosignatureTime, cosignatureVerifier, cosignedMessage, cosigner, cosignerVkey, ed25519PublicKeyBytes, ed25519Signer, ed25519Verifier,
  ed25519Vkey, formatCheckpoint, formatVkey, keyIdOf, leafHash, openCheckpoint, openNote, parseCheckpoint, parseNote, parseSkey, parseVkey, signCheckpoint,
  signNote, verifierFromVkey, type Checkpoint, type NoteVerifier,
} from '#shared/transparency'

const known = (...vkeys: string[]): NoteVerifier[] => vkeys.map((vkey) => {
  const made = verifierFromVkey(vkey)
  if (!made.ok) throw new Error(`${vkey}: ${made.reason}`)
  return made.verifier
})
const reasonOf = (v: { ok: boolean, reason?: string }) => v.ok ? 'ok' : v.reason

// golang.org/x/mod/sumdb/note, example_test.go (ExampleSign, ExampleOpen) and note_test.go (TestNewVerifier).
const GO_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz'
const GO_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'
const GO_TEXT = 'If you think cryptography is the answer to your problem,\nthen you don\'t know what your problem is.\n'
const GO_NOTE = `${GO_TEXT}\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`
// c2sp.org/signed-note, "Verifier keys, Example".
const C2SP_VKEY = 'example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k'
const C2SP_NOTE = 'This is an example message.\n\n— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n'
// c2sp.org/tlog-cosignature, the opening example (its cosignature was made at "time 1679315147", per the spec's message example).
const C2SP_COSIGNED = `example.com/behind-the-sofa
20852163
CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=

— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=
— witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==
`

describe('published examples', () => {
  it('signs Go\'s example note byte for byte and opens it with its vkey', () => {
    const skey = parseSkey(GO_SKEY)!
    expect(skey.keyId).toBe(0xC74F20A3)
    expect(ed25519Vkey(skey.name, skey.privateKey)).toBe(GO_VKEY)
    // The server names the keys of its key history by their public halves alone.
    expect(ed25519Vkey(skey.name, createPublicKey(skey.privateKey))).toBe(GO_VKEY)
    expect(signNote(GO_TEXT, [ed25519Signer(skey.name, skey.privateKey)])).toBe(GO_NOTE)
    const opened = openNote(GO_NOTE, known(GO_VKEY))
    expect(opened).toMatchObject({ ok: true, text: GO_TEXT, verified: [{ name: 'PeterNeumann', keyId: 0xC74F20A3 }], unverified: [] })
  })

  it('opens the signed-note spec\'s example with its vkey', () => {
    expect(openNote(C2SP_NOTE, known(C2SP_VKEY))).toMatchObject({ ok: true, text: 'This is an example message.\n' })
  })

  it('refuses every mangling of Go\'s vkey, as Go\'s TestNewVerifier does', () => {
    expect(verifierFromVkey(GO_VKEY).ok).toBe(true)
    for (let i = 0; i <= GO_VKEY.length; i++) {
      for (let j = i + 1; j <= GO_VKEY.length; j++) {
        if (i !== 0 || j !== GO_VKEY.length) expect(verifierFromVkey(GO_VKEY.slice(i, j)).ok, GO_VKEY.slice(i, j)).toBe(false)
      }
    }
    for (let i = 0; i < GO_VKEY.length; i++) {
      const mangled = GO_VKEY.slice(0, i) + String.fromCharCode(GO_VKEY.charCodeAt(i) + 1) + GO_VKEY.slice(i + 1)
      expect(verifierFromVkey(mangled).ok, mangled).toBe(false)
    }
    // Go's wrong-length key: its base64 is not canonical either, which our stricter decoding refuses first.
    expect(reasonOf(verifierFromVkey('PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=='))).toBe('malformed vkey')
    expect(reasonOf(verifierFromVkey(formatVkey('PeterNeumann', 0x01, new Uint8Array(31).fill(7))))).toBe('malformed public key')
    expect(reasonOf(verifierFromVkey('PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'))).toBe('unsupported signature type')
  })

  it('reads the vkeys of transparency-dev/formats (note/note_cosigv1_test.go), a plus inside the base64 and a cosigner key (0x04)', () => {
    expect(parseVkey('TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6')).toMatchObject({ ok: true, name: 'TEST', type: 0x01 })
    const remora = parseVkey('remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2')
    expect(remora).toMatchObject({ ok: true, keyId: 0xDA77ADE7, type: 0x04 })
    expect(verifierFromVkey('remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2').ok).toBe(true)
  })

  it('reads the cosignature spec\'s example: the checkpoint, both lines, and the witness\'s timestamp', () => {
    const parsed = parseNote(C2SP_COSIGNED)
    if (!parsed.ok) throw new Error(parsed.reason)
    expect(parseCheckpoint(parsed.text)).toMatchObject({ ok: true, checkpoint: { origin: 'example.com/behind-the-sofa', size: 20852163, extensions: [] } })
    expect(parsed.signatures.map(s => s.name)).toEqual(['example.com/behind-the-sofa', 'witness.example.com/w1'])
    expect(cosignatureTime(parsed.signatures[1]!.signature)).toBe(1679315147)
    // transparency-dev/formats, TestCoSigV1Timestamp.
    const formats = Buffer.from('ZGhGuQAAAABm/qTPeyKXD+R2rzyQsxPiP8mXum7qq/iF0u4vanlqJyocWODBt97w9uL+8qT7S5gxEHWWOworDcFiEBYJXORmnFBOBA==', 'base64')
    expect(cosignatureTime(formats.subarray(4))).toBe(1727964367)
  })
})

const logKey = generateKeyPairSync('ed25519').privateKey
const ORIGIN = 'support.example/audit/42'
const LOG_VKEY = ed25519Vkey('support.example', logKey)
const checkpoint: Checkpoint = { origin: ORIGIN, size: 7, rootHash: leafHash(Uint8Array.of(7)), extensions: [] }
const signed = signCheckpoint(checkpoint, [ed25519Signer('support.example', logKey)])

describe('signed notes and checkpoints', () => {
  it('round-trips a checkpoint, signed over its text exactly', () => {
    const text = formatCheckpoint(checkpoint)
    expect(text).toBe(`${ORIGIN}\n7\n${Buffer.from(checkpoint.rootHash).toString('base64')}\n`)
    const opened = openCheckpoint(signed, known(LOG_VKEY), ORIGIN)
    expect(opened).toMatchObject({ ok: true, checkpoint, text })
    // The signature is Ed25519 over the text's bytes, final newline included, blank line excluded.
    const parsed = parseNote(signed)
    if (!parsed.ok) throw new Error(parsed.reason)
    expect(verify(null, Buffer.from(text), logKey, parsed.signatures[0]!.signature)).toBe(true)
    const id = createHash('sha256').update('support.example\n\x01').update(ed25519PublicKeyBytes(logKey)).digest().readUInt32BE(0)
    expect(parsed.signatures[0]!.keyId).toBe(id)
    expect(LOG_VKEY.split('+')[1]).toBe(id.toString(16).padStart(8, '0'))
  })

  it('keeps extension lines and refuses malformed checkpoints with their reason', () => {
    const extended = { ...checkpoint, extensions: ['ext one', 'ext two'] }
    expect(parseCheckpoint(formatCheckpoint(extended))).toEqual({ ok: true, checkpoint: extended })
    const root = Buffer.from(checkpoint.rootHash).toString('base64')
    expect(reasonOf(parseCheckpoint(`${ORIGIN}\n7\n${root}`))).toBe('missing final newline')
    expect(reasonOf(parseCheckpoint(`${ORIGIN}\n7\n`))).toBe('too few lines')
    expect(reasonOf(parseCheckpoint(`\n7\n${root}\n`))).toBe('empty origin')
    for (const size of ['07', '-1', '1e3', ' 7', '', '9007199254740993']) expect(reasonOf(parseCheckpoint(`${ORIGIN}\n${size}\n${root}\n`)), size).toBe('malformed tree size')
    for (const bad of [root.slice(4), `${root}=`, root.replace(/=$/, ''), 'not base64!']) expect(reasonOf(parseCheckpoint(`${ORIGIN}\n7\n${bad}\n`)), bad).toBe('malformed root hash')
    expect(reasonOf(parseCheckpoint(`${ORIGIN}\n7\n${root}\next\n\n`))).toBe('empty extension line')
    expect(reasonOf(openCheckpoint(signed, known(LOG_VKEY), 'support.example/audit/43'))).toBe('origin mismatch')
  })

  it('refuses tampered and malformed notes with their reason', () => {
    const vkeys = known(LOG_VKEY)
    const [text, block] = [signed.slice(0, signed.lastIndexOf('\n\n') + 1), signed.slice(signed.lastIndexOf('\n\n') + 2)]
    const other = generateKeyPairSync('ed25519').privateKey
    const stranger = signNote(text, [ed25519Signer('stranger.example', other)]).slice(text.length + 1)
    expect(reasonOf(openNote(signed.replace('\n7\n', '\n8\n'), vkeys))).toBe('invalid signature')
    expect(reasonOf(openNote(`${text}\n${stranger}`, vkeys))).toBe('no known signature')
    expect(openNote(`${text}\n${stranger}${block}`, vkeys)).toMatchObject({ ok: true, unverified: [{ name: 'stranger.example' }] })
    // Same name, other key: an unknown key, ignored; the same key's second line is not read again.
    const impostor = signNote(text, [ed25519Signer('support.example', other)]).slice(text.length + 1)
    expect(openNote(`${text}\n${impostor}${block}${block}`, vkeys)).toMatchObject({ ok: true, verified: [{ name: 'support.example' }], unverified: [{ name: 'support.example' }] })
    expect(reasonOf(openNote(signed, [...vkeys, ...vkeys]))).toBe('ambiguous verifiers')
    expect(reasonOf(openNote(text, vkeys))).toBe('no signature block')
    expect(reasonOf(openNote(`${text}\n`, vkeys))).toBe('no signature block')
    expect(reasonOf(openNote(signed.slice(0, -1), vkeys))).toBe('no signature block')
    expect(reasonOf(openNote(signed.replace('\n7\n', '\n7\t\n'), vkeys))).toBe('control character')
    expect(reasonOf(openNote(Buffer.concat([Buffer.from(text), Buffer.from([0xff]), Buffer.from(`\n\n${block}`)]), vkeys))).toBe('not UTF-8')
    expect(reasonOf(openNote(`${text}\n${block.replace('—', '-')}`, vkeys))).toBe('malformed signature line')
    expect(reasonOf(openNote(`${text}\n${block.replace('support.example', 'support+example')}`, vkeys))).toBe('invalid key name')
    expect(reasonOf(openNote(`${text}\n— support.example AAAA\n`, vkeys))).toBe('malformed signature')
    expect(reasonOf(openNote(`${text}\n— support.example\n`, vkeys))).toBe('malformed signature')
    expect(reasonOf(openNote(`${text}\n${block.replace(/ (\S+)\n$/, ' $1!\n')}`, vkeys))).toBe('malformed signature')
    expect(reasonOf(openNote(`${text}\n${stranger.repeat(100)}${block}`, vkeys))).toBe('too many signatures')
    expect(openNote(`${text}\n${stranger.repeat(15)}${block}`, vkeys).ok).toBe(true)
  })
})

describe('cosignatures', () => {
  const witnessKey = generateKeyPairSync('ed25519').privateKey
  const WITNESS = 'witness.example/w1'
  const witness = cosigner(WITNESS, witnessKey, () => 1_700_000_000)

  it('cosign a signed checkpoint: one more line, over cosignature/v1, the time and the checkpoint text', () => {
    const cosigned = addSignatures(signed, [witness])!
    expect(cosigned.startsWith(signed)).toBe(true)
    const opened = openNote(cosigned, known(LOG_VKEY, cosignerVkey(WITNESS, witnessKey)))
    expect(opened).toMatchObject({ ok: true, verified: [{ name: 'support.example' }, { name: WITNESS }] })
    const parsed = parseNote(cosigned)
    if (!parsed.ok) throw new Error(parsed.reason)
    const line = parsed.signatures[1]!
    expect(line.keyId).toBe(createHash('sha256').update(`${WITNESS}\n\x04`).update(ed25519PublicKeyBytes(witnessKey)).digest().readUInt32BE(0))
    expect(line.keyId).toBe(keyIdOf(WITNESS, 0x04, ed25519PublicKeyBytes(witnessKey)))
    expect(cosignatureTime(line.signature)).toBe(1_700_000_000)
    expect(Buffer.from(line.signature.subarray(0, 8)).toString('hex')).toBe('000000006553f100')
    const message = `cosignature/v1\ntime 1700000000\n${formatCheckpoint(checkpoint)}`
    expect(Buffer.from(cosignedMessage(1_700_000_000, formatCheckpoint(checkpoint))).toString()).toBe(message)
    expect(verify(null, Buffer.from(message), witnessKey, line.signature.subarray(8))).toBe(true)
  })

  it('refuse a cosignature read as a plain note signature, a changed time, or a text that is no checkpoint', () => {
    const cosigned = addSignatures(signed, [witness])!
    const block = cosigned.slice(signed.length)
    const text = signed.slice(0, signed.lastIndexOf('\n\n') + 1)
    const raw = ed25519PublicKeyBytes(witnessKey)
    // The same key as a log key (type 0x01) has another key ID: the line is not its signature.
    expect(reasonOf(openNote(`${text}\n${block}`, [ed25519Verifier(WITNESS, raw)]))).toBe('no known signature')
    const parsed = parseNote(`${text}\n${block}`)
    if (!parsed.ok) throw new Error(parsed.reason)
    const sig = Uint8Array.from(parsed.signatures[0]!.signature)
    sig[7]! ^= 1
    expect(cosignatureVerifier(WITNESS, raw).verify(Buffer.from(text), sig)).toBe(false)
    expect(cosignatureVerifier(WITNESS, raw).verify(Buffer.from(text), parsed.signatures[0]!.signature)).toBe(true)
    expect(() => signNote('not a checkpoint\n', [witness])).toThrow(TypeError)
    expect(addSignatures('no signatures here\n', [witness])).toBeNull()
  })
})
