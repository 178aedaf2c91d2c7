import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { CliInterrupted, CliUsageError, EXIT, getExitCode } from '../../src/cli/errors.js';
import { StsCredsError, StsResponseError, StsTransportError, StsValidationError } from '../../src/errors.js';
import { serviceError } from '../helpers/sts-wire.js';

const context = { action: 'AssumeRole', endpoint: 'http://127.0.0.1:9000' };

describe('getExitCode', () => {
  it('documented exit codes', () => {
    expect(EXIT).toEqual({ OK: 0, STS_FAILED: 1, USAGE: 2, INTERRUPTED: 130 });
  });

  it.each<[string, unknown, number]>([
    ['CliUsageError', new CliUsageError('use only one of --policy, -s/--policy-file'), 2],
    ['CliInterrupted', new CliInterrupted('interrupted at the password prompt'), 130],
    ['StsValidationError (bad duration)', new StsValidationError('bad', { field: 'durationSeconds', context: context }), 2],
    ['StsValidationError (bad endpoint)', new StsValidationError('bad', { field: 'endpoint', context: {} }), 2],
    ['StsServiceError', serviceError({ statusCode: 403, stsCode: 'AccessDenied', serverMessage: 'no', context }), 1],
    ['StsResponseError', new StsResponseError('HTML', { statusCode: 502, context }), 1],
    ['StsTransportError', new StsTransportError('reset', { causeCode: 'ECONNRESET', context }), 1],
    ['base StsCredsError with the input code', new StsCredsError('ERR_STS_INVALID_INPUT', 'x'), 2],
    ['base StsCredsError with the transport code', new StsCredsError('ERR_STS_TRANSPORT', 'x'), 1],
    ['commander unknown option', new CommanderError(1, 'commander.unknownOption', "error: unknown option '--x'"), 2],
    ['commander invalid argument', new CommanderError(1, 'commander.invalidArgument', 'bad choice'), 2],
    ['commander-shaped plain object', { code: 'commander.missingArgument' }, 2],
    ['a branded error from another copy of the library (input)', { [Symbol.for('sts-creds.error')]: true, code: 'ERR_STS_INVALID_INPUT' }, 2],
    ['a branded error from another copy of the library (service)', { [Symbol.for('sts-creds.error')]: true, code: 'ERR_STS_SERVICE' }, 1],
    ['a look-alike without the brand is not trusted', { code: 'ERR_STS_INVALID_INPUT', name: 'StsValidationError' }, 1],
    ['a plain Error', new Error('boom'), 1],
    ['a TypeError', new TypeError('x is undefined'), 1],
    ['a Node system error', Object.assign(new Error('EACCES'), { code: 'EACCES' }), 1],
    ['a string', 'boom', 1],
    ['undefined', undefined, 1],
    ['null', null, 1],
  ])('%s → %i', (_what, error, code) => {
    expect(getExitCode(error)).toBe(code);
  });
});
