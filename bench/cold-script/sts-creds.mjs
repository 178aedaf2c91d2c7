// A script that imports sts-creds and makes one AssumeRole call: what `node script.mjs` costs cold.
import { assumeRole } from 'sts-creds';

const [endpoint, accessKeyId, secretAccessKey] = process.argv.slice(2);
const creds = await assumeRole({ endpoint, region: 'us-east-1', credentials: { accessKeyId, secretAccessKey } });
process.stdout.write(`${JSON.stringify({ AccessKeyId: creds.accessKeyId })}\n`);
