/**
 * src/fs/synchronous-fs.ts (what dist/cli/hot.js and start.js get in place of promised-fs.ts) answers
 * as promised-fs.ts does: the same values, and the same errors as rejections.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as promised from '../../src/fs/promised-fs.js';
import * as synchronous from '../../src/fs/synchronous-fs.js';
import { useTempDirs } from '../helpers/temp-dirs.js';

const makeTempDir = useTempDirs('synchronous-fs');

/** What a call settles to, errors by code. */
async function outcome<T>(call: () => Promise<T>): Promise<{ value: T } | { error: string | undefined }> {
  try {
    return { value: await call() };
  } catch (error) {
    return { error: (error as { code?: string }).code };
  }
}

describe('synchronous-fs settles as promised-fs', () => {
  it('exports the same calls', () => {
    expect(Object.keys(synchronous).sort()).toEqual(Object.keys(promised).sort());
  });

  it.each(['promised', 'synchronous'] as const)('%s: a file read through a handle, stat, links, renames, directories and errors', async (which) => {
    const fs = which === 'promised' ? promised : synchronous;
    const dir = makeTempDir();
    const file = join(dir, 'f');
    writeFileSync(file, 'hello');
    const handle = await fs.open(file, 'r');
    const buffer = Buffer.alloc(16);
    expect(await handle.read(buffer, 0, 16, null)).toEqual({ bytesRead: 5 });
    expect((await handle.stat()).size).toBe(5);
    await handle.close();
    expect(await outcome(() => fs.open(join(dir, 'missing'), 'r'))).toEqual({ error: 'ENOENT' });
    expect((await fs.lstat(file)).isFile()).toBe(true);
    expect(await outcome(() => fs.lstat(join(dir, 'missing')))).toEqual({ error: 'ENOENT' });
    await fs.mkdir(join(dir, 'd'), { mode: 0o700 });
    expect(await outcome(() => fs.mkdir(join(dir, 'd'), { mode: 0o700 }))).toEqual({ error: 'EEXIST' });
    await fs.link(file, join(dir, 'g'));
    await fs.rename(join(dir, 'g'), join(dir, 'h'));
    expect((await fs.readdir(dir)).sort()).toEqual(['d', 'f', 'h']);
    await fs.unlink(join(dir, 'h'));
    expect(await fs.realpath(join(dir, 'd', '..', 'f'))).toBe(await promised.realpath(file));
    const temp = await fs.mkdtemp(join(dir, 't-'));
    await fs.rm(temp);
    await fs.rm(temp);
    const written = await fs.open(join(dir, 'w'), 'wx', 0o600);
    await written.writeFile('data');
    await written.chmod(0o640);
    await written.sync();
    await written.close();
    expect((await fs.lstat(join(dir, 'w'))).mode & 0o777).toBe(0o640);
    expect((await fs.readdir(dir)).sort()).toEqual(['d', 'f', 'w']);
  });
});
