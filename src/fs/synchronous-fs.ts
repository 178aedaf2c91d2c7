/**
 * promised-fs.ts's calls made synchronously, for the command's short runs that do one thing at a time
 * (the hot path, dist/cli/hot.js, and the code cache's loader, dist/cli/start.js): the same system
 * calls and errors, answered as settled promises, without starting libuv's thread pool or waiting a
 * turn of the event loop for each. scripts/build-cli.mjs serves this file where those bundles import
 * promised-fs.js (the `sync-fs` device); the library and main.js keep the asynchronous calls.
 */
// Named imports: a namespace import would copy every export of node:fs when the bundle starts.
import { closeSync, fchmodSync, fstatSync, fsyncSync, linkSync, lstatSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, readdirSync, realpathSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import type * as Promised from './promised-fs.js';

/** `fn`'s result as a settled promise: a throw becomes a rejection, as the callback API's error would. */
function settled<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (error) {
    return Promise.reject(error);
  }
}

function handleOf(fd: number): Promised.FileHandle {
  return {
    fd,
    stat: () => settled(() => fstatSync(fd)),
    read: (buffer, offset, length, position) => settled(() => ({ bytesRead: readSync(fd, buffer, offset, length, position) })),
    chmod: (mode) => settled(() => fchmodSync(fd, mode)),
    writeFile: (data) => settled(() => writeFileSync(fd, data)),
    sync: () => settled(() => fsyncSync(fd)),
    close: () => settled(() => closeSync(fd)),
  };
}

export const open: typeof Promised.open = (path, flags, mode) => settled(() => handleOf(openSync(path, flags, mode)));
export const lstat: typeof Promised.lstat = (path) => settled(() => lstatSync(path));
export const mkdir: typeof Promised.mkdir = (path, options) => settled(() => void mkdirSync(path, options));
export const readdir: typeof Promised.readdir = (path) => settled(() => readdirSync(path));
export const rename: typeof Promised.rename = (from, to) => settled(() => renameSync(from, to));
export const link: typeof Promised.link = (existing, path) => settled(() => linkSync(existing, path));
export const unlink: typeof Promised.unlink = (path) => settled(() => unlinkSync(path));
export const realpath: typeof Promised.realpath = (path) => settled(() => realpathSync(path));
export const mkdtemp: typeof Promised.mkdtemp = (prefix) => settled(() => mkdtempSync(prefix));
export const rm: typeof Promised.rm = (path) => settled(() => rmSync(path, { recursive: true, force: true }));
export const readFile: typeof Promised.readFile = (path) => settled(() => readFileSync(path));
