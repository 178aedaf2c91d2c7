// The same script with minio-js's AssumeRoleProvider, imported from the package's entry as a script would.
import { AssumeRoleProvider } from 'minio/dist/esm/AssumeRoleProvider.mjs';

const [endpoint, accessKey, secretKey] = process.argv.slice(2);
const provider = new AssumeRoleProvider({ stsEndpoint: endpoint, accessKey, secretKey, region: 'us-east-1' });
const creds = await provider.getCredentials();
process.stdout.write(`${JSON.stringify({ AccessKeyId: creds.accessKey })}\n`);
