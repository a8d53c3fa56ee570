import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/**
 * End to end: the real `cdk8s synth` (cdk8s-cli, a dev dependency) loads the
 * RoutingValidation plugin from cdk8s.yaml and fails the synth on a broken
 * Route, naming the construct path and the rule.
 *
 * The plugin is loaded through a one-line shim that compiles the TypeScript
 * source with ts-node, so the test never runs against a stale `lib/`. A user
 * project uses `package: cdk8s-routing` instead (see docs/validate.md).
 */
const ROOT = path.resolve(__dirname, '..', '..');
const CDK8S = path.join(ROOT, 'node_modules', '.bin', 'cdk8s');
const WORK = path.join(ROOT, 'test', '.work');

function project(name: string, resources: string, properties?: Record<string, unknown>): string {
  fs.mkdirSync(WORK, { recursive: true });
  const dir = fs.mkdtempSync(path.join(WORK, `synth-${name}-`));
  fs.writeFileSync(path.join(dir, 'shim.js'), [
    `require('ts-node').register({ transpileOnly: true, project: ${JSON.stringify(path.join(ROOT, 'tsconfig.dev.json'))} });`,
    `module.exports = require(${JSON.stringify(path.join(ROOT, 'src', 'plugin', 'validation-plugin.ts'))});`,
    '',
  ].join('\n'));
  fs.writeFileSync(path.join(dir, 'main.js'), [
    "const { App, Chart, ApiObject } = require('cdk8s');",
    'const app = new App();',
    "const chart = new Chart(app, 'shop', { namespace: 'prod' });",
    resources,
    'app.synth();',
    '',
  ].join('\n'));
  fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), [
    'language: typescript',
    'app: node main.js',
    'validations:',
    '  - package: ./shim.js',
    '    version: 0.0.0',
    '    class: RoutingValidation',
    ...(properties ? [`    properties: ${JSON.stringify(properties)}`] : []),
    '',
  ].join('\n'));
  return dir;
}

function synth(dir: string): { status: number | null; output: string } {
  const r = spawnSync(CDK8S, ['synth', '--no-check-upgrade'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    timeout: 120_000,
  });
  return { status: r.status, output: `${r.stdout}\n${r.stderr}` };
}

const SERVICE = "new ApiObject(chart, 'shop-svc', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'shop' }, spec: { ports: [{ port: 8080 }] } });";

function route(spec: Record<string, unknown>): string {
  return `new ApiObject(chart, 'storefront', { apiVersion: 'route.openshift.io/v1', kind: 'Route', metadata: { name: 'storefront' }, spec: ${JSON.stringify(spec)} });`;
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('cdk8s synth with the RoutingValidation plugin', () => {
  test('fails with exit 2 on a broken Route, naming the construct path, the field and the rule', () => {
    const dir = project('broken', `${SERVICE}\n${route({ host: 'shop.example.com', path: '/cart', to: { kind: 'Service', name: 'shop' }, tls: { termination: 'passthrough' } })}`);
    dirs.push(dir);
    const r = synth(dir);
    expect(r.output).toContain('route.path.passthrough');
    expect(r.output).toMatch(/Construct Path: shop\/storefront/);
    expect(r.output).toMatch(/shop\/storefront: spec\.path \(line \d+\)/);
    expect(r.output).toContain('passthrough termination does not support paths');
    expect(r.status).toBe(2);
  });

  test('passes (exit 0) on a valid Route', () => {
    const dir = project('valid', `${SERVICE}\n${route({ host: 'shop.example.com', path: '/cart', to: { kind: 'Service', name: 'shop' }, port: { targetPort: 8080 } })}`);
    dirs.push(dir);
    const r = synth(dir);
    expect(r.output).toMatch(/Status\s*│\s*success/);
    expect(r.status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'dist', 'shop.k8s.yaml'), 'utf8')).toContain('kind: Route');
  });

  test('fails on warnings only with strict: true', () => {
    const warnOnly = `${SERVICE}\n${route({ host: 'shop.example.com', to: { kind: 'Service', name: 'missing' } })}`;
    const lenient = project('lenient', warnOnly);
    const strict = project('strict', warnOnly, { strict: true });
    dirs.push(lenient, strict);
    expect(synth(lenient).status).toBe(0);
    const r = synth(strict);
    expect(r.output).toMatch(/route\.[a-z.-]+/);
    expect(r.status).toBe(2);
  });
});
