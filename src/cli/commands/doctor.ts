import { homedir } from 'node:os';
import { runDoctor, type CheckStatus, type DoctorReport } from '../../doctor/run-doctor.js';
import { resolveConfigured, withConfiguredNetwork } from '../inputs/configured.js';
import { noS3EndpointReason, resolveEndpoints, S3_ENDPOINT_HINT } from '../inputs/endpoints.js';
import { resolveNetworkOptions } from '../inputs/network.js';
import type { CliIo } from '../io.js';
import type { DoctorCliOptions } from '../options.js';
import type { Redactor } from '../redact.js';

const MARK: Record<CheckStatus, string> = { ok: '[ ok ]', warn: '[warn]', fail: '[FAIL]', skip: '[skip]' };
const TITLE: Record<DoctorReport['checks'][number]['id'], string> = {
  endpoint: 'endpoint',
  proxy: 'proxy',
  connect: 'connect',
  tls: 'TLS',
  sts: 'STS',
  s3: 'S3',
  clock: 'clock',
  minio: 'MinIO',
};

/** The checklist as text: one line per check, a `fix:` line under each failure or warning. Pure. */
export function renderDoctorReport(report: DoctorReport, role?: string): string {
  const lines = [`sts-creds doctor: ${report.endpoint}`, ...(role ? [role] : [])];
  for (const check of report.checks) {
    lines.push(`${MARK[check.status]} ${TITLE[check.id].padEnd(8)} ${check.detail}`);
    if (check.fix && (check.status === 'fail' || check.status === 'warn')) lines.push(`${' '.repeat(16)}fix: ${check.fix}`);
  }
  const failed = report.checks.filter((c) => c.status === 'fail').length;
  lines.push(failed === 0 ? 'All checks passed.' : `${failed} check${failed === 1 ? '' : 's'} failed.`);
  return `${lines.join('\n')}\n`;
}

/**
 * `sts-creds doctor [--endpoint URL | --profile NAME | --alias NAME]`: the checklist, and whether every
 * check passed. A profile or alias gives the endpoint (and a profile its `ca_bundle`) as it does for
 * the credential commands; flags still win.
 */
export async function doctorCommand(opts: DoctorCliOptions, io: CliIo, redactor: Redactor): Promise<{ text: string; ok: boolean }> {
  const configured = await resolveConfigured(opts, io.env, homedir());
  const endpoints = resolveEndpoints(opts, configured, io.env);
  const network = await resolveNetworkOptions({ ...withConfiguredNetwork(opts, configured), endpoint: endpoints.sts.url }, io, redactor);
  const check = (endpoint: string, service: 'sts' | 's3') =>
    runDoctor({
      endpoint,
      service,
      timeoutMs: network.timeoutMs,
      ca: network.ca,
      insecure: network.insecure,
      proxyEnv: network.proxyEnv,
      now: io.now,
      onEvent: network.onEvent,
    });
  const { sts, s3 } = endpoints;
  const same = s3 !== undefined && sameEndpoint(s3.url, sts.url);
  const stsReport = await check(sts.url, 'sts');
  let text = renderDoctorReport(stsReport, `STS endpoint (${sts.source})${same ? ', also the S3 endpoint the credentials are for' : ''}`);
  let ok = stsReport.ok;
  if (s3 === undefined) {
    text += `\nS3 endpoint: none known: ${noS3EndpointReason(sts)}; ${S3_ENDPOINT_HINT}\n`;
  } else if (!same) {
    const s3Report = await check(s3.url, 's3');
    text += `\n${renderDoctorReport(s3Report, `S3 endpoint (${s3.source}), where the credentials are used`)}`;
    ok &&= s3Report.ok;
  }
  return { text, ok };
}

/** True when two endpoint URLs name the same place (a trailing slash aside). */
function sameEndpoint(a: string, b: string): boolean {
  const norm = (url: string): string => url.replace(/\/+$/, '');
  return norm(a) === norm(b);
}
