import { serviceErrorMessage, StsServiceError, type StsCallContext, type StsServiceErrorFields } from '../../src/errors.js';
import { validateAction, wireParams, type AnyStsActionSpec, type ParamsOf } from '../../src/sts/action.js';

/** An action's wire parameters as the client would send them (checked first, as the client does). */
export function buildWire<S extends AnyStsActionSpec>(spec: S, params: ParamsOf<S>, context: StsCallContext, now: Date = new Date()): string {
  return wireParams(spec, validateAction(spec, params, context), now).toString();
}

/** A service error with the message the parser would give it. */
export function serviceError(init: StsServiceErrorFields & { context?: StsCallContext }): StsServiceError {
  return new StsServiceError(serviceErrorMessage(init, init.context), init);
}
