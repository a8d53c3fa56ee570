/*
 * Ingress manifests → routing model → haproxy.cfg and the files it names:
 * golden files (UPDATE_GOLDEN=1 regenerates; review the diff), `haproxy -c`, determinism.
 */
import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from './util';
import { checkConfig, RenderOptions, translate, writeFilesAtomically } from '../../src/haproxy';
import { buildRoutingModel } from '../../src/model/build';
import { loadText } from '../../src/validation/manifests';

const FIXTURES = path.join(__dirname, '..', 'fixtures');
const GOLDEN = path.join(FIXTURES, 'haproxy', 'ingress-golden');
const cert = fs.readFileSync(path.join(FIXTURES, 'haproxy', 'tls', 'test.crt'), 'utf8');
const key = fs.readFileSync(path.join(FIXTURES, 'haproxy', 'tls', 'test.key'), 'utf8');
const options: RenderOptions = {
  httpPort: 18080,
  httpsPort: 18443,
  defaultCertificate: { certificatePem: cert, keyPem: key },
  devCertificates: new Map([['ing:shop:shop:tls1', { certificatePem: cert, keyPem: key }]]),
  socketTag: 'golden',
};

function render() {
  // The fixture's Secret holds placeholders; the test key pair makes the certificate loadable.
  const text = fs.readFileSync(path.join(FIXTURES, 'model', 'ingress.yaml'), 'utf8')
    .replace('"CERT"', JSON.stringify(cert)).replace('"KEY"', JSON.stringify(key));
  const { model } = buildRoutingModel(loadText(text, 'ingress.yaml').objects, {
    endpoints: [
      { namespace: 'shop', name: 'web', addresses: [{ host: '127.0.0.1', port: 9001 }] },
      { namespace: 'shop', name: 'web-v2', addresses: [{ host: '127.0.0.1', port: 9002 }] },
      { namespace: 'shop', name: 'api', addresses: [{ host: '127.0.0.1', port: 9003 }] },
    ],
  });
  return translate(model, options);
}

const files = render();
const compared = new Map([...files].filter(([name]) => !name.startsWith('certs/')));

test('renders the Ingress fixture exactly as the golden files', () => {
  if (process.env.UPDATE_GOLDEN === '1') {
    fs.rmSync(GOLDEN, { recursive: true, force: true });
    for (const [name, f] of compared) {
      fs.mkdirSync(path.dirname(path.join(GOLDEN, name)), { recursive: true });
      fs.writeFileSync(path.join(GOLDEN, name), f.content);
    }
  }
  const names = fs.readdirSync(GOLDEN).sort();
  expect([...compared.keys()]).toStrictEqual(names);
  for (const [name, f] of compared) {
    expect(`${name}:\n${f.content}`).toBe(`${name}:\n${fs.readFileSync(path.join(GOLDEN, name), 'utf8')}`);
  }
});

test('the rendered configuration passes haproxy -c', () => {
  const dir = tempDir('ingress-golden');
  try {
    writeFilesAtomically(path.join(dir, 'out'), files);
    expect(checkConfig(path.join(dir, 'out')).output).toBe('Configuration file is valid');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('is deterministic', () => {
  const again = render();
  expect([...again.keys()]).toStrictEqual([...files.keys()]);
  for (const [name, f] of files) expect(again.get(name)).toStrictEqual(f);
});
