/* Test helpers for the HAProxy layer: model builders, free ports, real HTTP(S) requests. */
import * as fs from 'fs';
import * as http from 'http';
import * as https from 'https';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import {
  BackendModel, BackendPolicies, Entrypoint, HostMatchKind, HttpRule, ModelSource, PathMatch, RuleAction, ServerModel, SniRule,
} from '../../src/model/types';

export function source(name: string, field = 'spec'): ModelSource {
  return { apiVersion: 'route.openshift.io/v1', kind: 'Route', namespace: 'test', name, field };
}

let order = 0;

export function rule(host: string, p: PathMatch | string, act: RuleAction | string, extra: Partial<HttpRule> = {}): HttpRule {
  const wildcard = host.startsWith('*.');
  return {
    host,
    hostMatch: wildcard ? HostMatchKind.WILDCARD_ONE_LABEL : HostMatchKind.EXACT,
    path: typeof p === 'string' ? { type: 'Prefix', value: p } : p,
    action: typeof act === 'string' ? { type: 'forward', backend: act } : act,
    order: { created: '', key: `test/${host}`, index: order++ },
    source: source(host.replace(/\*/g, 'wildcard')),
    ...extra,
  };
}

export function sni(host: string, target: string): SniRule {
  return { host, hostMatch: host.startsWith('*.') ? HostMatchKind.WILDCARD_ONE_LABEL : HostMatchKind.EXACT, backend: target, source: source(host) };
}

export interface ServerSpec {
  readonly port: number;
  readonly weight?: number;
  readonly service?: string;
  readonly address?: string;
}

export function backend(id: string, servers: ServerSpec[], policies: BackendPolicies = {}, extra: Partial<BackendModel> = {}): BackendModel {
  const serverModels: ServerModel[] = servers.map((s, i) => ({
    id: `ept:${s.service ?? 'svc'}:http:${s.address ?? '127.0.0.1'}:${s.port}:${i}`,
    address: s.address ?? '127.0.0.1',
    port: s.port,
    weight: s.weight ?? 1,
    service: `test/${s.service ?? 'svc'}`,
  }));
  const services = new Set(servers.filter((s) => (s.weight ?? 1) > 0).map((s) => s.service ?? 'svc'));
  return {
    id,
    mode: 'http',
    services: [],
    servers: serverModels,
    activeServices: services.size,
    policies,
    source: source(id),
    ...extra,
  };
}

export function entrypoint(id: string, port: number, protocol: Entrypoint['protocol'], httpRules: HttpRule[], extra: Partial<Entrypoint> = {}): Entrypoint {
  return { id, port, protocol, httpRules, passthrough: [], certificates: [], noMatchStatus: 503, ...extra };
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `cdk8s-routing-${prefix}-`));
}

export interface Reply {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
  /** Parsed body when it is JSON (echo backends). */
  readonly json?: any;
  /** Subject alternative names of the certificate the server presented (TLS only). */
  readonly peerNames?: string;
}

export interface RequestSpec {
  readonly port: number;
  readonly host?: string;
  readonly path?: string;
  readonly method?: string;
  readonly headers?: Record<string, string>;
  /** TLS: SNI to send (empty string: none). */
  readonly servername?: string;
  /** TLS: trusted CA. */
  readonly ca?: string;
  /** TLS: accept a certificate (signed by `ca`) that does not name the SNI host. */
  readonly skipHostnameCheck?: boolean;
  /** Request body. */
  readonly body?: string;
}

function collect(res: http.IncomingMessage, peerNames?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('error', reject);
    res.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json, peerNames });
    });
  });
}

/** A plain HTTP request on a new connection. */
export function get(spec: RequestSpec): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1',
      port: spec.port,
      path: spec.path ?? '/',
      method: spec.method ?? 'GET',
      headers: { ...(spec.host ? { host: spec.host } : {}), ...spec.headers },
      agent: false,
    }, (res) => collect(res).then(resolve, reject));
    req.on('error', reject);
    req.end(spec.body);
  });
}

/** An HTTPS request on a new connection, with SNI and a trusted CA. */
export function getTls(spec: RequestSpec): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = https.request({
      host: '127.0.0.1',
      port: spec.port,
      path: spec.path ?? '/',
      method: spec.method ?? 'GET',
      servername: spec.servername ?? spec.host,
      ca: spec.ca,
      ...(spec.skipHostnameCheck ? { checkServerIdentity: () => undefined } : {}),
      headers: { ...(spec.host ? { host: spec.host } : {}), ...spec.headers },
      agent: false,
    }, (res) => {
      const sock = res.socket as import('tls').TLSSocket;
      const names = sock.getPeerCertificate?.()?.subjectaltname;
      collect(res, names).then(resolve, reject);
    });
    req.on('error', reject);
    req.end();
  });
}
