// An HTTP proxy on 127.0.0.1 that stands in for the network between the extension host and GitHub's hosts, so that
// a test can serve `https://api.github.com` and a GitHub Enterprise Server host (`https://ghe.example/api/v3`) from
// fake GitHubs: VS Code's proxy support (the `http.proxy` setting) sends every request of the extension host here.
// A CONNECT to a routed host is answered with TLS (a self-signed certificate made for the run, `createTestCertificate`)
// and the decrypted bytes go to that host's fake GitHub; a CONNECT or a plain request to 127.0.0.1 goes through
// unchanged (the fake GitHubs' control endpoints); anything else is refused, so nothing leaves the machine.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import * as path from 'node:path';
import type { Duplex } from 'node:stream';
import { TLSSocket } from 'node:tls';

export interface TestCertificate {
  /** PEM. */
  readonly key: string;
  /** PEM; also the file to give NODE_EXTRA_CA_CERTS. */
  readonly cert: string;
  readonly certFile: string;
}

/** A self-signed certificate for `hosts`, made with openssl in `dir` (valid for two days: a run takes minutes). */
export function createTestCertificate(dir: string, hosts: readonly string[]): TestCertificate {
  const keyFile = path.join(dir, 'proxy-key.pem');
  const certFile = path.join(dir, 'proxy-cert.pem');
  const names = hosts.map((h) => `DNS:${h}`).join(',');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
    '-subj', '/CN=Flakelens test proxy', '-addext', `subjectAltName=${names}`, '-keyout', keyFile, '-out', certFile,
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile };
}

export interface HostProxy {
  /** `http://127.0.0.1:PORT`: the value of `http.proxy`. */
  readonly url: string;
  /** Each CONNECT and plain request seen (`host:port`), in order; refused ones start with `refused `. */
  readonly seen: string[];
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost']);

/** `routes` maps a host name (port 443) to the `http://127.0.0.1:PORT` that serves it. */
export async function startHostProxy(routes: Readonly<Record<string, string>>, certificate: TestCertificate): Promise<HostProxy> {
  const seen: string[] = [];
  const sockets = new Set<Duplex>();
  const track = (socket: Duplex) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    // A plain request through a proxy names the whole URL: only 127.0.0.1 is passed on.
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (target.protocol !== 'http:' || !LOOPBACK.has(target.hostname)) {
      seen.push(`refused ${target.host}`);
      res.writeHead(403, { 'content-type': 'text/plain' }).end('The test proxy reaches no other host.');
      return;
    }
    seen.push(target.host);
    const forwarded = request(target, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forwarded.on('error', () => res.destroy());
    req.pipe(forwarded);
  });
  server.on('connection', track);

  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    const [host = '', port = ''] = (req.url ?? '').split(/:(?=\d+$)/);
    const routed = routes[host.toLowerCase()];
    const loopback = LOOPBACK.has(host) && /^\d+$/.test(port);
    if (!(routed && port === '443') && !loopback) {
      seen.push(`refused ${req.url ?? ''}`);
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    seen.push(req.url ?? '');
    const destination = routed ? new URL(routed) : new URL(`http://127.0.0.1:${port}`);
    const upstream = connect(Number(destination.port), destination.hostname);
    track(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length > 0) client.unshift(head);
    // A routed host is spoken to in TLS, as the real one is; the fake GitHub behind it speaks plain HTTP.
    const stream: Duplex = routed ? new TLSSocket(client, { isServer: true, key: certificate.key, cert: certificate.cert }) : client;
    if (stream !== client) track(stream);
    stream.on('error', () => upstream.destroy());
    stream.pipe(upstream).pipe(stream);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
