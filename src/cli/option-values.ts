/**
 * What both parsers of the command line (commander's program, program.ts, and the credential
 * hot path's, hot/parse-argv.ts) do to option values, written once so they cannot drift apart.
 */

/** Collects a repeatable option's values. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/**
 * `--endpoint-url` (the AWS CLI) and `--sts-ep` (MinIO's sample) are `--endpoint` by other names,
 * `--duration-seconds` is `--duration`: the parsed options carry only `endpoint` and `duration`, and
 * `writtenAs` the name the user wrote, for messages.
 */
export function normalise<T extends { endpoint?: string | undefined; duration?: string | undefined; writtenAs?: Record<string, string> | undefined }>(
  opts: T & { stsEp?: string; endpointUrl?: string; durationSeconds?: string },
): T {
  const { stsEp, endpointUrl, durationSeconds, ...rest } = opts;
  const out = { ...rest } as T;
  const writtenAs: Record<string, string> = {};
  if (out.endpoint === undefined && (endpointUrl ?? stsEp) !== undefined) {
    out.endpoint = endpointUrl ?? stsEp;
    writtenAs.endpoint = endpointUrl !== undefined ? '--endpoint-url' : '--sts-ep';
  }
  if (out.duration === undefined && durationSeconds !== undefined) {
    out.duration = durationSeconds;
    writtenAs.duration = '--duration-seconds';
  }
  if (Object.keys(writtenAs).length > 0) out.writtenAs = writtenAs;
  return out;
}
