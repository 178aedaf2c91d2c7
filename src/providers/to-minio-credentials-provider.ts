import { StsValidationError } from '../errors.js';

/**
 * What minio-js's `Credentials` and `CredentialProvider` constructors take.
 *
 * @example
 * ```ts
 * const init: MinioCredentialsInit = { accessKey: 'AK', secretKey: 'SK', sessionToken: 'TOKEN' };
 * ```
 */
export interface MinioCredentialsInit {
  accessKey: string;
  secretKey: string;
  sessionToken?: string;
}

/**
 * The public surface of a minio-js `Credentials` object: what minio's `Client` reads before each request.
 *
 * @example
 * ```ts
 * const creds: MinioCredentialsLike = await credentialsProvider.getCredentials();
 * creds.getSessionToken();
 * ```
 */
export interface MinioCredentialsLike {
  getAccessKey(): string;
  getSecretKey(): string;
  getSessionToken(): string | undefined;
}

/**
 * minio-js classes the adapter builds on, from your own copy of minio. minio 8 does not export them from its
 * package root; import them from `minio/dist/esm/CredentialProvider.mjs` and `minio/dist/esm/Credentials.mjs`
 * (or `minio/dist/main/CredentialProvider.js` and `minio/dist/main/Credentials.js` under CommonJS).
 *
 * They are passed in rather than imported so that minio stays an optional peer, and so that the result is a
 * real subclass of *your* `CredentialProvider`: minio checks `instanceof CredentialProvider` in
 * `Client#setCredentialsProvider`, and its TypeScript type has a private member, so nothing else type-checks.
 *
 * TypeScript and ESM: minio 8's root `types` describe its CommonJS build, whose `CredentialProvider` is a
 * different type from the ESM one. Import `Client` from `minio/dist/esm/minio.mjs` as well (at run time it is
 * the very module `minio` resolves to), and the types line up.
 *
 * @example
 * ```ts
 * import { CredentialProvider } from 'minio/dist/esm/CredentialProvider.mjs';
 * import { Credentials } from 'minio/dist/esm/Credentials.mjs';
 * const classes: MinioCredentialClasses<CredentialProvider, Credentials> = { CredentialProvider, Credentials };
 * ```
 */
export interface MinioCredentialClasses<P extends object, C extends MinioCredentialsLike = MinioCredentialsLike> {
  /** minio's `CredentialProvider` class. */
  CredentialProvider: new (init: MinioCredentialsInit) => P;
  /**
   * minio's `Credentials` class. When given, `getCredentials()` returns instances of it; otherwise it returns
   * small objects with the same getters (all minio's `Client` uses).
   */
  Credentials?: (new (init: MinioCredentialsInit) => C) | undefined;
}

/**
 * Any AWS-style credential provider, such as one from {@link fromAssumeRole} or {@link fromCustomToken}, or
 * one of the AWS SDK's own (`fromIni()`, `fromEnv()`, ...).
 *
 * @example
 * ```ts
 * const fixed: AwsStyleCredentialSource = async () => ({ accessKeyId: 'AK', secretAccessKey: 'SK' });
 * ```
 */
export type AwsStyleCredentialSource = () => Promise<{
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string | undefined;
}>;

/** The slice of minio-js's `CredentialProvider` the adapter overrides. */
type MinioProviderBase = new (init: MinioCredentialsInit) => {
  getCredentials(): Promise<unknown>;
  getAccessKey(): string;
  getSecretKey(): string;
  getSessionToken(): string | undefined;
};

/** Used when the caller passes no `Credentials` class: the getters minio's `Client` calls, nothing more. */
class CredentialsSnapshot implements MinioCredentialsLike {
  readonly accessKey: string;
  readonly secretKey: string;
  readonly sessionToken: string | undefined;
  constructor(init: MinioCredentialsInit) {
    this.accessKey = init.accessKey;
    this.secretKey = init.secretKey;
    this.sessionToken = init.sessionToken;
  }
  getAccessKey(): string {
    return this.accessKey;
  }
  getSecretKey(): string {
    return this.secretKey;
  }
  getSessionToken(): string | undefined {
    return this.sessionToken;
  }
  get(): this {
    return this;
  }
}

/**
 * Adapts an AWS-style credential provider to minio-js 8, which asks its `credentialsProvider` for credentials
 * before every request. The result is an instance of a subclass of your `CredentialProvider` whose
 * `getCredentials()` asks `source` each time (cheap while `source` serves cached credentials) and builds a new
 * minio credentials object only when `source` hands out a new credential set.
 *
 * @example
 * ```ts
 * import { Client } from 'minio/dist/esm/minio.mjs'; // plain `'minio'` is fine in JavaScript
 * import { CredentialProvider } from 'minio/dist/esm/CredentialProvider.mjs';
 * import { fromAssumeRole, toMinioCredentialsProvider } from 'sts-creds';
 *
 * const credentials = fromAssumeRole({
 *   endpoint: 'http://localhost:9000',
 *   credentials: { accessKeyId: 'foobar', secretAccessKey: 'foo12345' },
 * });
 * const minio = new Client({
 *   endPoint: 'localhost',
 *   port: 9000,
 *   useSSL: false,
 *   credentialsProvider: toMinioCredentialsProvider(credentials, { CredentialProvider }),
 * });
 * await minio.listBuckets();
 * await credentials.close();
 * ```
 * @throws {@link StsValidationError} when `source` is not a function or `classes.CredentialProvider` is missing
 */
export function toMinioCredentialsProvider<P extends object, C extends MinioCredentialsLike = MinioCredentialsLike>(
  source: AwsStyleCredentialSource,
  classes: MinioCredentialClasses<P, C>,
): P {
  if (typeof source !== 'function') throw new StsValidationError('source must be a credential provider function', { field: 'source' });
  if (typeof classes?.CredentialProvider !== 'function') {
    throw new StsValidationError("pass minio's class: toMinioCredentialsProvider(provider, { CredentialProvider })", { field: 'CredentialProvider' });
  }
  if (classes.Credentials !== undefined && typeof classes.Credentials !== 'function') {
    throw new StsValidationError("Credentials must be minio's Credentials class", { field: 'Credentials' });
  }
  const Credentials: new (init: MinioCredentialsInit) => MinioCredentialsLike = classes.Credentials ?? CredentialsSnapshot;
  const Base = classes.CredentialProvider as unknown as MinioProviderBase;

  class SourceBackedCredentialProvider extends Base {
    #lastSource: object | undefined;
    #last: MinioCredentialsLike | undefined;

    override async getCredentials(): Promise<MinioCredentialsLike> {
      const next = await source();
      if (next !== this.#lastSource || this.#last === undefined) {
        const init: MinioCredentialsInit = { accessKey: next.accessKeyId, secretKey: next.secretAccessKey };
        if (next.sessionToken !== undefined) init.sessionToken = next.sessionToken;
        this.#last = new Credentials(init);
        this.#lastSource = next;
      }
      return this.#last;
    }

    // The base class's getters would report the empty placeholder it was constructed with.
    override getAccessKey(): string {
      return this.#last?.getAccessKey() ?? '';
    }
    override getSecretKey(): string {
      return this.#last?.getSecretKey() ?? '';
    }
    override getSessionToken(): string | undefined {
      return this.#last?.getSessionToken();
    }
  }

  return new SourceBackedCredentialProvider({ accessKey: '', secretKey: '' }) as unknown as P;
}
