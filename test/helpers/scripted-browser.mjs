// A person at a browser, scripted: opens an authorization URL, follows the OpenID provider's redirects to its
// login page, signs in with the form, and follows the redirects back to the loopback callback, which it visits
// too, as a browser would. It visits 127.0.0.1 only. Used in-process by the tests, and as `$BROWSER` for the CLI:
//
//   BROWSER="node test/helpers/scripted-browser.mjs" with SCRIPTED_BROWSER_USER, SCRIPTED_BROWSER_PASSWORD
//   (and optionally SCRIPTED_BROWSER_LOG, a file for what went wrong) in the environment.

import { appendFileSync } from 'node:fs';
import { request } from 'node:http';
import { pathToFileURL } from 'node:url';

/** One HTTP exchange: never follows redirects; keeps cookies in `cookies` by hand. */
export function hop(url, options = {}) {
  const target = new URL(url);
  if (target.hostname !== '127.0.0.1') return Promise.reject(new Error(`the scripted browser only visits 127.0.0.1, not ${target.host}`));
  const body = options.form ? new URLSearchParams(options.form).toString() : undefined;
  const headers = {};
  if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
  if (options.cookies?.size) headers.cookie = [...options.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return new Promise((resolve, reject) => {
    const req = request(target, { method: options.method ?? (body === undefined ? 'GET' : 'POST'), headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => {
        for (const line of res.headers['set-cookie'] ?? []) {
          const [pair] = line.split(';');
          const eq = pair.indexOf('=');
          if (eq > 0) options.cookies?.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Signs in at the provider whose login pages the authorization URL leads to (zitadel/oidc's example pages).
 * @returns the callback URL the provider sent the browser to, and the page the callback answered
 */
export async function signInWithBrowser(authorizationUrl, username, password) {
  const origin = new URL(authorizationUrl).origin;
  const cookies = new Map();
  let url = authorizationUrl;
  let signedIn = false;
  for (let step = 0; step < 12; step++) {
    if (new URL(url).origin !== origin) return { callbackUrl: url, page: await hop(url) };
    const res = await hop(url, { cookies });
    if (res.status >= 300 && res.status < 400 && res.headers.location) {
      url = new URL(res.headers.location, url).href;
      continue;
    }
    const id = /name="id" value="([^"]+)"/.exec(res.body)?.[1];
    if (res.status === 200 && id && !signedIn) {
      signedIn = true;
      const posted = await hop(new URL('/login/username', origin).href, { cookies, form: { id, username, password } });
      if (!(posted.status >= 300 && posted.status < 400 && posted.headers.location)) throw new Error(`login form answered HTTP ${posted.status}: ${posted.body.slice(0, 300)}`);
      url = new URL(posted.headers.location, origin).href;
      continue;
    }
    throw new Error(`unexpected answer from ${url}: HTTP ${res.status} ${res.body.slice(0, 300)}`);
  }
  throw new Error('too many redirects');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const log = process.env.SCRIPTED_BROWSER_LOG;
  try {
    const { callbackUrl, page } = await signInWithBrowser(process.argv[2], process.env.SCRIPTED_BROWSER_USER ?? '', process.env.SCRIPTED_BROWSER_PASSWORD ?? '');
    if (log) appendFileSync(log, `visited ${new URL(callbackUrl).origin}${new URL(callbackUrl).pathname}: HTTP ${page.status}\n`);
  } catch (error) {
    if (log) appendFileSync(log, `failed: ${error.message}\n`);
    process.exitCode = 1;
  }
}
