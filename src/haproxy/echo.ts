/**
 * Echo backends for local runs and tests, in the spirit of the Gateway API
 * conformance echo server: every request is answered with JSON describing what
 * arrived, so a client can see which Service and pod served it.
 *
 * Internal: not part of the jsii API.
 */
import * as http from 'http';
import * as http2 from 'http2';
import * as https from 'https';
import type { AddressInfo } from 'net';
import type { TLSSocket } from 'tls';

export interface EchoOptions {
  /** Service name reported as `service`. */
  readonly name: string;
  readonly namespace: string;
  /** Pod name reported as `pod` and in the `x-echo-pod` header. @default `<name>-0` */
  readonly pod?: string;
  /** Certificate for `https` and `tls-http`. */
  readonly tls?: { readonly certificatePem: string; readonly keyPem: string };
  /**
   * `http`: plain HTTP. `https`: TLS-terminating HTTP server (reencrypt target).
   * `tls-http`: the same, used behind passthrough (the client's TLS reaches it).
   * `h2c`: HTTP/2 without TLS (prior knowledge), for gRPC backends.
   */
  readonly mode: 'http' | 'https' | 'tls-http' | 'h2c';
  /** Wait this long before answering. @default 0 */
  readonly delayMs?: number;
}

/** What the echo server answers. */
export interface EchoResponse {
  readonly service: string;
  readonly namespace: string;
  readonly pod: string;
  readonly method: string;
  readonly path: string;
  readonly host: string;
  readonly headers: Record<string, string | string[]>;
  readonly tls: boolean;
  readonly sni?: string;
  /** HTTP version of the request as received (`1.1`, `2.0`). */
  readonly httpVersion?: string;
}

export interface RunningEcho {
  readonly port: number;
  close(): Promise<void>;
}

/** Starts an echo server on 127.0.0.1 and an ephemeral port. */
export async function startEcho(options: EchoOptions): Promise<RunningEcho> {
  const pod = options.pod ?? `${options.name}-0`;
  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const socket = req.socket as TLSSocket;
    const tls = socket.encrypted === true;
    const body: EchoResponse = {
      service: options.name,
      namespace: options.namespace,
      pod,
      method: req.method ?? '',
      path: req.url ?? '',
      host: req.headers.host ?? String(req.headers[':authority'] ?? ''),
      headers: Object.fromEntries(Object.entries(req.headers).filter((e): e is [string, string | string[]] => e[1] !== undefined)),
      tls,
      ...(tls && typeof socket.servername === 'string' ? { sni: socket.servername } : {}),
      httpVersion: req.httpVersion,
    };
    const send = (): void => {
      const text = `${JSON.stringify(body)}\n`;
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
        'x-echo-pod': pod,
      });
      res.end(text);
    };
    req.resume();
    req.on('end', () => {
      if (options.delayMs) {
        const timer = setTimeout(send, options.delayMs);
        res.on('close', () => clearTimeout(timer));
      } else {
        send();
      }
    });
  };
  if (options.mode === 'h2c') {
    const h2 = http2.createServer(handler as unknown as (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) => void);
    const sessions = new Set<http2.ServerHttp2Session>();
    h2.on('session', (sess) => {
      sessions.add(sess);
      sess.on('close', () => sessions.delete(sess));
    });
    await new Promise<void>((resolve, reject) => {
      h2.once('error', reject);
      h2.listen(0, '127.0.0.1', () => resolve());
    });
    return {
      port: (h2.address() as AddressInfo).port,
      close: () => new Promise<void>((resolve) => {
        h2.close(() => resolve());
        for (const sess of sessions) sess.destroy();
      }),
    };
  }
  let server: http.Server;
  if (options.mode === 'http') {
    server = http.createServer(handler);
  } else {
    if (!options.tls) {
      throw new Error(`echo ${options.namespace}/${options.name}: mode ${options.mode} needs a certificate (tls)`);
    }
    server = https.createServer({ cert: options.tls.certificatePem, key: options.tls.keyPem }, handler);
  }
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
