// Node's built-in fetch (undici inside Node) posting the same unsigned form: the floor without loading any package.
const [endpoint] = process.argv.slice(2);
const res = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=AssumeRole&Version=2011-06-15' });
const text = await res.text();
process.stdout.write(`${JSON.stringify({ AccessKeyId: /<AccessKeyId>([^<]*)/.exec(text)?.[1] })}\n`);
