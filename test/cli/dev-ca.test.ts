import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main, CliIo } from '../../src/cli/main';

function io(stdin = ''): CliIo & { out: string; err: string } {
  const r = {
    out: '',
    err: '',
    stdout: (s: string) => { r.out += s; },
    stderr: (s: string) => { r.err += s; },
    stdin: () => stdin,
    isTty: false,
  };
  return r;
}

describe('cdk8s-routing dev-ca', () => {
  let dir: string;
  const saved = process.env.CDK8S_ROUTING_DEV_CA_DIR;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dev-ca-cli-'));
    process.env.CDK8S_ROUTING_DEV_CA_DIR = path.join(dir, 'ca');
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.CDK8S_ROUTING_DEV_CA_DIR;
    else process.env.CDK8S_ROUTING_DEV_CA_DIR = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('prints the CA certificate (never its key), the same one on every run', async () => {
    const a = io();
    const b = io();
    expect(await main(['dev-ca'], a)).toBe(0);
    expect(await main(['dev-ca'], b)).toBe(0);
    expect(a.out).toBe(b.out);
    expect(a.out).not.toMatch(/PRIVATE KEY/);
    const cert = new crypto.X509Certificate(a.out);
    expect(cert.ca).toBe(true);
  });

  test('--out writes the certificate to a file', async () => {
    const o = io();
    const file = path.join(dir, 'ca.pem');
    expect(await main(['dev-ca', '--out', file], o)).toBe(0);
    expect(new crypto.X509Certificate(fs.readFileSync(file, 'utf8')).ca).toBe(true);
    expect(o.err).toContain(file);
  });

  test('fails with exit 2 when the file cannot be written', async () => {
    const o = io();
    expect(await main(['dev-ca', '--out', path.join(dir, 'missing', 'ca.pem')], o)).toBe(2);
    expect(o.err).toContain('cannot write');
  });
});
