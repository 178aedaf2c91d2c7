// A loopback stand-in for an STS endpoint that answers every POST at once with one canned
// AssumeRole document, so a benchmark measures the client and not the server. Run it as its own
// process (its CPU time must not land on the client being measured):
//
//   node bench/fake-sts.mjs [token-length]    prints "listening <port>" on stdout
//
// The session token is 600 characters by default: about an AWS session token's size; MinIO's are
// JWTs of 200-odd characters, more with a session policy.
//
// GET /__requests answers the number of STS requests served so far; GET /__reset zeroes it.

import { createServer } from 'node:http';

const tokenLength = Number(process.argv[2] ?? 600);
const expiration = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');
// Base64url characters, like the JWT MinIO returns as the session token.
const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
let token = '';
for (let i = 0; token.length < tokenLength; i++) token += i % 97 === 96 ? '.' : alphabet[(i * 31) % alphabet.length];

const body = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>' +
    '<AssumedRoleUser><Arn></Arn><AssumeRoleId></AssumeRoleId></AssumedRoleUser>' +
    '<Credentials><AccessKeyId>Y4RJU1RNFGK48LGO9I2S</AccessKeyId>' +
    '<SecretAccessKey>sYLRKS1Z7hSjluf6gEbb9066hnx315wHTiACPAjg</SecretAccessKey>' +
    `<SessionToken>${token}</SessionToken><Expiration>${expiration}</Expiration></Credentials>` +
    '</AssumeRoleResult><ResponseMetadata><RequestId>1893E2A8B3F6C0D1</RequestId></ResponseMetadata></AssumeRoleResponse>',
);
const headers = { 'content-type': 'application/xml', 'content-length': String(body.length), 'x-amz-request-id': '1893E2A8B3F6C0D1' };

let requests = 0;
const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
  if (req.method === 'GET' && req.url === '/__requests') return void res.end(String(requests));
  if (req.method === 'GET' && req.url === '/__reset') {
    requests = 0;
    return void res.end('0');
  }
  requests++;
  // Drain the request body before answering, as a real server does.
  req.resume();
  req.on('end', () => {
    res.writeHead(200, headers);
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
process.stdin.on('end', () => process.exit(0)).resume(); // exit with the parent
