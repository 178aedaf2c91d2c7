import type { IncomingHttpHeaders } from 'node:http';

/** One HTTP exchange of the scripted browser. */
export interface Hop {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export declare function hop(url: string, options?: { method?: string; form?: Record<string, string>; cookies?: Map<string, string> }): Promise<Hop>;

export declare function signInWithBrowser(authorizationUrl: string, username: string, password: string): Promise<{ callbackUrl: string; page: Hop }>;
