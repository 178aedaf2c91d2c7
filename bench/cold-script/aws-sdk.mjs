// The same script with the AWS SDK v3's STS client.
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';

const [endpoint, accessKeyId, secretAccessKey] = process.argv.slice(2);
const client = new STSClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId, secretAccessKey } });
const out = await client.send(new AssumeRoleCommand({ RoleArn: 'arn:minio:iam:::role/bench', RoleSessionName: 'bench' }));
client.destroy();
process.stdout.write(`${JSON.stringify({ AccessKeyId: out.Credentials?.AccessKeyId })}\n`);
