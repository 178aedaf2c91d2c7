import { homedir } from 'node:os';
import type { DoctorKeys } from '../../doctor/check-keys.js';
import { runDoctor, type CheckStatus, type DoctorReport } from '../../doctor/run-doctor.js';
import { resolveConfigured, type ConfiguredSettings } from '../inputs/configured.js';
import { noS3EndpointReason, resolveEndpoints, S3_ENDPOINT_HINT } from '../inputs/endpoints.js';
import { ENV, envValue } from '../inputs/environment.js';
import { resolveNetworkSettings } from '../inputs/network.js';
import { runSettings } from '../inputs/settings.js';
import { keyringSigningKeys, resolveSigningKeys } from '../inputs/signing-keys.js';
import type { CliIo } from '../io.js';
import { DOCTOR_OPTIONS, type DoctorCliOptions } from '../options.js';
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
  keys: 'keys',
};

/** The checklist as text: one line per check, a `fix:` line under each failure or warning. Pure. */
export function renderDoctorReport(report: DoctorReport, role?: string): string {
  const lines = [`sts-creds doctor: ${report.endpoint}`, ...(role ? [role] : [])];
  for (const check of report.checks) {
    lines.push(`${MARK[check.status]} ${TITLE[check.id].padEnd(8)} ${check.detail}`);
    if (check.fix && (check.status === 'fail' || check.status === 'warn')) lines.push(`${' '.repeat(16)}fix: ${check.fix}`);
  }
  const failed = report.checks.filter((c) => c.status === 'fail').length;
  const keysChecked = report.checks.some((c) => c.id === 'keys' && c.status === 'ok');
  const keysLine = report.checks.some((c) => c.id === 'keys');
  lines.push(
    failed > 0
      ? `${failed} check${failed === 1 ? '' : 's'} failed.`
      : keysChecked
        ? 'All checks passed: the server accepts these keys, so the credential command would work.'
        : !keysLine
          ? 'All checks passed.'
        : 'All checks passed for the way to the server; the keys were not checked (see the keys line).',
  );
  return `${lines.join('\n')}\n`;
}

/**
 * `sts-creds doctor [--endpoint URL | --profile NAME | --alias NAME]`: the checklist, and whether every
 * check passed. A profile or alias gives the endpoint (and a profile its `ca_bundle`) as it does for
 * the credential commands; flags still win.
 */
export async function doctorCommand(opts: DoctorCliOptions, io: CliIo, redactor: Redactor): Promise<{ text: string; ok: boolean }> {
  const configured = await resolveConfigured(opts, io.env, homedir());
  // The same settings, from the same sources, as the credential commands read.
  const settings = runSettings({ flags: opts, env: io.env, configured, specs: DOCTOR_OPTIONS, writtenAs: opts.writtenAs });
  const network = await resolveNetworkSettings(settings, opts, io, redactor);
  const keys = await doctorKeys(configured, network.region ?? 'us-east-1', io, redactor);
  const { sts, s3 } = resolveEndpoints(settings);
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
      keys: service === 'sts' ? keys : undefined,
    });
  const same = s3 !== undefined && s3.value.replace(/\/+$/, '') === sts.value.replace(/\/+$/, '');
  const stsReport = await check(network.endpoint, 'sts');
  let text = renderDoctorReport(stsReport, `STS endpoint (${sts.origin.label})${same ? ', also the S3 endpoint the credentials are for' : ''}`);
  let ok = stsReport.ok;
  if (s3 === undefined) {
    text += `\nS3 endpoint: none known: ${noS3EndpointReason(sts)}; ${S3_ENDPOINT_HINT}\n`;
  } else if (!same) {
    const s3Report = await check(s3.value, 's3');
    text += `\n${renderDoctorReport(s3Report, `S3 endpoint (${s3.origin.label}), where the credentials are used`)}`;
    ok &&= s3Report.ok;
  }
  return { text, ok };
}

/**
 * The keys the credential command would sign AssumeRole with, from the profile or alias (its keys, its
 * password file, or its keyring entry); or why doctor checks none. Never asks at the terminal.
 */
async function doctorKeys(configured: ConfiguredSettings | undefined, region: string, io: CliIo, redactor: Redactor): Promise<DoctorKeys | { skip: string }> {
  if (!configured) return { skip: 'no --profile or --alias (or AWS_PROFILE): no keys to check' };
  if (configured.method !== undefined && configured.method !== 'assume-role') {
    return { skip: `${configured.origin} uses ${configured.method}: only AssumeRole keys are checked` };
  }
  const stored = await keyringSigningKeys({}, configured, 'access-key', io, redactor);
  const keys =
    stored ??
    (configured.accessKeyId && (configured.secretAccessKey || configured.passwordFile) && !envValue(io.env, ENV.user)
      ? resolveSigningKeys({}, configured, 'access-key', () => '', io, redactor)
      : undefined);
  if (!keys) return { skip: `${configured.origin} holds no access key and secret key to check` };
  const secretAccessKey = await keys.secret();
  redactor.add(secretAccessKey);
  return { credentials: { accessKeyId: keys.user, secretAccessKey, sessionToken: keys.sessionToken }, region, origin: configured.origin };
}
