/* The local runner: start, reload with -sf (HTTP and the TLS socket hop), stop, failures; and the echo backends. */
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { backend, entrypoint, freePort, get, getTls, rule, tempDir } from './util';
import { DevCertificateAuthority } from '../../src/common/dev-certificates';
import { RunningEcho, RunningHaproxy, checkConfig, listeningAddresses, startEcho, startHaproxy, translate, writeFilesAtomically } from '../../src/haproxy';
import { RoutingModel } from '../../src/model/types';

jest.setTimeout(60_000);

const echoes: RunningEcho[] = [];
const running: RunningHaproxy[] = [];
const dirs: string[] = [];
let ca: DevCertificateAuthority;

beforeAll(async () => {
  const caDir = tempDir('runner-ca');
  dirs.push(caDir);
  ca = await DevCertificateAuthority.load(caDir);
});

afterAll(async () => {
  for (const h of running) {
    await h.stop();
  }
  await Promise.all(echoes.map((e) => e.close()));
  for (const d of dirs) {
    fs.rmSync(d, { recursive: true, force: true });
  }
});

async function echo(name: string): Promise<number> {
  const e = await startEcho({ name, namespace: 'run', mode: 'http' });
  echoes.push(e);
  return e.port;
}

function model(httpTarget: string, ports: Record<string, number>): RoutingModel {
  return {
    entrypoints: [
      entrypoint('routes-http', 80, 'HTTP', [rule('r.example.com', '/', httpTarget)]),
      entrypoint('routes-https', 443, 'HTTPS', [rule('r.example.com', '/', httpTarget)], {
        certificates: [{ id: 'run:r', hosts: ['r.example.com'], source: { apiVersion: 'v1', kind: 'Route', name: 'r', field: 'spec.tls' } }],
      }),
    ],
    backends: Object.entries(ports).map(([id, port]) => backend(id, [{ port }])),
  };
}

describe('runner', () => {
  test('reload switches to the new configuration on HTTP and through the TLS socket hop', async () => {
    const blue = await echo('blue');
    const green = await echo('green');
    const httpPort = await freePort();
    const httpsPort = await freePort();
    const dir = tempDir('runner');
    dirs.push(dir);
    const cert = await ca.issue(['r.example.com']);
    const opts = { httpPort, httpsPort, defaultCertificate: cert, devCertificates: new Map([['run:r', cert]]) };
    const ports = { 'be:blue': blue, 'be:green': green };
    writeFilesAtomically(dir, translate(model('be:blue', ports), opts));
    const h = await startHaproxy(dir);
    running.push(h);
    const firstPid = h.pid;
    expect((await get({ port: httpPort, host: 'r.example.com' })).json.service).toBe('blue');

    writeFilesAtomically(dir, translate(model('be:green', ports), opts));
    expect(checkConfig(dir).ok).toBe(true);
    await h.reload();
    expect(h.pid).not.toBe(firstPid);
    expect((await get({ port: httpPort, host: 'r.example.com' })).json.service).toBe('green');
    const tls = await getTls({ port: httpsPort, host: 'r.example.com', ca: ca.caPem });
    expect(tls.json.service).toBe('green');

    await h.stop();
    await expect(get({ port: httpPort, host: 'r.example.com' })).rejects.toThrow(/ECONNREFUSED/);
  });

  test('fails to start with HAProxy\'s own message when the port is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const taken = (blocker.address() as net.AddressInfo).port;
    const dir = tempDir('runner-taken');
    dirs.push(dir);
    try {
      const cert = await ca.issue(['r.example.com']);
      writeFilesAtomically(dir, translate(model('be:x', { 'be:x': 1 }), {
        httpPort: taken, httpsPort: await freePort(), defaultCertificate: cert, devCertificates: new Map([['run:r', cert]]),
      }));
      await expect(startHaproxy(dir)).rejects.toThrow(/cannot bind socket|Address already in use|Starting frontend/);
    } finally {
      blocker.close();
    }
  });

  test('fails the check with HAProxy\'s output for a broken configuration', () => {
    const dir = tempDir('runner-broken');
    dirs.push(dir);
    fs.writeFileSync(path.join(dir, 'haproxy.cfg'), 'frontend f\n  bind 127.0.0.1:1\n  no-such-keyword\n');
    const result = checkConfig(dir);
    expect(result.ok).toBe(false);
    expect(result.output).toContain('no-such-keyword');
  });

  test('listeningAddresses reads TCP binds and skips abstract sockets', () => {
    const text = 'frontend a\n  bind 127.0.0.1:8080\n  bind :::8443 v6only\n  bind abns@x accept-proxy\n  bind [::1]:9000\n';
    expect(listeningAddresses(text)).toStrictEqual([{ host: '127.0.0.1', port: 8080 }, { host: '::1', port: 9000 }]);
  });
});

describe('echo', () => {
  test('answers with the service, pod, request line, host and headers', async () => {
    const e = await startEcho({ name: 'web', namespace: 'shop', pod: 'web-7', mode: 'http' });
    echoes.push(e);
    const r = await get({ port: e.port, host: 'Web.Example:1', path: '/x?y=1', method: 'POST', headers: { 'X-A': 'b' } });
    expect(r.status).toBe(200);
    expect(r.headers['x-echo-pod']).toBe('web-7');
    expect(r.json).toMatchObject({ service: 'web', namespace: 'shop', pod: 'web-7', method: 'POST', path: '/x?y=1', host: 'Web.Example:1', tls: false });
    expect(r.json.headers['x-a']).toBe('b');
  });

  test('tls-http reports TLS and the SNI it received', async () => {
    const cert = await ca.issue(['pass.example.com']);
    const e = await startEcho({ name: 'pass', namespace: 'shop', mode: 'tls-http', tls: cert });
    echoes.push(e);
    const r = await getTls({ port: e.port, host: 'pass.example.com', ca: ca.caPem });
    expect(r.json).toMatchObject({ service: 'pass', pod: 'pass-0', tls: true, sni: 'pass.example.com' });
  });

  test('fails to start an https echo without a certificate', async () => {
    await expect(startEcho({ name: 'x', namespace: 'y', mode: 'https' })).rejects.toThrow(/needs a certificate/);
  });
});
