import { homedir } from 'node:os';
import { runDoctor, type CheckStatus, type DoctorReport } from '../../doctor/run-doctor.js';
import { resolveConfigured } from '../inputs/configured.js';
import { resolveNetworkSettings } from '../inputs/network.js';
import { runSettings } from '../inputs/settings.js';
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
  clock: 'clock',
  minio: 'MinIO',
};

/** The checklist as text: one line per check, a `fix:` line under each failure or warning. Pure. */
export function renderDoctorReport(report: DoctorReport): string {
  const lines = [`sts-creds doctor: ${report.endpoint}`];
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
  // The same settings, from the same sources, as the credential commands read.
  const settings = runSettings({ flags: opts, env: io.env, configured, specs: DOCTOR_OPTIONS, writtenAs: opts.writtenAs });
  const network = await resolveNetworkSettings(settings, opts, io, redactor);
  const report = await runDoctor({
    endpoint: network.endpoint,
    timeoutMs: network.timeoutMs,
    ca: network.ca,
    insecure: network.insecure,
    proxyEnv: network.proxyEnv,
    now: io.now,
    onEvent: network.onEvent,
  });
  return { text: renderDoctorReport(report), ok: report.ok };
}
