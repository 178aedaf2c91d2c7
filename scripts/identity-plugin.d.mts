/** Types for identity-plugin.mjs. */

/** What the plugin answers for one token. */
export type PluginTokenEntry =
  | { user: string; maxValiditySeconds?: number; claims?: Record<string, unknown> }
  | { /** Refuse with 403 `{"reason": "token rejected: <reject>"}`. */ reject: string };

export interface IdentityPluginOptions {
  tokens: Record<string, PluginTokenEntry>;
  /** When set, the exact `Authorization` header value required (MinIO sends `MINIO_IDENTITY_PLUGIN_AUTH_TOKEN` verbatim). */
  authToken?: string;
}

/** One request MinIO made (tokens are not recorded). */
export interface PluginCall {
  method: string;
  kind: 'init' | 'verify' | 'health' | 'other';
  status: number;
  user?: string;
}

export interface RunningIdentityPlugin {
  /** e.g. `http://127.0.0.1:41234/`; use as `MINIO_IDENTITY_PLUGIN_URL`. */
  url: string;
  calls: PluginCall[];
  stop(): Promise<void>;
}

/** Starts a MinIO identity management plugin on 127.0.0.1, port 0. */
export declare function startIdentityPlugin(options: IdentityPluginOptions): Promise<RunningIdentityPlugin>;
