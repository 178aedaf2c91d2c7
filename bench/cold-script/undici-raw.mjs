// The transport floor: undici posts an unsigned AssumeRole form and reads the answer. No signing, no XML.
import { request } from 'undici';

const [endpoint] = process.argv.slice(2);
const res = await request(endpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=AssumeRole&Version=2011-06-15' });
const text = await res.body.text();
process.stdout.write(`${JSON.stringify({ AccessKeyId: /<AccessKeyId>([^<]*)/.exec(text)?.[1] })}\n`);
