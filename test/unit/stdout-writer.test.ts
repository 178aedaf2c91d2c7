/**
 * The CLI's standard output (src/cli/io.ts): written to descriptor 1 directly, partial writes
 * continued, a gone reader (EPIPE) quiet, other failures reported once at the end, and a full
 * non-blocking descriptor (EAGAIN) handed over to a stream that waits.
 */
import { describe, expect, it } from 'vitest';
import { CliOutputError, descriptorStdout } from '../../src/cli/io.js';

const errno = (code: string): Error => Object.assign(new Error(code), { code });

/** A descriptor that takes at most `chunk` bytes per write, then throws `then` once `limit` bytes are in. */
function descriptor(chunk: number, limit = Infinity, then = 'EAGAIN'): { written: Buffer[]; write: (bytes: Buffer) => number } {
  const written: Buffer[] = [];
  let total = 0;
  return {
    written,
    write: (bytes) => {
      if (total >= limit) throw errno(then);
      const n = Math.min(chunk, bytes.length, limit - total);
      written.push(Buffer.from(bytes.subarray(0, n)));
      total += n;
      return n;
    },
  };
}

/** A stream that records what it was given and calls back with `error`. */
function stream(error: Error | null = null): { got: string[]; write: (chunk: string | Uint8Array, cb: (e: Error | null) => void) => boolean; on: () => unknown } {
  const got: string[] = [];
  return {
    got,
    write: (chunk, cb) => {
      got.push(Buffer.from(chunk).toString('utf8'));
      queueMicrotask(() => cb(error));
      return true;
    },
    on: () => undefined,
  };
}

describe('descriptorStdout', () => {
  it('writes everything, continuing after partial writes, multi-byte characters intact', async () => {
    const fd = descriptor(3);
    const out = descriptorStdout(fd.write, () => {
      throw new Error('no stream needed');
    });
    out.write('héllo, wörld ✓\n');
    out.write('second\n');
    await out.finish();
    expect(Buffer.concat(fd.written).toString('utf8')).toBe('héllo, wörld ✓\nsecond\n');
  });

  it('a reader that went away (EPIPE) ends the output quietly: nothing more is written, finish resolves', async () => {
    const fd = descriptor(100, 4, 'EPIPE');
    const out = descriptorStdout(fd.write);
    out.write('abcdefgh');
    out.write('more');
    await expect(out.finish()).resolves.toBeUndefined();
    expect(Buffer.concat(fd.written).toString()).toBe('abcd');
  });

  it('another failure (a full disk) is reported by finish as a CliOutputError naming the code, once', async () => {
    const fd = descriptor(100, 0, 'ENOSPC');
    const out = descriptorStdout(fd.write);
    out.write('abc');
    out.write('def');
    const error = await out.finish().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliOutputError);
    expect((error as Error).message).toBe('cannot write to standard output: ENOSPC');
  });

  it('a full non-blocking descriptor (EAGAIN) hands the rest, and what follows, to the stream, and finish waits for it', async () => {
    const fd = descriptor(2, 4, 'EAGAIN');
    const s = stream();
    const out = descriptorStdout(fd.write, () => s as never);
    out.write('abcdefg');
    out.write('hij');
    await out.finish();
    expect(Buffer.concat(fd.written).toString()).toBe('abcd');
    expect(s.got.join('')).toBe('efghij');
  });

  it('after EAGAIN, a write error of the stream is reported (EPIPE stays quiet)', async () => {
    const failing = descriptorStdout(descriptor(1, 0).write, () => stream(errno('EIO')) as never);
    failing.write('x');
    await expect(failing.finish()).rejects.toThrow('cannot write to standard output: EIO');
    const gone = descriptorStdout(descriptor(1, 0).write, () => stream(errno('EPIPE')) as never);
    gone.write('x');
    await expect(gone.finish()).resolves.toBeUndefined();
  });
});
