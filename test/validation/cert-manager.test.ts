import { parseGoDuration } from '../../src/validation/cert-manager';
import { fromObjects } from '../../src/validation/manifests';
import { validateLoaded } from '../../src/validation/validate';

function cert(spec: any, extra: any[] = []) {
  return validateLoaded(fromObjects([{ apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'shop', namespace: 'prod' }, spec }, ...extra]));
}

const OK = { secretName: 'shop-tls', dnsNames: ['shop.example.com', '*.shop.example.com'], issuerRef: { name: 'letsencrypt', kind: 'ClusterIssuer' } };
const ids = (r: ReturnType<typeof cert>, which: 'errors' | 'warnings' = 'errors') => r[which].map((f) => [f.type, f.field, f.rule]);

describe('cert-manager Certificate validation', () => {
  test('a certificate with a secret, DNS names and an issuer is valid', () => {
    const r = cert({ ...OK, duration: '2160h', renewBefore: '360h', privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' } });
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
  });

  test('fails without secretName, subject or issuerRef', () => {
    expect(ids(cert({}))).toEqual([
      ['Required', 'spec.secretName', 'certmanager.certificate.secret-name'],
      ['Required', 'spec', 'certmanager.certificate.subject'],
      ['Required', 'spec.issuerRef', 'certmanager.certificate.issuer-ref'],
    ]);
  });

  test('fails for a cert-manager.io issuer kind other than Issuer/ClusterIssuer; external groups may use any kind', () => {
    expect(ids(cert({ ...OK, issuerRef: { name: 'x', kind: 'Foo' } }))).toEqual([['NotSupported', 'spec.issuerRef.kind', 'certmanager.certificate.issuer-kind']]);
    expect(cert({ ...OK, issuerRef: { name: 'x', kind: 'AWSPCAClusterIssuer', group: 'awspca.cert-manager.io' } }).errors).toEqual([]);
  });

  test('fails for durations below 1h, renewBefore below 5m or not below the duration, and both renewal fields', () => {
    expect(ids(cert({ ...OK, duration: '30m' }))).toEqual([['Invalid', 'spec.duration', 'certmanager.certificate.duration']]);
    expect(ids(cert({ ...OK, renewBefore: '1m' }))).toEqual([['Invalid', 'spec.renewBefore', 'certmanager.certificate.renew-before']]);
    expect(ids(cert({ ...OK, duration: '24h', renewBefore: '24h' }))).toEqual([['Invalid', 'spec.renewBefore', 'certmanager.certificate.renew-before']]);
    expect(ids(cert({ ...OK, renewBefore: '1h', renewBeforePercentage: 20 }))).toEqual([['Forbidden', 'spec.renewBeforePercentage', 'certmanager.certificate.renew-before']]);
    expect(ids(cert({ ...OK, duration: 'ninety days' }))).toEqual([['Invalid', 'spec.duration', 'certmanager.certificate.duration']]);
  });

  test('fails for unsupported key algorithms, sizes and encodings', () => {
    expect(ids(cert({ ...OK, privateKey: { algorithm: 'DSA' } }))).toEqual([['NotSupported', 'spec.privateKey.algorithm', 'certmanager.certificate.private-key']]);
    expect(ids(cert({ ...OK, privateKey: { algorithm: 'RSA', size: 1024 } }))).toEqual([['Invalid', 'spec.privateKey.size', 'certmanager.certificate.private-key']]);
    expect(ids(cert({ ...OK, privateKey: { algorithm: 'ECDSA', size: 2048 } }))).toEqual([['NotSupported', 'spec.privateKey.size', 'certmanager.certificate.private-key']]);
    expect(ids(cert({ ...OK, privateKey: { encoding: 'DER' } }))).toEqual([['NotSupported', 'spec.privateKey.encoding', 'certmanager.certificate.private-key']]);
  });

  test('fails for cert-manager.io annotations in secretTemplate and a commonName over 64 characters', () => {
    expect(ids(cert({ ...OK, secretTemplate: { annotations: { 'cert-manager.io/foo': 'x' } } }))).toEqual([
      ['Forbidden', 'spec.secretTemplate.annotations.cert-manager.io/foo', 'certmanager.certificate.secret-template'],
    ]);
    expect(ids(cert({ ...OK, commonName: 'a'.repeat(65) }))).toEqual([['TooLong', 'spec.commonName', 'certmanager.certificate.common-name']]);
  });

  test('warns about a missing ClusterIssuer only when the input has ClusterIssuers', () => {
    expect(cert(OK).warnings).toEqual([]);
    const other = { apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'other' }, spec: { selfSigned: {} } };
    expect(ids(cert(OK, [other]), 'warnings')).toEqual([['NotFound', 'spec.issuerRef.name', 'certmanager.certificate.issuer-not-found']]);
    const same = { ...other, metadata: { name: 'letsencrypt' } };
    expect(cert(OK, [same]).warnings).toEqual([]);
  });

  test('Go durations', () => {
    expect(parseGoDuration('2160h')).toBe(2160 * 3_600_000);
    expect(parseGoDuration('1h30m')).toBe(90 * 60_000);
    expect(parseGoDuration('1.5h')).toBe(90 * 60_000);
    expect(parseGoDuration('90 days')).toBeUndefined();
  });
});
