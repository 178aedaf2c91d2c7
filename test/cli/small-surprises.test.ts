/**
 * Small surprises of daily use (issue 22, item 6), each against the in-process fake STS or a file.
 */
import { describe, expect, it } from 'vitest';
import { stsErrorBody, useFakeSts } from '../helpers/fake-sts.js';
import { expectCleanFailure, runMain } from '../helpers/cli.js';

const fake = useFakeSts();

describe('redaction keeps sts-creds\' own words', () => {
  it('with the password "wrong", the hint still reads "the secret key is probably wrong", and the server\'s echo of it is hidden', async () => {
    fake.reply(403, stsErrorBody('SignatureDoesNotMatch', 'The request signature we calculated does not match; you sent wrong'));
    const run = await runMain(['assume-role', '-u', 'foobar', '-p', 'wrong', '--endpoint', fake.url]);
    expectCleanFailure(run, /the secret key is probably wrong \(-p\/--password/, 1);
    expect(run.stderr).toContain('you sent ***');
    expect(run.stderr).not.toContain('probably ***');
  });
});
