// Hostile TLS: certificates nobody should trust (expired in 2000, self-signed, with a critical
// extension no client knows; or issued for another host name), a plain-text answer where TLS was
// promised, and a handshake answered with garbage. Throwaway keys are made with openssl in a
// temporary folder at test start.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { plainPage } from './http.js';
import { drip, onFirstData, onHttpRequest, respond, serve } from './tcp.js';

export interface KeyAndCert {
  readonly key: string;
  readonly cert: string;
}

/** Self-signed, valid only on 1 January 2000, with a critical extension no client understands. */
export function garbageCertificate(openssl: string, dir: string): KeyAndCert {
  const config = join(dir, 'ca.cnf');
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'serial'), '01\n');
  // `openssl ca` is the one openssl command that takes explicit (past) validity dates.
  writeFileSync(
    config,
    `[ca]\ndefault_ca = d\n[d]\ndatabase = ${join(dir, 'index.txt')}\nnew_certs_dir = ${dir}\nserial = ${join(dir, 'serial')}\ndefault_md = sha256\npolicy = p\ncopy_extensions = copy\n[p]\ncommonName = supplied\n`,
  );
  const run = (args: string[]) => execFileSync(openssl, args, { stdio: 'ignore' });
  run([
    'req',
    '-new',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    join(dir, 'garbage.key'),
    '-out',
    join(dir, 'garbage.csr'),
    '-subj',
    '/CN=\\x00garbage',
    '-addext',
    '1.2.3.4.5=critical,DER:0500',
  ]);
  run([
    'ca',
    '-batch',
    '-selfsign',
    '-config',
    config,
    '-keyfile',
    join(dir, 'garbage.key'),
    '-in',
    join(dir, 'garbage.csr'),
    '-out',
    join(dir, 'garbage.pem'),
    '-startdate',
    '20000101000000Z',
    '-enddate',
    '20000102000000Z',
    '-notext',
  ]);
  return { key: readFileSync(join(dir, 'garbage.key'), 'utf8'), cert: readFileSync(join(dir, 'garbage.pem'), 'utf8') };
}

/** Self-signed for `wrong.invalid`: not the address the scanner connects to. */
export function wrongHostCertificate(openssl: string, dir: string): KeyAndCert {
  execFileSync(
    openssl,
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      join(dir, 'wrong.key'),
      '-out',
      join(dir, 'wrong.pem'),
      '-days',
      '2',
      '-subj',
      '/CN=wrong.invalid',
      '-addext',
      'subjectAltName=DNS:wrong.invalid',
    ],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(join(dir, 'wrong.key'), 'utf8'), cert: readFileSync(join(dir, 'wrong.pem'), 'utf8') };
}

/** A harmless page over TLS with the given certificate. */
export const tlsWithCertificate = (pair: KeyAndCert) =>
  serve((socket, server) => onHttpRequest(socket, server, () => plainPage(socket)), { tls: pair });

/** Plain-text HTTP on a port the target says is TLS (an https:// URL). */
export const plainTextOnTlsPort = () =>
  serve((socket) =>
    onFirstData(socket, () => respond(socket, '400 Bad Request', { 'Content-Type': 'text/plain' }, 'this is not TLS')),
  );

/** The ClientHello is answered with a TLS record header that lies about its length, then garbage. */
export const tlsGarbageHandshake = () =>
  serve((socket) =>
    onFirstData(socket, () =>
      socket.end(Buffer.concat([Buffer.from([0x16, 0x03, 0x03, 0xff, 0xff, 0x02]), Buffer.alloc(1024, 0xa5)])),
    ),
  );

/** The ClientHello is answered with the start of a ServerHello, a byte every 200 ms. */
export const tlsHandshakeDrip = () =>
  serve((socket) =>
    onFirstData(socket, () =>
      drip(
        socket,
        Buffer.concat([
          Buffer.from([0x16, 0x03, 0x03, 0x00, 0x7a, 0x02, 0x00, 0x00, 0x76, 0x03, 0x03]),
          Buffer.alloc(200, 0x11),
        ]),
        200,
      ),
    ),
  );
