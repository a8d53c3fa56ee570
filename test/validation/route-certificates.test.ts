import { fromObjects } from '../../src/validation/manifests';
import { validateLoaded } from '../../src/validation/validate';

jest.mock('../../src/validation/certificates', () => ({
  checkRouteCertificates: jest.fn(() => [
    { field: 'key', code: 'key-mismatch', message: 'the key does not match the certificate', severity: 'warning' },
    { field: 'certificate', code: 'expires-soon', message: 'expires in 3 days', severity: 'info' },
    { field: 'certificate', code: 'some-note', message: 'a fact the router does not act on', severity: 'info' },
  ]),
}));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { checkRouteCertificates } = require('../../src/validation/certificates');

const PEM = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n';

function route(tls: any, spec: any = {}) {
  return {
    apiVersion: 'route.openshift.io/v1',
    kind: 'Route',
    metadata: { name: 'shop', namespace: 'prod' },
    spec: { host: 'shop.example.com', to: { name: 'shop' }, tls, ...spec },
  };
}

beforeEach(() => (checkRouteCertificates as jest.Mock).mockClear());

test('certificate problems and validity dates become warnings on spec.tls.<field> with rule route.tls.<code>; other info is dropped', () => {
  const r = validateLoaded(fromObjects([route({ termination: 'edge', certificate: PEM, key: PEM })]));
  expect(r.errors).toEqual([]);
  expect(r.warnings.map((w) => [w.type, w.field, w.rule, w.message])).toEqual([
    ['Invalid', 'spec.tls.key', 'route.tls.key-mismatch', 'the key does not match the certificate'],
    ['Invalid', 'spec.tls.certificate', 'route.tls.expires-soon', 'expires in 3 days'],
  ]);
  expect(checkRouteCertificates).toHaveBeenCalledWith({
    certificate: PEM, key: PEM, caCertificate: undefined, destinationCACertificate: undefined, hosts: ['shop.example.com'],
  });
});

test('reencrypt passes the destination CA; wildcard routes pass *.<parent>', () => {
  validateLoaded(fromObjects([route({ termination: 'reencrypt', destinationCACertificate: PEM }, { host: 'any.apps.example.com', wildcardPolicy: 'Subdomain' })]));
  expect(checkRouteCertificates).toHaveBeenCalledWith(expect.objectContaining({ destinationCACertificate: PEM, hosts: ['*.apps.example.com'] }));
});

test('no certificate check for passthrough, plain routes or edge routes without inline PEM', () => {
  validateLoaded(fromObjects([
    route({ termination: 'edge' }),
    route(undefined),
    route({ termination: 'passthrough' }),
  ]));
  expect(checkRouteCertificates).not.toHaveBeenCalled();
});
