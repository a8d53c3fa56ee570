import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as kplus from 'cdk8s-plus-28';
import { CA, CERT, demoChart, FIXTURES, KEY, theRoute } from './helpers';
import { InsecureEdgeTerminationPolicy, Route, RouteBackend, RouteCertificate, RouteTls, TlsTermination } from '../../src/route';

function tlsOf(tls: RouteTls): any {
  const chart = demoChart();
  new Route(chart, 'route', { host: 'shop.apps.local', to: RouteBackend.fromServiceName('web'), tls });
  return theRoute(chart).spec.tls;
}

describe('RouteTls', () => {
  test('edge without options uses the router default certificate', () => {
    expect(tlsOf(RouteTls.edge())).toStrictEqual({ termination: 'edge' });
  });

  test('edge with an inline certificate and Redirect', () => {
    const tls = RouteTls.edge({
      certificate: RouteCertificate.fromPem({ certificate: CERT, key: KEY, caCertificate: CA }),
      insecureEdgeTerminationPolicy: InsecureEdgeTerminationPolicy.REDIRECT,
    });
    expect(tls.termination).toBe(TlsTermination.EDGE);
    expect(tlsOf(tls)).toStrictEqual({
      termination: 'edge', certificate: CERT, key: KEY, caCertificate: CA, insecureEdgeTerminationPolicy: 'Redirect',
    });
  });

  test('edge with Allow', () => {
    expect(tlsOf(RouteTls.edge({ insecureEdgeTerminationPolicy: InsecureEdgeTerminationPolicy.ALLOW })))
      .toStrictEqual({ termination: 'edge', insecureEdgeTerminationPolicy: 'Allow' });
  });

  test('passthrough with None and Redirect', () => {
    expect(tlsOf(RouteTls.passthrough())).toStrictEqual({ termination: 'passthrough' });
    expect(tlsOf(RouteTls.passthrough({ insecureEdgeTerminationPolicy: InsecureEdgeTerminationPolicy.NONE })))
      .toStrictEqual({ termination: 'passthrough', insecureEdgeTerminationPolicy: 'None' });
    expect(tlsOf(RouteTls.passthrough({ insecureEdgeTerminationPolicy: InsecureEdgeTerminationPolicy.REDIRECT })))
      .toStrictEqual({ termination: 'passthrough', insecureEdgeTerminationPolicy: 'Redirect' });
  });

  test('fails for passthrough with Allow', () => {
    expect(() => RouteTls.passthrough({ insecureEdgeTerminationPolicy: InsecureEdgeTerminationPolicy.ALLOW })).toThrow(
      'RouteTls.passthrough: insecureEdgeTerminationPolicy "Allow" is not possible with passthrough termination',
    );
  });

  test('reencrypt with certificate files and a destination CA', () => {
    const tls = RouteTls.reencrypt({
      certificate: RouteCertificate.fromFiles({
        certificateFile: path.join(FIXTURES, 'shop.crt'),
        keyFile: path.join(FIXTURES, 'shop.key'),
        caCertificateFile: path.join(FIXTURES, 'ca.crt'),
      }),
      destinationCaCertificate: CA,
    });
    expect(tlsOf(tls)).toStrictEqual({
      termination: 'reencrypt', certificate: CERT, key: KEY, caCertificate: CA, destinationCACertificate: CA,
    });
  });

  test('reencrypt without a destination CA', () => {
    expect(tlsOf(RouteTls.reencrypt())).toStrictEqual({ termination: 'reencrypt' });
  });

  test('fails for a destination CA that is not PEM', () => {
    expect(() => RouteTls.reencrypt({ destinationCaCertificate: 'not a certificate' })).toThrow(
      'RouteTls.reencrypt: destinationCaCertificate: expected PEM data with at least one "-----BEGIN CERTIFICATE-----" block',
    );
  });

  test('fails for an unknown insecure policy', () => {
    expect(() => RouteTls.edge({ insecureEdgeTerminationPolicy: 'Sometimes' as InsecureEdgeTerminationPolicy })).toThrow(
      'RouteTls.edge: unsupported insecureEdgeTerminationPolicy "Sometimes": supported values: None, Allow, Redirect',
    );
  });
});

