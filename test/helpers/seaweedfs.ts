/**
 * A SeaweedFS for a test file: the project's OpenID issuer (test/helpers/oidc-issuer.ts) and, when
 * slapd is installed, its LDAP server (test/helpers/slapd.ts) are started first, then `weed server`
 * (scripts/seaweedfs.mjs) with an S3 identity that may sign AssumeRole, two roles whose trust policies
 * admit that identity, the issuer's tokens and the LDAP user, and one role that trusts nobody here.
 *
 * The binary comes from the integration project's global setup (`inject('seaweedfs')`), which builds
 * it before any test runs; without Go the tests skip outside CI and fail under CI, as MinIO's do.
 *
 * @example
 * ```ts
 * const seaweed = useSeaweedfs();
 * it('works', async () => {
 *   const { endpoint, roles } = seaweed();
 * });
 * ```
 */
import { afterAll, beforeAll, beforeEach, inject } from 'vitest';
import { startSeaweedfs } from '../../scripts/seaweedfs.mjs';
import { showMinioLogOnFailure } from './minio-context.js';
import { startOidcIssuer, type RunningIssuer } from './oidc-issuer.js';
import { hasSlapd, LDAP_ADMIN_DN, LDAP_ADMIN_PASSWORD, LDAP_BASE_DN, startSlapd, type RunningSlapd } from './slapd.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The pinned `weed` binary; `null` when Go is missing outside CI (the SeaweedFS tests skip). */
    seaweedfs: { weedPath: string } | null;
  }
}

/** The account id the STS config names; every ARN below is in it. */
export const SEAWEED_ACCOUNT = '000000000000';
/** The OpenID provider's name in SeaweedFS's IAM config (web-identity trust policies name it as `Federated`). */
const OIDC_PROVIDER = 'local-oidc';
/** The `aud` SeaweedFS's OpenID provider accepts. */
export const SEAWEED_CLIENT_ID = 'sts-creds-seaweed';

const roleArn = (name: string): string => `arn:aws:iam::${SEAWEED_ACCOUNT}:role/${name}`;
const userArn = (name: string): string => `arn:aws:iam::${SEAWEED_ACCOUNT}:user/${name}`;

/** Everything a test needs to talk to the SeaweedFS this helper started. */
export interface SeaweedEnv {
  /** The S3 (and STS) endpoint, `http://127.0.0.1:<port>`. */
  endpoint: string;
  /** A static S3 identity with Admin rights: signs AssumeRole, creates buckets. */
  admin: { accessKeyId: string; secretAccessKey: string; name: string };
  roles: {
    /** s3:* on every bucket; trusted by the admin identity, the issuer's tokens and the LDAP user. */
    writer: string;
    /** Read and list only; trusted by the same principals. */
    reader: string;
    /** Trusts a principal that does not exist: every assume call is refused. */
    untrusted: string;
  };
  issuer: RunningIssuer;
  /** An RS256 ID token for {@link SEAWEED_CLIENT_ID}, `sub` `alice-subject`, valid `ttlSeconds` (default 3600). */
  idToken(overrides?: Record<string, unknown>, ttlSeconds?: number): string;
  /** The LDAP user and password, or undefined when slapd is not installed (outside CI). */
  ldap: { user: string; password: string } | undefined;
  logFile: string;
}

const ADMIN = { name: 'stsadmin', accessKeyId: 'SEAWEEDADMINKEY00001', secretAccessKey: 'seaweed-admin-secret-key-0001' };
const LDAP_USER = { uid: 'alice', password: 'alice-ldap-pw-1' };

function trustPolicy(): object {
  return {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { AWS: [userArn(ADMIN.name), userArn(LDAP_USER.uid)] }, Action: ['sts:AssumeRole'] },
      { Effect: 'Allow', Principal: { Federated: OIDC_PROVIDER }, Action: ['sts:AssumeRoleWithWebIdentity'] },
    ],
  };
}

