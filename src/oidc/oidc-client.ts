/** The OAuth client sts-creds signs in as, and how it authenticates at the token endpoint. */

/** A registered OAuth client: a public one (PKCE, no secret) or a confidential one. */
export interface OidcClient {
  clientId: string;
  /** The client secret, for a confidential client; sent with HTTP Basic, never in a URL. */
  clientSecret?: string | undefined;
}

/**
 * The form fields and headers that identify the client at the token, device and revocation endpoints:
 * `client_id` in the form for a public client, `client_secret_basic` for a confidential one (RFC 6749 2.3.1:
 * both parts form-encoded before Base64). Pure.
 */
export function clientAuthentication(client: OidcClient): { form: Record<string, string>; headers: Record<string, string> } {
  if (client.clientSecret === undefined || client.clientSecret === '') return { form: { client_id: client.clientId }, headers: {} };
  const encode = (s: string): string => new URLSearchParams({ s }).toString().slice(2);
  const basic = Buffer.from(`${encode(client.clientId)}:${encode(client.clientSecret)}`).toString('base64');
  return { form: {}, headers: { authorization: `Basic ${basic}` } };
}

/** The client's secrets, for redaction. Pure. */
export function clientSecrets(client: OidcClient): string[] {
  return client.clientSecret ? [client.clientSecret] : [];
}