describe('RouteCertificate', () => {
  test('fromSecretName writes externalCertificate', () => {
    const cert = RouteCertificate.fromSecretName('shop-tls');
    expect(cert.secretName).toBe('shop-tls');
    expect(tlsOf(RouteTls.edge({ certificate: cert }))).toStrictEqual({ termination: 'edge', externalCertificate: { name: 'shop-tls' } });
  });

  test('fromSecret takes a kplus TlsSecret', () => {
    const chart = demoChart();
    const secret = new kplus.TlsSecret(chart, 'shop-tls', { tlsCert: CERT, tlsKey: KEY });
    new Route(chart, 'route', {
      host: 'shop.apps.local',
      to: RouteBackend.fromServiceName('web'),
      tls: RouteTls.reencrypt({ certificate: RouteCertificate.fromSecret(secret) }),
    });
    expect(theRoute(chart).spec.tls).toStrictEqual({ termination: 'reencrypt', externalCertificate: { name: secret.name } });
  });

  test('fails for a Secret in another namespace', () => {
    const chart = demoChart();
    const secret = new kplus.TlsSecret(chart, 'shop-tls', { tlsCert: CERT, tlsKey: KEY, metadata: { namespace: 'other' } });
    expect(() => new Route(chart, 'route', {
      to: RouteBackend.fromServiceName('web'),
      tls: RouteTls.edge({ certificate: RouteCertificate.fromSecret(secret) }),
    })).toThrow(`Route test/route: certificate Secret "${secret.name}" is in namespace "other" but the Route is in "demo"`);
  });

  test('fails for an invalid Secret name', () => {
    expect(() => RouteCertificate.fromSecretName('Shop_TLS')).toThrow(
      'RouteCertificate.fromSecretName: invalid Secret name "Shop_TLS": must be a DNS-1123 subdomain',
    );
  });

  test('fails for a certificate that is not PEM', () => {
    expect(() => RouteCertificate.fromPem({ certificate: 'abc', key: KEY })).toThrow(
      'RouteCertificate.fromPem: certificate: expected PEM data with at least one "-----BEGIN CERTIFICATE-----" block',
    );
  });

  test('fails for a key that is a certificate', () => {
    expect(() => RouteCertificate.fromPem({ certificate: CERT, key: CERT })).toThrow(
      'RouteCertificate.fromPem: key: expected a PEM private key block',
    );
  });

  test('fails for an invalid CA certificate', () => {
    expect(() => RouteCertificate.fromPem({ certificate: CERT, key: KEY, caCertificate: KEY })).toThrow(
      'RouteCertificate.fromPem: caCertificate: expected PEM data',
    );
  });

  test('fails for a missing file, naming it', () => {
    const missing = path.join(FIXTURES, 'missing.crt');
    expect(() => RouteCertificate.fromFiles({ certificateFile: missing, keyFile: path.join(FIXTURES, 'shop.key') })).toThrow(
      `RouteCertificate.fromFiles: certificateFile: cannot read file ${missing}: ENOENT`,
    );
  });

  test('fails for a key file that holds no key, naming it', () => {
    const crt = path.join(FIXTURES, 'shop.crt');
    expect(() => RouteCertificate.fromFiles({ certificateFile: crt, keyFile: crt })).toThrow(
      `RouteCertificate.fromFiles: keyFile ${crt}: expected a PEM private key block`,
    );
  });

  test('fails for an encrypted key file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'route-tls-'));
    const file = path.join(dir, 'enc.key');
    fs.writeFileSync(file, '-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n');
    try {
      expect(() => RouteCertificate.fromFiles({ certificateFile: path.join(FIXTURES, 'shop.crt'), keyFile: file })).toThrow(
        `RouteCertificate.fromFiles: keyFile ${file}: encrypted private keys are not supported by the router`,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('fails for a CA file that is not a certificate', () => {
    const key = path.join(FIXTURES, 'shop.key');
    expect(() => RouteCertificate.fromFiles({ certificateFile: path.join(FIXTURES, 'shop.crt'), keyFile: key, caCertificateFile: key })).toThrow(
      `RouteCertificate.fromFiles: caCertificateFile ${key}: expected PEM data`,
    );
  });
});
