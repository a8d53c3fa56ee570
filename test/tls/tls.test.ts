import { App, Chart, Duration, Testing } from 'cdk8s';
import {
  CertManagerCertificate, CertManagerIssuer, PrivateKeyAlgorithm, PrivateKeyRotationPolicy,
} from '../../src/tls';

describe('CertManagerIssuer', () => {
  test('a ClusterIssuer becomes cluster-issuer for the shims and issuer-name/kind/group for Routes', () => {
    const i = CertManagerIssuer.clusterIssuer('letsencrypt-prod');
    expect(i.toShimAnnotations()).toEqual({ 'cert-manager.io/cluster-issuer': 'letsencrypt-prod' });
    expect(i.toRouteAnnotations()).toEqual({
      'cert-manager.io/issuer-name': 'letsencrypt-prod', 'cert-manager.io/issuer-kind': 'ClusterIssuer', 'cert-manager.io/issuer-group': 'cert-manager.io',
    });
    expect(i.toIssuerRef()).toEqual({ name: 'letsencrypt-prod', kind: 'ClusterIssuer', group: 'cert-manager.io' });
  });

  test('an Issuer and an external issuer', () => {
    expect(CertManagerIssuer.issuer('team-ca').toShimAnnotations()).toEqual({ 'cert-manager.io/issuer': 'team-ca' });
    expect(CertManagerIssuer.external({ name: 'pca', kind: 'AWSPCAClusterIssuer', group: 'awspca.cert-manager.io' }).toShimAnnotations()).toEqual({
      'cert-manager.io/issuer': 'pca', 'cert-manager.io/issuer-kind': 'AWSPCAClusterIssuer', 'cert-manager.io/issuer-group': 'awspca.cert-manager.io',
    });
  });

  test('fails for names, kinds and groups that are not Kubernetes names', () => {
    expect(() => CertManagerIssuer.clusterIssuer('Lets Encrypt')).toThrow(/"Lets Encrypt" must be a lower-case DNS subdomain/);
    expect(() => CertManagerIssuer.external({ name: 'x', kind: 'a-b', group: 'x.io' })).toThrow(/kind "a-b"/);
    expect(() => CertManagerIssuer.external({ name: 'x', kind: 'Foo', group: 'nodots' })).toThrow(/group "nodots"/);
  });
});

describe('CertManagerCertificate', () => {
  test('synthesizes a cert-manager Certificate with Go durations', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'shop' });
    new CertManagerCertificate(chart, 'cert', {
      metadata: { name: 'shop' },
      secretName: 'shop-tls',
      issuer: CertManagerIssuer.clusterIssuer('letsencrypt'),
      dnsNames: ['shop.example.com', '*.shop.example.com'],
      duration: Duration.days(30),
      renewBefore: Duration.minutes(90),
      privateKey: { algorithm: PrivateKeyAlgorithm.ECDSA, size: 256, rotationPolicy: PrivateKeyRotationPolicy.ALWAYS },
    });
    expect(Testing.synth(chart)).toEqual([{
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: 'shop', namespace: 'shop' },
      spec: {
        secretName: 'shop-tls',
        issuerRef: { name: 'letsencrypt', kind: 'ClusterIssuer', group: 'cert-manager.io' },
        dnsNames: ['shop.example.com', '*.shop.example.com'],
        duration: '720h',
        renewBefore: '1h30m',
        privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
      },
    }]);
  });

  test('fails at construction for bad names and without any subject', () => {
    const chart = new Chart(Testing.app(), 'c');
    const issuer = CertManagerIssuer.issuer('ca');
    expect(() => new CertManagerCertificate(chart, 'a', { secretName: 'Bad_Name', issuer, dnsNames: ['x.example.com'] })).toThrow(/secretName "Bad_Name"/);
    expect(() => new CertManagerCertificate(chart, 'b', { secretName: 'ok', issuer, dnsNames: ['foo.*.example.com'] })).toThrow(/"foo\.\*\.example\.com" is not a DNS name/);
    expect(() => new CertManagerCertificate(chart, 'c', { secretName: 'ok', issuer })).toThrow(/at least one of dnsNames, ipAddresses or commonName/);
  });

  test('fails synthesis with the webhook rule when renewBefore is not below the duration', () => {
    const app = new App();
    const chart = new Chart(app, 'c');
    new CertManagerCertificate(chart, 'cert', {
      secretName: 'ok', issuer: CertManagerIssuer.issuer('ca'), dnsNames: ['x.example.com'], duration: Duration.hours(2), renewBefore: Duration.hours(3),
    });
    expect(() => app.synth()).toThrow(/spec\.renewBefore: .*less than the certificate duration.*\[certmanager\.certificate\.renew-before\]/);
  });
});
