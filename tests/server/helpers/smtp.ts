import { SMTPServer } from 'smtp-server'
import { freePort } from './server'

export interface ReceivedMail {
  from: string
  to: string[]
  raw: string
  /** The raw message with quoted-printable soft breaks and escapes undone, good enough to search. */
  text: string
}

function decodeQuotedPrintable(raw: string): string {
  return raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
}

/** A real SMTP server on loopback that keeps every message it accepts. */
export async function startSmtp(port?: number) {
  const messages: ReceivedMail[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let raw = ''
      stream.on('data', (chunk: Buffer) => { raw += chunk.toString('utf8') })
      stream.on('end', () => {
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map(r => r.address),
          raw,
          text: decodeQuotedPrintable(raw),
        })
        callback()
      })
    },
  })
  // A client that hangs up mid-message (the app stopped by a test, or killed on purpose) makes
  // smtp-server emit 'error'; unheard, that would crash the test run. Keep it for debugging.
  const connectionErrors: Error[] = []
  server.on('error', (err: Error) => { connectionErrors.push(err) })
  const actualPort = port ?? await freePort()
  await new Promise<void>(resolve => server.listen(actualPort, '127.0.0.1', resolve))
  return {
    port: actualPort,
    url: `smtp://127.0.0.1:${actualPort}`,
    messages,
    connectionErrors,
    /** Waits until a message matching the predicate arrives. */
    async waitFor(predicate: (m: ReceivedMail) => boolean, timeoutMs = 10_000): Promise<ReceivedMail> {
      const deadline = Date.now() + timeoutMs
      while (Date.now() < deadline) {
        const found = messages.find(predicate)
        if (found) return found
        await new Promise(r => setTimeout(r, 50))
      }
      throw new Error(`no matching email arrived; got: ${messages.map(m => `${m.to.join(',')}: ${/^Subject: (.*)$/m.exec(m.text)?.[1]}`).join(' | ')}`)
    },
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  }
}
export type TestSmtp = Awaited<ReturnType<typeof startSmtp>>
