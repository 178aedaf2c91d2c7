// A real browser for the sign-in tests: Debian's Chromium, headless, driven by playwright-core (never a
// downloaded browser). It opens an authorization URL, signs in on the provider's login page (zitadel/oidc's
// example page: #username, #password, a submit button) and waits until the provider has sent it to the
// loopback callback and that page has loaded. It is used in-process, and as `$BROWSER` for the CLI:
//
//   BROWSER="node test/helpers/headless-browser.mjs" with SCRIPTED_BROWSER_USER, SCRIPTED_BROWSER_PASSWORD
//   (and optionally SCRIPTED_BROWSER_LOG) in the environment.

import { appendFileSync, existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** Where Debian's chromium package puts the browser. */
export const CHROMIUM = '/usr/bin/chromium';

/** Flags for a quiet, local-only headless Chromium. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** True when the browser is installed (scripts/install-system-deps.sh installs it). */
export function hasChromium() {
  return existsSync(CHROMIUM);
}

/**
 * Signs in through Chromium and returns the callback page's URL and text.
 * @param {string} authorizationUrl
 * @param {string} username
 * @param {string} password
 * @returns {Promise<{ callbackUrl: string, text: string }>}
 */
export async function signInWithChromium(authorizationUrl, username, password) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    // Only loopback: anything else the page asks for is refused.
    await page.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort()));
    await page.goto(authorizationUrl);
    await page.fill('#username', username);
    await page.fill('#password', password);
    await Promise.all([page.waitForURL((url) => url.pathname === '/callback', { timeout: 20_000 }), page.click('button[type=submit]')]);
    return { callbackUrl: page.url(), text: (await page.textContent('body')) ?? '' };
  } finally {
    await browser.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const log = process.env.SCRIPTED_BROWSER_LOG;
  try {
    const { callbackUrl, text } = await signInWithChromium(process.argv[2], process.env.SCRIPTED_BROWSER_USER ?? '', process.env.SCRIPTED_BROWSER_PASSWORD ?? '');
    if (log) appendFileSync(log, `chromium at ${new URL(callbackUrl).pathname}: ${text.trim()}\n`);
  } catch (error) {
    if (log) appendFileSync(log, `chromium failed: ${error.message}\n`);
    process.exitCode = 1;
  }
}
