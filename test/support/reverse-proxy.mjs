// A tiny same-host reverse proxy, as a TLS-terminating nginx in front of a node would be (without TLS):
// listens on a free loopback port, forwards every request to UPSTREAM (http://127.0.0.1:PORT) and prints
// its own URL on stdout. HOST_MODE=pass forwards the client's Host (nginx `proxy_set_header Host $host`);
// HOST_MODE=upstream sends the upstream's host (nginx's default). FORWARD_HEADERS=0 adds no X-Forwarded-*.
import { createServer, request } from 'node:http';

const upstream = new URL(process.env.UPSTREAM);
const hostMode = process.env.HOST_MODE ?? 'pass';
const forwardHeaders = process.env.FORWARD_HEADERS !== '0';

const server = createServer((req, res) => {
  const headers = { ...req.headers };
  if (hostMode === 'upstream') headers.host = upstream.host;
  if (forwardHeaders) {
    headers['x-forwarded-for'] = req.socket.remoteAddress;
    headers['x-forwarded-proto'] = 'https';
  }
  const out = request(
    { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
    (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    },
  );
  out.on('error', () => {
    res.writeHead(502);
    res.end();
  });
  req.pipe(out);
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`http://127.0.0.1:${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
