import { StsServiceError, withServiceDetail } from '../errors.js';

/** What a refusal means when the signing keys came with a session token. */
export const TEMPORARY_SIGNER_HINT = "these are temporary credentials (they come with a session token); AssumeRole needs a user's long-term keys";

/**
 * Runs an AssumeRole call signed with `sessionToken`'s keys; when the server refuses it (a 4xx error
 * document), the error says that the keys are temporary ones, such as those an earlier
 * `eval "$(sts-creds env ...)"` exported, which MinIO does not accept for AssumeRole. (AWS accepts
 * a role's temporary keys for role chaining, so the call is still sent.)
 */
export async function explainTemporarySigner<T>(sessionToken: string | undefined, call: () => Promise<T>): Promise<T> {
  if (!sessionToken) return call();
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof StsServiceError) || error.statusCode < 400 || error.statusCode >= 500) throw error;
    const detail = error.detail ? `${error.detail}; ${TEMPORARY_SIGNER_HINT}` : TEMPORARY_SIGNER_HINT;
    throw withServiceDetail(error, detail, { action: error.action, endpoint: error.endpoint }, error);
  }
}
