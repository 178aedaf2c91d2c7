import { createHash, createHmac, hash } from 'node:crypto';

type SourceData = string | ArrayBuffer | ArrayBufferView;

/** A SHA-256 or HMAC-SHA-256 checksum, in the shape @smithy/signature-v4 takes as its `sha256` option. */
export interface Sha256Checksum {
  update(data: SourceData): void;
  digest(): Promise<Uint8Array>;
  reset(): void;
}

/** The constructor @smithy/signature-v4 calls: without a secret for SHA-256, with one for HMAC-SHA-256. */
export type Sha256Constructor = new (secret?: SourceData) => Sha256Checksum;

function toBytes(data: SourceData): string | Uint8Array {
  if (typeof data === 'string') return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}

function sameBytes(a: Uint8Array, b: string | Uint8Array): boolean {
  if (typeof b === 'string' || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * A checksum constructor for one signer, backed by node:crypto (no JS hashing).
 *
 * To find its signing-key cache entry, @smithy/signature-v4 computes HMAC(secret access key, access key id)
 * on every request: the same value each time for a signer bound to one set of credentials, and a third of the
 * hashing a request costs. This constructor remembers the last HMAC it computed under a string key (only the
 * secret access key, or `AWS4` + it, is ever a string key) and answers that one again without recomputing.
 * Give each signer its own constructor, so nothing is remembered across credentials.
 */
export function nodeSha256(): Sha256Constructor {
  let remembered: { key: string; data: Uint8Array; digest: Buffer } | undefined;
  return class NodeSha256 implements Sha256Checksum {
    readonly #secret: string | Uint8Array | undefined;
    #parts: (string | Uint8Array)[] = [];

    constructor(secret?: SourceData) {
      this.#secret = secret === undefined ? undefined : toBytes(secret);
    }

    update(data: SourceData): void {
      this.#parts.push(toBytes(data));
    }

    digest(): Promise<Uint8Array> {
      return Promise.resolve(this.#digest());
    }

    reset(): void {
      this.#parts = [];
    }

    #digest(): Uint8Array {
      const secret = this.#secret;
      const parts = this.#parts;
      if (secret === undefined) {
        const sha = createHash('sha256');
        for (const part of parts) sha.update(part);
        return sha.digest();
      }
      const part = parts.length === 1 ? parts[0]! : undefined;
      if (typeof secret === 'string' && part !== undefined && remembered?.key === secret && sameBytes(remembered.data, part)) {
        return Buffer.from(remembered.digest);
      }
      const mac = createHmac('sha256', secret);
      for (const p of parts) mac.update(p);
      const digest = mac.digest();
      if (typeof secret === 'string' && part !== undefined) {
        remembered = { key: secret, data: typeof part === 'string' ? Buffer.from(part) : Uint8Array.from(part), digest: Buffer.from(digest) };
      }
      return digest;
    }
  };
}

/** Hex SHA-256 of a string or bytes. */
export function sha256Hex(data: string | Uint8Array): string {
  return hash('sha256', data, 'hex');
}
