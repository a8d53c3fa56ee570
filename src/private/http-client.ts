import * as http from 'http';
import * as https from 'https';

/** The response to one local request. */
export interface LocalResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

export interface LocalRequest {
  readonly scheme: 'http' | 'https';
  /** Always a loopback address: local runs never contact anything else. */
  readonly address?: string;
  readonly port: number;
  /** Host header and, for https, the SNI name. */
  readonly host: string;
  readonly path?: string;
  readonly method?: string;
  readonly headers?: Record<string, string>;
  /** CA to trust for https (PEM); the server certificate is verified against it. */
  readonly ca?: string;
  /** Send no SNI (https). */
  readonly noSni?: boolean;
  readonly timeoutMs?: number;
}

/**
 * Sends one request to a local HAProxy, as curl `--resolve host:port:127.0.0.1` would:
 * the Host header and SNI name are the route host, the connection goes to loopback.
 */
export function localRequest(req: LocalRequest): Promise<LocalResponse> {
  const address = req.address ?? '127.0.0.1';
  if (!/^127\.|^::1$|^localhost$/.test(address)) return Promise.reject(new Error(`refusing to contact ${address}: local runs use loopback only`));
  return new Promise((resolve, reject) => {
    const options: https.RequestOptions = {
      host: address,
      port: req.port,
      path: req.path ?? '/',
      method: req.method ?? 'GET',
      headers: { host: req.host, connection: 'close', ...(req.headers ?? {}) },
      agent: false,
      timeout: req.timeoutMs ?? 10_000,
    };
    if (req.scheme === 'https') {
      options.servername = req.noSni ? '' : req.host;
      options.ca = req.ca;
      options.rejectUnauthorized = req.ca !== undefined;
    }
    const r = (req.scheme === 'https' ? https : http).request(options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    r.on('timeout', () => r.destroy(new Error(`timeout after ${req.timeoutMs ?? 10_000} ms`)));
    r.on('error', reject);
    r.end();
  });
}

/** A free TCP port on loopback, chosen by the kernel. */
export function freePort(): Promise<number> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const net = require('net') as typeof import('net');
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as import('net').AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}