/** The `-s3.iam.config` document. */
function iamConfig(issuer: RunningIssuer, slapd: RunningSlapd | undefined): object {
  return {
    sts: {
      tokenDuration: '1h',
      maxSessionLength: '12h',
      issuer: 'seaweedfs-sts',
      accountId: SEAWEED_ACCOUNT,
      // SeaweedFS signs its session tokens with this (base64 of a 32-byte test key).
      signingKey: Buffer.from('sts-creds-seaweedfs-test-key-32b').toString('base64'),
    },
    policy: { defaultEffect: 'Deny', storeType: 'memory' },
    providers: [
      { name: OIDC_PROVIDER, type: 'oidc', enabled: true, config: { issuer: issuer.issuer, clientId: SEAWEED_CLIENT_ID, jwksUri: `${issuer.issuer}/jwks` } },
      ...(slapd
        ? [
            {
              name: 'local-ldap',
              type: 'ldap',
              enabled: true,
              config: {
                server: slapd.url,
                bindDN: LDAP_ADMIN_DN,
                bindPassword: LDAP_ADMIN_PASSWORD,
                baseDN: `ou=people,${LDAP_BASE_DN}`,
                userFilter: '(uid=%s)',
                groupBaseDN: `ou=groups,${LDAP_BASE_DN}`,
                groupFilter: '(member=%s)',
              },
            },
          ]
        : []),
    ],
    policies: [
      {
        name: 'S3Write',
        document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:*'], Resource: ['arn:aws:s3:::*', 'arn:aws:s3:::*/*'] }] },
      },
      {
        name: 'S3Read',
        document: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket', 's3:ListAllMyBuckets'], Resource: ['arn:aws:s3:::*', 'arn:aws:s3:::*/*'] }],
        },
      },
    ],
    roles: [
      { roleName: 'writer', roleArn: roleArn('writer'), attachedPolicies: ['S3Write'], trustPolicy: trustPolicy() },
      { roleName: 'reader', roleArn: roleArn('reader'), attachedPolicies: ['S3Read'], trustPolicy: trustPolicy() },
      {
        roleName: 'untrusted',
        roleArn: roleArn('untrusted'),
        attachedPolicies: ['S3Write'],
        trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: userArn('nobody') }, Action: ['sts:AssumeRole'] }] },
      },
    ],
  };
}

/** The `-s3.config` document: one static identity with every S3 right. */
function s3Config(): object {
  return {
    identities: [
      {
        name: ADMIN.name,
        credentials: [{ accessKey: ADMIN.accessKeyId, secretKey: ADMIN.secretAccessKey }],
        actions: ['Admin', 'Read', 'List', 'Tagging', 'Write'],
      },
    ],
  };
}

const SKIP_REASON = 'SeaweedFS not available (Go is not installed); see the warning printed at startup';

/** True when tests that need slapd must skip (outside CI only; under CI slapd is installed, and its absence fails). */
function slapdMissing(): boolean {
  if (hasSlapd()) return false;
  if (process.env.CI) throw new Error('CI is set, so the SeaweedFS LDAP tests may not be skipped: slapd is not installed (run scripts/install-system-deps.sh)');
  return true;
}

/**
 * Call at file level: starts the issuer, slapd (when installed) and SeaweedFS in `beforeAll`, stops
 * them in `afterAll`, skips each test when the binary is unavailable, and prints the tail of weed's log
 * when a test fails. Returns a getter for the environment.
 */
export function useSeaweedfs(): SeaweedGetter {
  const provided = inject('seaweedfs') as { weedPath: string } | null | undefined;
  if (provided === undefined) throw new Error('this test needs SeaweedFS, which only the `integration` project provides: name the file *.integ.test.ts');
  let env: SeaweedEnv | undefined;
  let stopAll: (() => Promise<void>) | undefined;
  let logFile: string | undefined;

  beforeAll(async () => {
    if (!provided) return;
    const issuer = await startOidcIssuer();
    let slapd: RunningSlapd | undefined;
    // eslint-disable-next-line prefer-const -- assigned once, after stopAll (defined first so a failed start still stops what started) closes over it
    let weed: Awaited<ReturnType<typeof startSeaweedfs>> | undefined;
    stopAll = async () => {
      await weed?.stop({ keepDir: Boolean(process.env.STS_CREDS_KEEP_MINIO_DIR) });
      await slapd?.stop();
      await issuer.stop();
    };
    if (!slapdMissing()) slapd = await startSlapd({ users: [LDAP_USER], groups: [{ cn: 'readers', members: [LDAP_USER.uid] }] });
    weed = await startSeaweedfs({ weedPath: provided.weedPath, s3Config: s3Config(), iamConfig: iamConfig(issuer, slapd) });
    logFile = weed.logFile;
    const now = (): number => Math.floor(Date.now() / 1000);
    env = {
      endpoint: weed.endpoint,
      admin: ADMIN,
      roles: { writer: roleArn('writer'), reader: roleArn('reader'), untrusted: roleArn('untrusted') },
      issuer,
      idToken: (overrides = {}, ttlSeconds = 3600) => issuer.token({ sub: 'alice-subject', aud: SEAWEED_CLIENT_ID, exp: now() + ttlSeconds, ...overrides }),
      ldap: slapd ? { user: LDAP_USER.uid, password: LDAP_USER.password } : undefined,
      logFile: weed.logFile,
    };
  }, 180_000);

  afterAll(async () => {
    await stopAll?.();
  }, 30_000);

  beforeEach((ctx) => {
    if (!provided) ctx.skip(SKIP_REASON);
  });
  showMinioLogOnFailure('SeaweedFS', () => (logFile ? { logFile } : undefined));

  const get = (): SeaweedEnv => {
    if (!env) throw new Error(provided ? 'SeaweedFS did not start (see beforeAll)' : SKIP_REASON);
    return env;
  };
  return Object.assign(get, { available: provided !== null });
}

/** Returns the environment; `available` is false when the tests will skip. */
export interface SeaweedGetter {
  (): SeaweedEnv;
  readonly available: boolean;
}
