/**
 * A throwaway OpenLDAP server (Debian's `slapd`) for the LDAP tests: a generated slapd.conf with one
 * mdb database under `dc=min,dc=io`, run in the foreground on a free loopback port, seeded with `ldapadd`.
 * Needs the `slapd` and `ldap-utils` packages (scripts/install-system-deps.sh).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, tailFile } from '../../scripts/minio.mjs';
import { assertIntegrationProject } from './minio-context.js';

export const LDAP_BASE_DN = 'dc=min,dc=io';
export const LDAP_ADMIN_DN = `cn=admin,${LDAP_BASE_DN}`;
export const LDAP_ADMIN_PASSWORD = 'admin-secret-1';

/** One person under `ou=people`. */
export interface LdapUser {
  uid: string;
  password: string;
}

/** One `groupOfNames` under `ou=groups`, with members given by uid. */
export interface LdapGroup {
  cn: string;
  members: string[];
}

export interface RunningSlapd {
  /** `127.0.0.1:<port>`, the form MINIO_IDENTITY_LDAP_SERVER_ADDR takes. */
  address: string;
  url: string;
  /** The DN of a user, e.g. `uid=alice,ou=people,dc=min,dc=io`. */
  userDn(uid: string): string;
  groupDn(cn: string): string;
  /** The MINIO_IDENTITY_LDAP_* variables for a MinIO that uses this server. */
  minioEnv(): Record<string, string>;
  stop(): Promise<void>;
}

const SLAPD_CANDIDATES = ['/usr/sbin/slapd', '/usr/local/sbin/slapd', '/usr/local/libexec/slapd'];

/** Path of `slapd`, or undefined when it is not installed. */
export function findSlapd(): string | undefined {
  const found = SLAPD_CANDIDATES.find((p) => existsSync(p));
  if (found) return found;
  const which = spawnSync('sh', ['-c', 'command -v slapd'], { encoding: 'utf8' });
  return which.status === 0 ? which.stdout.trim() || undefined : undefined;
}

/** True when both slapd and ldapadd are available. */
export function hasSlapd(): boolean {
  return findSlapd() !== undefined && spawnSync('sh', ['-c', 'command -v ldapadd'], { stdio: 'ignore' }).status === 0;
}

function modulePath(): string | undefined {
  return ['/usr/lib/ldap', '/usr/lib64/openldap', '/usr/lib/openldap'].find((p) => existsSync(join(p, 'back_mdb.la')) || existsSync(join(p, 'back_mdb.so')));
}

function schemaDir(): string {
  return ['/etc/ldap/schema', '/etc/openldap/schema'].find((p) => existsSync(join(p, 'core.schema'))) ?? '/etc/ldap/schema';
}

function seedLdif(users: readonly LdapUser[], groups: readonly LdapGroup[]): string {
  const entries = [
    `dn: ${LDAP_BASE_DN}\nobjectClass: top\nobjectClass: dcObject\nobjectClass: organization\no: min.io\ndc: min`,
    `dn: ou=people,${LDAP_BASE_DN}\nobjectClass: organizationalUnit\nou: people`,
    `dn: ou=groups,${LDAP_BASE_DN}\nobjectClass: organizationalUnit\nou: groups`,
    ...users.map(
      (u) =>
        `dn: uid=${u.uid},ou=people,${LDAP_BASE_DN}\nobjectClass: inetOrgPerson\nuid: ${u.uid}\ncn: ${u.uid}\nsn: ${u.uid}\nuserPassword: ${u.password}`,
    ),
    ...groups.map(
      (g) =>
        `dn: cn=${g.cn},ou=groups,${LDAP_BASE_DN}\nobjectClass: groupOfNames\ncn: ${g.cn}\n` +
        g.members.map((m) => `member: uid=${m},ou=people,${LDAP_BASE_DN}`).join('\n'),
    ),
  ];
  return `${entries.join('\n\n')}\n`;
}

function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      if (child.exitCode !== null || child.signalCode !== null) {
        reject(new Error(`slapd exited (${child.signalCode ?? `code ${child.exitCode}`})`));
        return;
      }
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() - started > timeoutMs) reject(new Error(`slapd did not listen on 127.0.0.1:${port} within ${timeoutMs} ms`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

function run(command: string, args: string[], input: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
    child.stdin.end(input);
  });
}

