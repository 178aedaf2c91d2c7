/** One line of `doctor`'s checklist: the types the checks and the report share. Types only. */

/** How one check went. `warn` and `skip` do not make the report fail. */
export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

/** One line of the checklist. */
export interface DoctorCheck {
  id: 'endpoint' | 'proxy' | 'connect' | 'tls' | 'sts' | 's3' | 'clock' | 'minio' | 'keys';
  status: CheckStatus;
  /** What was found. */
  detail: string;
  /** What to do about it, for `fail` and `warn`. */
  fix?: string | undefined;
}
