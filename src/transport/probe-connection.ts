/**
 * Low-level reachability probes for `sts-creds doctor`: a bare TCP connect, and a TLS handshake
 * that reports what the server presented even when it would not be trusted.
 */
import { connect as netConnect, isIP } from 'node:net';
import { checkServerIdentity, connect as tlsConnect, type PeerCertificate } from 'node:tls';

/** Outcome of {@link probeTcp}. */
export type TcpProbe = { ok: true; ms: number } | { ok: false; ms: number; code: string };

/** Opens (and closes) a TCP connection to `host:port`, timing it. Never throws. */
export function probeTcp(host: string, port: number, timeoutMs: number): Promise<TcpProbe> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    const socket = netConnect({ host: unbracket(host), port });
    const done = (result: TcpProbe): void => {
      socket.destroy();
      clearTimeout(timer);
      resolve(result);
    };
    const timer = setTimeout(() => done({ ok: false, ms: elapsed(), code: 'ETIMEDOUT' }), timeoutMs);
    socket.once('connect', () => done({ ok: true, ms: elapsed() }));
    socket.once('error', (error: NodeJS.ErrnoException) => done({ ok: false, ms: elapsed(), code: error.code ?? 'ERROR' }));
  });
}

/** Outcome of {@link probeTls}. */
export type TlsProbe =
  | {
      ok: true;
      ms: number;
      /** Chain and host name verified against the trusted CAs. */
      trusted: boolean;
      /** Why not, e.g. `UNABLE_TO_GET_ISSUER_CERT_LOCALLY` or `ERR_TLS_CERT_ALTNAME_INVALID`. */
      problem: string | undefined;
      protocol: string | undefined;
      subject: string;
      issuer: string;
      validFrom: Date;
      validTo: Date;
    }
  | { ok: false; ms: number; code: string };

function unbracket(host: string): string {
  return host.replace(/^\[(.*)\]$/, '$1');
}

function describeName(name: PeerCertificate['subject'] | undefined): string {
  if (!name) return '(none)';
  const cn = name.CN;
  const o = name.O;
  const parts = [cn ? `CN=${Array.isArray(cn) ? cn.join('+') : cn}` : '', o ? `O=${Array.isArray(o) ? o.join('+') : o}` : ''].filter(Boolean);
  return parts.join(', ') || '(unnamed)';
}

/**
 * Performs a TLS handshake with `host:port` (SNI set for host names) and reports the certificate and
 * whether it would be trusted with `ca` (or Node's built-in CAs). Never throws.
 */
export function probeTls(
  host: string,
  port: number,
  options: { ca?: string | readonly string[] | undefined; timeoutMs: number },
): Promise<TlsProbe> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  const hostname = unbracket(host);
  return new Promise((resolve) => {
    const socket = tlsConnect({
      host: hostname,
      port,
      ...(isIP(hostname) ? {} : { servername: hostname }),
      ...(options.ca !== undefined ? { ca: options.ca as string | string[] } : {}),
      // Verification is judged below, so that an untrusted certificate can still be described.
      rejectUnauthorized: false,
    });
    const done = (result: TlsProbe): void => {
      socket.destroy();
      clearTimeout(timer);
      resolve(result);
    };
    const timer = setTimeout(() => done({ ok: false, ms: elapsed(), code: 'ETIMEDOUT' }), options.timeoutMs);
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate(true);
      let problem: string | undefined = socket.authorized ? undefined : String(socket.authorizationError ?? 'UNTRUSTED');
      if (!problem && cert && Object.keys(cert).length > 0) {
        const identity = checkServerIdentity(hostname, cert);
        if (identity) problem = (identity as NodeJS.ErrnoException).code ?? 'ERR_TLS_CERT_ALTNAME_INVALID';
      }
      done({
        ok: true,
        ms: elapsed(),
        trusted: problem === undefined,
        problem,
        protocol: socket.getProtocol() ?? undefined,
        subject: describeName(cert?.subject),
        issuer: describeName(cert?.issuer),
        validFrom: new Date(cert?.valid_from ?? NaN),
        validTo: new Date(cert?.valid_to ?? NaN),
      });
    });
    socket.once('error', (error: NodeJS.ErrnoException) => done({ ok: false, ms: elapsed(), code: error.code ?? 'ERROR' }));
  });
}
