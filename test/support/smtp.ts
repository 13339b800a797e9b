// A real SMTP server (smtp-server) on a random local port for tests: keeps every message it
// accepts, and can be told to refuse a recipient or the next messages with a given reply code.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import PostalMime, { type Email } from 'postal-mime';

export interface ReceivedMail {
  from: string;
  /** The envelope recipients (RCPT TO) the server accepted for this message. */
  to: string[];
  raw: Buffer;
}

export interface TestSmtp {
  /** `smtp://127.0.0.1:<port>` */
  url: string;
  messages: ReceivedMail[];
  /** Answers RCPT TO for this address with `code` (5xx: for good, 4xx: for now). */
  refuseRecipient(address: string, code: number): void;
  /** Answers the DATA of the next `count` messages with `code`, keeping none of them. */
  refuseMessages(count: number, code: number): void;
  /** Forgets messages and refusals. */
  reset(): void;
  close(): Promise<void>;
}

const smtpError = (code: number, text: string) => Object.assign(new Error(text), { responseCode: code });

export async function startSmtp(): Promise<TestSmtp> {
  const messages: ReceivedMail[] = [];
  let refusedRecipients = new Map<string, number>();
  let refusals: number[] = [];

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 20 * 1024 * 1024,
    onRcptTo(address, _session, callback) {
      const code = refusedRecipients.get(address.address.toLowerCase());
      callback(code ? smtpError(code, code >= 500 ? 'No such user here' : 'Mailbox busy, try later') : null);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const code = refusals.shift();
        if (code) return callback(smtpError(code, code >= 500 ? 'Message refused' : 'Local error, try again later'));
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
        });
        callback();
      });
    },
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    refuseRecipient: (address, code) => void refusedRecipients.set(address.toLowerCase(), code),
    refuseMessages: (count, code) => void refusals.push(...Array<number>(count).fill(code)),
    reset() {
      messages.length = 0;
      refusedRecipients = new Map();
      refusals = [];
    },
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

export function parseMail(mail: ReceivedMail): Promise<Email> {
  return PostalMime.parse(mail.raw);
}
