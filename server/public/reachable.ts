// Whether residents' phones can reach PUBLIC_URL: checked once at start, as warnings (the server
// still runs — a rehearsal on the internal network is fine). A private address cannot be reached
// from a phone on the mobile network, and WeChat, where residents scan, refuses a self-signed
// certificate outright.
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { connect } from 'node:tls';

const PRIVATE = new BlockList();
for (const [net, bits] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.168.0.0', 16]] as const) {
  PRIVATE.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10]] as const) PRIVATE.addSubnet(net, bits, 'ipv6');

/** An address of the loopback, private, shared (CGNAT) or link-local ranges. */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return isPrivateAddress(mapped[1]);
  const family = isIP(address);
  return family === 4 ? PRIVATE.check(address, 'ipv4') : family === 6 ? PRIVATE.check(address, 'ipv6') : false;
}

/** What stands between PUBLIC_URL and a resident's phone, as sentences for the start-up log. */
export async function publicUrlWarnings(publicUrl: string, timeoutMs = 5000): Promise<string[]> {
  const url = new URL(publicUrl);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const warnings: string[] = [];
  const addresses = isIP(host) ? [host] : await lookup(host, { all: true }).then((list) => list.map((a) => a.address), () => null);
  if (!addresses) warnings.push(`PUBLIC_URL ${publicUrl}: the name ${host} does not resolve here; residents' phones may not find it either.`);
  else if (addresses.some(isPrivateAddress)) {
    warnings.push(`PUBLIC_URL ${publicUrl} is a private address (${addresses.join(', ')}): phones outside this network cannot open the QR codes on the notices and ballots. Set PUBLIC_URL to the public host (README: "Public pages").`);
  }
  if (url.protocol === 'http:') {
    warnings.push(`PUBLIC_URL ${publicUrl} is plain HTTP: WeChat warns residents away from it; serve the public pages over HTTPS with a certificate from a public CA.`);
  } else if (addresses) {
    const problem = await certificateProblem(host, Number(url.port || 443), timeoutMs);
    if (problem) warnings.push(`PUBLIC_URL ${publicUrl}: ${problem}`);
  }
  return warnings;
}

/** Why a browser would refuse the host's certificate (self-signed, expired, wrong name…), or null. */
function certificateProblem(host: string, port: number, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, servername: isIP(host) ? undefined : host, rejectUnauthorized: false, timeout: timeoutMs });
    const done = (answer: string | null) => {
      socket.destroy();
      resolve(answer);
    };
    socket.once('secureConnect', () => {
      if (socket.authorized) return done(null);
      const reason = String(socket.authorizationError);
      const selfSigned = /SELF_SIGNED/.test(reason);
      done(
        selfSigned
          ? `its certificate is self-signed (${reason}); WeChat refuses such pages, so residents cannot open the QR codes. Use a certificate from a public CA.`
          : `its certificate is not trusted (${reason}); phones will refuse the page.`,
      );
    });
    socket.once('timeout', () => done(`no HTTPS answer within ${timeoutMs / 1000} s; check that it is reachable.`));
    socket.once('error', (err) => done(`HTTPS connection failed (${err.message}).`));
  });
}
