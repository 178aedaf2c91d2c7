/** Where Debian's chromium package puts the browser. */
export declare const CHROMIUM: string;
/** True when the browser is installed. */
export declare function hasChromium(): boolean;
/** Signs in through headless Chromium; resolves once the loopback callback page has loaded. */
export declare function signInWithChromium(authorizationUrl: string, username: string, password: string): Promise<{ callbackUrl: string; text: string }>;
