/** Types for build-lib.mjs (plain JS so it runs without a build). */
import type { Metafile } from 'esbuild';

/** The CLI's start-up devices the library bundle uses too. */
export declare const LIB_DEVICES: readonly ['undici-subset', 'no-http2'];

/** Bundles the library into `outDir` (default dist/): index.js and keyring-child.js. */
export declare function buildLib(options?: { outDir?: string; without?: readonly string[]; minify?: boolean }): Promise<Pick<Metafile, 'outputs'>>;
