/**
 * A throwaway PKI made with the `openssl` command line, for the mutual-TLS (AssumeRoleWithCertificate) tests:
 * a CA, a server certificate for 127.0.0.1 (SAN IP), and client certificates whose subject CN names a MinIO
 * policy. Everything lives in one temporary directory; `remove()` deletes it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** True when the `openssl` command is available. */
export function hasOpenssl(): boolean {
  return spawnSync('openssl', ['version'], { stdio: 'ignore' }).status === 0;
}

function openssl(args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`openssl ${args[0]} failed (exit ${code}): ${output.trim()}`))));
  });
}

/** A PEM certificate and key, and where they are on disk. */
export interface IssuedCert {
  cert: string;
  key: string;
  certFile: string;
  keyFile: string;
}

export interface TestPki {
  dir: string;
  ca: IssuedCert;
  server: IssuedCert;
  /** Issues a client certificate signed by this CA (or by `issuer`). */
  client(name: string, options?: { cn?: string; eku?: string; issuer?: IssuedCert }): Promise<IssuedCert>;
  /** Packs a certificate and its key into a PKCS#12 file protected by `passphrase`. */
  pkcs12(cert: IssuedCert, passphrase: string): Promise<{ file: string; data: Buffer }>;
  /** A second, unrelated CA (MinIO does not trust it). */
  otherCa(): Promise<IssuedCert>;
  remove(): Promise<void>;
}

async function selfSignedCa(dir: string, name: string, cn: string): Promise<IssuedCert> {
  const keyFile = join(dir, `${name}.key`);
  const certFile = join(dir, `${name}.crt`);
  await openssl(
    [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '30',
      '-keyout', keyFile, '-out', certFile, '-subj', `/CN=${cn}`,
      '-addext', 'basicConstraints=critical,CA:TRUE',
      '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
  return { cert: await readFile(certFile, 'utf8'), key: await readFile(keyFile, 'utf8'), certFile, keyFile };
}

async function issue(dir: string, name: string, cn: string, extensions: string, issuer: IssuedCert): Promise<IssuedCert> {
  const keyFile = join(dir, `${name}.key`);
  const csrFile = join(dir, `${name}.csr`);
  const certFile = join(dir, `${name}.crt`);
  const extFile = join(dir, `${name}.ext`);
  await writeFile(extFile, extensions);
  await openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', csrFile, '-subj', `/CN=${cn}`], dir);
  await openssl(
    ['x509', '-req', '-sha256', '-days', '30', '-in', csrFile, '-CA', issuer.certFile, '-CAkey', issuer.keyFile, '-CAcreateserial', '-out', certFile, '-extfile', extFile],
    dir,
  );
  return { cert: await readFile(certFile, 'utf8'), key: await readFile(keyFile, 'utf8'), certFile, keyFile };
}

/** Creates the CA and the server certificate for 127.0.0.1 / localhost. */
export async function createTestPki(): Promise<TestPki> {
  const dir = await mkdtemp(join(tmpdir(), 'sts-creds-pki-'));
  try {
    const ca = await selfSignedCa(dir, 'ca', 'sts-creds test CA');
    const server = await issue(
      dir,
      'server',
      '127.0.0.1',
      'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n',
      ca,
    );
    let other: IssuedCert | undefined;
    return {
      dir,
      ca,
      server,
      client: (name, options = {}) =>
        issue(
          dir,
          name,
          options.cn ?? name,
          `basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=${options.eku ?? 'clientAuth'}\n`,
          options.issuer ?? ca,
        ),
      async pkcs12(cert, passphrase) {
        const file = cert.certFile.replace(/\.crt$/, '.p12');
        await openssl(['pkcs12', '-export', '-in', cert.certFile, '-inkey', cert.keyFile, '-out', file, '-passout', `pass:${passphrase}`], dir);
        return { file, data: await readFile(file) };
      },
      async otherCa() {
        other ??= await selfSignedCa(dir, 'other-ca', 'some other CA');
        return other;
      },
      remove: () => rm(dir, { recursive: true, force: true }),
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
