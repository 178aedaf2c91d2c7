/**
 * A throwaway certificate authority for TLS tests, made with the `openssl` command: a CA, a server
 * certificate it signed for 127.0.0.1 and localhost, and a second, unrelated CA (to prove that
 * trusting the wrong CA fails).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestPki {
  dir: string;
  /** PEM of the CA that signed the server certificate, and its path. */
  caPem: string;
  caFile: string;
  /** PEM of a CA that signed nothing here, and its path. */
  otherCaPem: string;
  otherCaFile: string;
  serverKey: string;
  serverCert: string;
  cleanup(): void;
}

/** True when the `openssl` command can be run. */
export function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

function makeCa(dir: string, name: string): void {
  openssl(dir, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`,
    '-days', '30', '-subj', `/CN=${name}/O=sts-creds tests`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
}

/** Creates the CA, the server certificate and the unrelated CA in a fresh temporary directory. */
export function createTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'sts-creds-pki-'));
  makeCa(dir, 'test-ca');
  makeCa(dir, 'other-ca');
  openssl(dir, ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1']);
  writeFileSync(
    join(dir, 'server.ext'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n',
  );
  openssl(dir, ['x509', '-req', '-in', 'server.csr', '-CA', 'test-ca.pem', '-CAkey', 'test-ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '30', '-extfile', 'server.ext']);
  const read = (name: string): string => readFileSync(join(dir, name), 'utf8');
  return {
    dir,
    caPem: read('test-ca.pem'),
    caFile: join(dir, 'test-ca.pem'),
    otherCaPem: read('other-ca.pem'),
    otherCaFile: join(dir, 'other-ca.pem'),
    serverKey: read('server.key'),
    serverCert: read('server.pem'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
