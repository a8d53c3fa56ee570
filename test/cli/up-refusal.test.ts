import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main, CliIo } from '../../src/cli/main';

test('fails with exit 1 when up cannot render a value validation accepts, and prints the warning that names its field', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'up-refusal-'));
  process.env.CDK8S_ROUTING_DEV_CA_DIR = path.join(dir, 'ca');
  let out = '';
  let err = '';
  const input = `apiVersion: route.openshift.io/v1
kind: Route
metadata: { name: web, namespace: shop }
spec:
  host: web.apps.local
  path: "/a\\u0001b"
  to: { kind: Service, name: web }
`;
  const io: CliIo = {
    stdout: (s) => { out += s; },
    stderr: (s) => { err += s; },
    stdin: () => input,
    isTty: false,
    untilStopped: () => Promise.resolve(),
  };
  try {
    expect(await main(['up', '-'], io)).toBe(1);
    expect(err).toMatch(/spec\.path: .*\(warning, route\.path\.control-characters\)/);
    expect(err).toContain('cannot render');
    expect(err).not.toMatch(/\n\s+at /);
    expect(out).not.toContain('serving');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    delete process.env.CDK8S_ROUTING_DEV_CA_DIR;
  }
});
