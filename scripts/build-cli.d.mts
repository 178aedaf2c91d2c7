/** Types for build-cli.mjs (plain JS so it runs without a build). */
import type { Metafile, Plugin } from 'esbuild';

/** undici exports the CLI bundle may use, and the file of undici (relative to its package) each one lives in. */
export declare const UNDICI_PARTS: Readonly<Record<string, string>>;

/** The bundle's start-up devices by name: esbuild plugins, and `code-cache` (start.js itself; no plugin). */
export declare const DEVICES: Readonly<Record<'undici-subset' | 'no-http2' | 'lazy-child-process' | 'chalk-without-detection' | 'lazy-crypto', Plugin> & { 'code-cache': undefined }>;

/** Bundles the CLI into `outDir` (default dist/cli/), leaving out the devices named in `without`. */
export declare function buildCli(options?: { outDir?: string; without?: readonly string[] }): Promise<Pick<Metafile, 'outputs'>>;

/** One line per output file of a build: its size and the packages that make it up (`--analyze`). */
export declare function describe(metafile: Pick<Metafile, 'outputs'>): string;

/** The options both build scripts take on their command line: `--out DIR`, `--without NAME[,NAME]`. */
export declare function buildOptions(argv: readonly string[]): { out: string | undefined; without: string[] };