/** Starts slapd on 127.0.0.1 and seeds it; `stop()` kills it and removes its files. */
export async function startSlapd(options: { users: readonly LdapUser[]; groups?: readonly LdapGroup[] }): Promise<RunningSlapd> {
  assertIntegrationProject('slapd');
  const slapd = findSlapd();
  if (!slapd) throw new Error('slapd is not installed (apt-get install slapd ldap-utils; see scripts/install-system-deps.sh)');
  const dir = await mkdtemp(join(tmpdir(), 'sts-creds-slapd-'));
  const dataDir = join(dir, 'data');
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const schemas = schemaDir();
  const modules = modulePath();
  const conf = [
    ...['core', 'cosine', 'nis', 'inetorgperson'].map((s) => `include ${join(schemas, `${s}.schema`)}`),
    `pidfile ${join(dir, 'slapd.pid')}`,
    `argsfile ${join(dir, 'slapd.args')}`,
    ...(modules ? [`modulepath ${modules}`, 'moduleload back_mdb'] : []),
    'database mdb',
    'maxsize 16777216',
    `suffix "${LDAP_BASE_DN}"`,
    `rootdn "${LDAP_ADMIN_DN}"`,
    `rootpw ${LDAP_ADMIN_PASSWORD}`,
    `directory ${dataDir}`,
    // Users bind with their own password; everyone may read everything else (a test directory).
    'access to attrs=userPassword by anonymous auth by self write by * none',
    'access to * by * read',
    '',
  ].join('\n');
  const confFile = join(dir, 'slapd.conf');
  await writeFile(confFile, conf);

  const logFile = join(dir, 'slapd.log');
  let lastError: unknown;
  for (let attempt = 0; attempt < 4; attempt++) {
    const port = await freePort();
    const url = `ldap://127.0.0.1:${port}`;
    const logFd = openSync(logFile, 'a');
    // -d 0: stay in the foreground (no daemon) so the test owns the process.
    const child = spawn(slapd, ['-d', '0', '-h', `${url}/`, '-f', confFile], { stdio: ['ignore', logFd, logFd] });
    closeSync(logFd);
    const killOnExit = (): void => {
      if (child.exitCode === null) child.kill('SIGKILL');
    };
    process.on('exit', killOnExit);
    const stop = async (): Promise<void> => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      process.off('exit', killOnExit);
      await rm(dir, { recursive: true, force: true });
    };
    try {
      await waitForPort(port, child, 15_000);
    } catch (error) {
      lastError = new Error(`${(error as Error).message}; slapd log:\n${tailFile(logFile)}`);
      if (child.exitCode === null) child.kill('SIGKILL');
      process.off('exit', killOnExit);
      continue;
    }
    const seeded = await run('ldapadd', ['-x', '-H', url, '-D', LDAP_ADMIN_DN, '-w', LDAP_ADMIN_PASSWORD], seedLdif(options.users, options.groups ?? []));
    if (seeded.code !== 0) {
      await stop();
      throw new Error(`ldapadd failed (exit ${seeded.code}): ${seeded.output}`);
    }
    const userDn = (uid: string): string => `uid=${uid},ou=people,${LDAP_BASE_DN}`;
    return {
      address: `127.0.0.1:${port}`,
      url,
      userDn,
      groupDn: (cn) => `cn=${cn},ou=groups,${LDAP_BASE_DN}`,
      minioEnv: () => ({
        MINIO_IDENTITY_LDAP_SERVER_ADDR: `127.0.0.1:${port}`,
        MINIO_IDENTITY_LDAP_SERVER_INSECURE: 'on',
        MINIO_IDENTITY_LDAP_LOOKUP_BIND_DN: LDAP_ADMIN_DN,
        MINIO_IDENTITY_LDAP_LOOKUP_BIND_PASSWORD: LDAP_ADMIN_PASSWORD,
        MINIO_IDENTITY_LDAP_USER_DN_SEARCH_BASE_DN: `ou=people,${LDAP_BASE_DN}`,
        MINIO_IDENTITY_LDAP_USER_DN_SEARCH_FILTER: '(uid=%s)',
        MINIO_IDENTITY_LDAP_GROUP_SEARCH_BASE_DN: `ou=groups,${LDAP_BASE_DN}`,
        MINIO_IDENTITY_LDAP_GROUP_SEARCH_FILTER: '(&(objectclass=groupOfNames)(member=%d))',
      }),
      stop,
    };
  }
  await rm(dir, { recursive: true, force: true });
  throw lastError;
}
