/**
 * The few file-system calls the project makes, as promises, over node:fs's callback API. They stand
 * in for node:fs/promises with the same names and shapes: loading that module costs every start of
 * the CLI about 2 ms (it brings readline, fs watchers and directory streams along), while node:fs is
 * loaded before any of our code runs. Same system calls, same thread pool, same errors.
 */
import * as fs from 'node:fs';

type Callback<T> = (error: NodeJS.ErrnoException | null, value: T) => void;

function promised<T>(start: (done: Callback<T>) => void): Promise<T> {
  return new Promise((resolve, reject) => start((error, value) => (error ? reject(error) : resolve(value))));
}

/** An open file: the part of node:fs/promises' `FileHandle` the project uses. */
export interface FileHandle {
  readonly fd: number;
  stat(): Promise<fs.Stats>;
  read(buffer: Uint8Array, offset: number, length: number, position: number | null): Promise<{ bytesRead: number }>;
  chmod(mode: number): Promise<void>;
  writeFile(data: string | Uint8Array): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

function handleOf(fd: number): FileHandle {
  return {
    fd,
    stat: () => promised<fs.Stats>((done) => fs.fstat(fd, done)),
    read: (buffer, offset, length, position) => promised<number>((done) => fs.read(fd, buffer, offset, length, position, done)).then((bytesRead) => ({ bytesRead })),
    chmod: (mode) => promised<void>((done) => fs.fchmod(fd, mode, (error) => done(error, undefined))),
    // With a descriptor, writeFile writes from the current position to the end of `data`.
    writeFile: (data) => promised<void>((done) => fs.writeFile(fd, data, (error) => done(error, undefined))),
    sync: () => promised<void>((done) => fs.fsync(fd, (error) => done(error, undefined))),
    close: () => promised<void>((done) => fs.close(fd, (error) => done(error, undefined))),
  };
}

/** Opens `path` (flags as for node:fs, `mode` for a file it creates). */
export function open(path: string, flags: string | number, mode?: number): Promise<FileHandle> {
  return promised<number>((done) => fs.open(path, flags, mode, done)).then(handleOf);
}

/** The whole content of the file at `path`. */
export function readFile(path: string): Promise<Buffer> {
  return promised((done) => fs.readFile(path, done));
}

export function lstat(path: string): Promise<fs.Stats> {
  return promised((done) => fs.lstat(path, done));
}

export function mkdir(path: string, options: fs.MakeDirectoryOptions): Promise<void> {
  return promised((done) => fs.mkdir(path, options, (error) => done(error, undefined)));
}

export function readdir(path: string): Promise<string[]> {
  return promised((done) => fs.readdir(path, done));
}

export function rename(from: string, to: string): Promise<void> {
  return promised((done) => fs.rename(from, to, (error) => done(error, undefined)));
}

export function link(existing: string, path: string): Promise<void> {
  return promised((done) => fs.link(existing, path, (error) => done(error, undefined)));
}

export function unlink(path: string): Promise<void> {
  return promised((done) => fs.unlink(path, (error) => done(error, undefined)));
}

/** The canonical absolute path: every link and `..` resolved. */
export function realpath(path: string): Promise<string> {
  return promised((done) => fs.realpath(path, done));
}

/** Creates a new directory (mode 0700) named `prefix` plus six random characters. */
export function mkdtemp(prefix: string): Promise<string> {
  return promised((done) => fs.mkdtemp(prefix, done));
}

/** Removes `path` and everything below it; nothing when it is gone already. */
export function rm(path: string): Promise<void> {
  return promised((done) => fs.rm(path, { recursive: true, force: true }, (error) => done(error, undefined)));
}
