// The HTTPS certificate for local use (the Office add-in needs HTTPS): made once, kept on disk,
// and looked at on every start. The one the server made itself (self-signed) is made again when
// it has 30 days or less to run; any other certificate put in its place is only warned about.
// Expiry is judged on the wall clock, never on NOW: browsers check certificates against real time.
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { wallClock } from './clock';

/** A certificate with this many days or fewer left is renewed (self-signed) or warned about. */
export const EXPIRY_NOTICE_DAYS = 30;
const DAY_MS = 86_400_000;
const VALIDITY_DAYS = 825; // the longest validity browsers accept

export interface LocalCertificate {
  key: string;
  cert: string;
  /** Made on this start: none was there, or the self-signed one was about to run out (`renewed`). */
  made: 'created' | 'renewed' | null;
  /** The certificate's last day of validity, ISO. */
  validTo: string;
  /** What the operator should hear: a renewal, or a certificate of someone else's running out. */
  notices: string[];
}

export async function localCertificate(dir: string, now: Date = wallClock()): Promise<LocalCertificate> {
  const keyFile = join(dir, 'localhost-key.pem');
  const certFile = join(dir, 'localhost-cert.pem');
  if (!existsSync(keyFile) || !existsSync(certFile)) return { ...(await makeCertificate(dir, now)), made: 'created', notices: [] };

  const kept = { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8') };
  const x509 = new X509Certificate(kept.cert);
  const validTo = new Date(x509.validTo);
  const daysLeft = Math.floor((validTo.getTime() - now.getTime()) / DAY_MS);
  if (daysLeft > EXPIRY_NOTICE_DAYS) return { ...kept, made: null, validTo: validTo.toISOString(), notices: [] };

  const ends = daysLeft < 0 ? `expired on ${validTo.toISOString().slice(0, 10)}` : `expires on ${validTo.toISOString().slice(0, 10)} (${daysLeft} days)`;
  if (!selfSigned(x509)) {
    return {
      ...kept,
      made: null,
      validTo: validTo.toISOString(),
      notices: [`warning: the HTTPS certificate ${certFile} ${ends}; it is not one this server made, so renew it yourself.`],
    };
  }
  const renewed = await makeCertificate(dir, now);
  return {
    ...renewed,
    made: 'renewed',
    notices: [`The local HTTPS certificate ${ends}; made a new one in ${dir}, valid until ${renewed.validTo.slice(0, 10)} (trust it again in your browser/Office).`],
  };
}

/** Issued by itself and signed by its own key: what `makeCertificate` writes. */
function selfSigned(x509: X509Certificate): boolean {
  return x509.issuer === x509.subject && x509.verify(x509.publicKey);
}

async function makeCertificate(dir: string, now: Date): Promise<{ key: string; cert: string; validTo: string }> {
  const validTo = new Date(now.getTime() + VALIDITY_DAYS * DAY_MS);
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    notBeforeDate: now,
    notAfterDate: validTo,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }, { type: 7, ip: '::1' }] },
    ],
  });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'localhost-key.pem'), pems.private, { mode: 0o600 });
  writeFileSync(join(dir, 'localhost-cert.pem'), pems.cert);
  return { key: pems.private, cert: pems.cert, validTo: new Date(new X509Certificate(pems.cert).validTo).toISOString() };
}
