import * as path from 'path';
import { checkCertificatePem, checkPrivateKeyPem, pemBlockTypes, readTextFile } from '../../src/route/pem-input';

const CERT = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n';

describe('pem', () => {
  test('lists block types in order', () => {
    expect(pemBlockTypes(`${CERT}text\n${KEY}${CERT}`)).toStrictEqual(['CERTIFICATE', 'EC PRIVATE KEY', 'CERTIFICATE']);
    // like Go's pem.Decode (the router), a BEGIN line must start a line
    expect(pemBlockTypes(`${CERT}text${KEY}`)).toStrictEqual(['CERTIFICATE']);
    expect(pemBlockTypes('-----BEGIN CERTIFICATE-----\nAAAA\n')).toStrictEqual([]);
  });

  test('accepts certificates and keys', () => {
    expect(checkCertificatePem(CERT, 'c')).toBe(CERT);
    expect(checkPrivateKeyPem(KEY, 'k')).toBe(KEY);
  });

  test('fails for a key given as certificate', () => {
    expect(() => checkCertificatePem(KEY, 'cert')).toThrow('cert: expected PEM data with at least one "-----BEGIN CERTIFICATE-----" block');
  });

  test('fails for a certificate given as key', () => {
    expect(() => checkPrivateKeyPem(CERT, 'key')).toThrow('key: expected a PEM private key block');
  });

  test('fails for an unreadable file, naming it', () => {
    const file = path.join(__dirname, 'does-not-exist.pem');
    expect(() => readTextFile(file, 'keyFile')).toThrow(`keyFile: cannot read file ${file}: ENOENT`);
  });
});
