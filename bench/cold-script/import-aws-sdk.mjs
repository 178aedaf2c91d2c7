// Importing the AWS SDK v3's STS client alone, nothing called: the same as import-sts-creds.mjs.
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';

process.stdout.write(`${typeof STSClient === 'function' && typeof AssumeRoleCommand === 'function' ? 'function' : 'missing'}\n`);
