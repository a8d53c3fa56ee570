import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main, CliIo } from '../../src/cli/main';
import { RunningEcho, startEcho } from '../../src/haproxy';
import { freePort, localRequest } from '../../src/private/http-client';

/**
 * `cdk8s-routing up --watch` end to end: a change to the input re-renders and
 * reloads a real HAProxy; a change that fails validation is reported and the
 * running configuration keeps serving.
 */
const route = (service: string) => `apiVersion: route.openshift.io/v1
kind: Route
metadata: { name: web, namespace: shop }
spec:
  host: web.apps.local
  to: { kind: Service, name: ${service} }
  port: { targetPort: 8080 }
`;

jest.setTimeout(90_000);

test('up --watch reloads on a valid change and keeps serving on an invalid one', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'up-watch-'));
  process.env.CDK8S_ROUTING_DEV_CA_DIR = path.join(dir, 'ca');
  const input = path.join(dir, 'manifests');
  fs.mkdirSync(input);
  fs.writeFileSync(path.join(input, 'route.yaml'), route('blue'));
  const echoes: RunningEcho[] = [];
  for (const name of ['blue', 'green']) echoes.push(await startEcho({ name, namespace: 'shop', mode: 'http' }));
  const httpPort = await freePort();
  const httpsPort = await freePort();

  let stop!: () => void;
  const stopped = new Promise<void>((r) => (stop = r));
  const reloads: boolean[] = [];
  let reloadWaiter: ((ok: boolean) => void) | undefined;
  const nextReload = () => new Promise<boolean>((r) => (reloadWaiter = r));
  let out = '';
  let err = '';
  const serving = new Promise<void>((resolve) => {
    const io: CliIo = {
      stdout: (s) => { out += s; },
      stderr: (s) => { err += s; },
      stdin: () => '',
      isTty: false,
      untilStopped: () => stopped,
      onServing: () => resolve(),
      onReload: (ok) => {
        reloads.push(ok);
        reloadWaiter?.(ok);
      },
    };
    void main(['up', input, '--watch', '--http-port', String(httpPort), '--https-port', String(httpsPort),
      '--endpoint', `shop/blue=127.0.0.1:${echoes[0].port}`, '--endpoint', `shop/green=127.0.0.1:${echoes[1].port}`], io).then((code) => {
      out += `\nexit ${code}\n`;
    });
  });
  const ask = async () => JSON.parse((await localRequest({ scheme: 'http', port: httpPort, host: 'web.apps.local', path: '/' })).body).service;
  try {
    await serving;
    expect(out).toContain('Watching');
    expect(await ask()).toBe('blue');

    // A valid change: the route now points at green.
    let reloaded = nextReload();
    fs.writeFileSync(path.join(input, 'route.yaml'), route('green'));
    expect(await reloaded).toBe(true);
    expect(await ask()).toBe('green');
    expect(out).toMatch(/reloaded HAProxy/);

    // An invalid change: reported, and green keeps serving.
    reloaded = nextReload();
    fs.writeFileSync(path.join(input, 'route.yaml'), route('green').replace('host: web.apps.local', 'host: "Not A Host"'));
    expect(await reloaded).toBe(false);
    expect(err).toMatch(/spec\.host/);
    expect(err).toContain('change not applied');
    expect(await ask()).toBe('green');
    expect(reloads).toEqual([true, false]);
  } finally {
    stop();
    await new Promise((r) => setTimeout(r, 200));
    await Promise.all(echoes.map((e) => e.close()));
    fs.rmSync(dir, { recursive: true, force: true });
    delete process.env.CDK8S_ROUTING_DEV_CA_DIR;
  }
});

test('fails with exit 2 when --watch is given standard input', async () => {
  let err = '';
  const io: CliIo = { stdout: () => undefined, stderr: (s) => { err += s; }, stdin: () => '', isTty: false };
  expect(await main(['up', '-', '--watch'], io)).toBe(2);
  expect(err).toContain('--watch needs files or directories');
});
