// Sends one report email over SMTP (nodemailer) and says, recipient by recipient, what the mail
// server answered: accepted, refused for now (4xx, or no answer at all: try again later), or
// refused for good (5xx: trying again would not help).
import nodemailer from 'nodemailer';

export interface ReportEmail {
  to: string[];
  subject: string;
  text: string;
  attachment: { fileName: string; content: Buffer };
}

export type RecipientOutcome = 'sent' | 'temporary' | 'permanent';

export interface RecipientResult {
  address: string;
  outcome: RecipientOutcome;
  /** The mail server's answer, or the connection error when there was none. */
  response: string;
}

export interface Mailer {
  send(email: ReportEmail): Promise<RecipientResult[]>;
  close(): void;
}

interface SmtpError {
  message: string;
  responseCode?: number;
  response?: string;
  recipient?: string;
  rejectedErrors?: SmtpError[];
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function createMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  return {
    async send(email) {
      try {
        const info = await transport.sendMail({
          from,
          to: email.to,
          subject: email.subject,
          text: email.text,
          attachments: [{ filename: email.attachment.fileName, content: email.attachment.content, contentType: XLSX_TYPE }],
        });
        const refused = new Map(((info as { rejectedErrors?: SmtpError[] }).rejectedErrors ?? []).map((e) => [key(e.recipient), e]));
        return email.to.map((address) => {
          const error = refused.get(key(address));
          return error ? refusal(address, error) : { address, outcome: 'sent' as const, response: String(info.response ?? '') };
        });
      } catch (err) {
        const error = err as SmtpError;
        const perRecipient = new Map((error.rejectedErrors ?? []).map((e) => [key(e.recipient), e]));
        return email.to.map((address) => refusal(address, perRecipient.get(key(address)) ?? error));
      }
    },
    close: () => transport.close(),
  };
}

function refusal(address: string, error: SmtpError): RecipientResult {
  const permanent = typeof error.responseCode === 'number' && error.responseCode >= 500;
  return { address, outcome: permanent ? 'permanent' : 'temporary', response: error.response || error.message };
}

function key(address: string | undefined): string {
  return (address ?? '').trim().toLowerCase();
}
