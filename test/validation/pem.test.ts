import { encodePem, isPrivateKeyType, splitPem } from '../../src/validation/pem';

const der1 = Buffer.from('first block');
const der2 = Buffer.from([0, 1, 2, 250, 251, 252, 253, 254, 255]);

describe('splitPem', () => {
  test('returns each block with its type and DER bytes, ignoring text outside the armour', () => {
    const text = `subject=CN=example\nsome comment\n${encodePem('CERTIFICATE', der1)}between\n${encodePem('PRIVATE KEY', der2)}trailer`;
    const split = splitPem(text);
    expect(split.blocks.map((b) => [b.type, b.der, b.index])).toStrictEqual([
      ['CERTIFICATE', der1, 0],
      ['PRIVATE KEY', der2, 1],
    ]);
    expect(split.unknownTypes).toStrictEqual([]);
    expect(split.malformed).toStrictEqual([]);
    expect(split.sawArmour).toBe(true);
  });

  test('drops EC PARAMETERS blocks as the router does', () => {
    const text = encodePem('EC PARAMETERS', Buffer.from([6, 8, 42])) + encodePem('EC PRIVATE KEY', der2);
    const split = splitPem(text, ['EC PRIVATE KEY']);
    expect(split.blocks.map((b) => b.type)).toStrictEqual(['EC PRIVATE KEY']);
    expect(split.unknownTypes).toStrictEqual([]);
  });

  test('reports block types outside the allowed list and leaves them out', () => {
    const text = encodePem('CERTIFICATE', der1) + encodePem('X509 CRL', der2) + encodePem('PUBLIC KEY', der2);
    const split = splitPem(text, ['CERTIFICATE']);
    expect(split.blocks.map((b) => b.type)).toStrictEqual(['CERTIFICATE']);
    expect(split.unknownTypes).toStrictEqual(['X509 CRL', 'PUBLIC KEY']);
  });

  test('reads RFC 1421 headers and CRLF line endings', () => {
    const body = der2.toString('base64');
    const text = `-----BEGIN RSA PRIVATE KEY-----\r\nProc-Type: 4,ENCRYPTED\r\nDEK-Info: AES-128-CBC,00FF\r\n\r\n${body}\r\n-----END RSA PRIVATE KEY-----\r\n`;
    const [block] = splitPem(text).blocks;
    expect(block.headers).toStrictEqual({ 'Proc-Type': '4,ENCRYPTED', 'DEK-Info': 'AES-128-CBC,00FF' });
    expect(block.der).toStrictEqual(der2);
  });

  test('finds no blocks in text without armour', () => {
    expect(splitPem('just some text')).toStrictEqual({ blocks: [], unknownTypes: [], malformed: [], sawArmour: false });
  });

  test('fails a block without an END line, reporting it as malformed', () => {
    const split = splitPem(`-----BEGIN CERTIFICATE-----\n${der1.toString('base64')}\n`);
    expect(split.blocks).toStrictEqual([]);
    expect(split.malformed).toStrictEqual(['a CERTIFICATE block has no matching END line']);
  });

  test('fails a block whose body is not base64, and keeps reading after it', () => {
    const text = '-----BEGIN CERTIFICATE-----\nnot*base64!\n-----END CERTIFICATE-----\n' + encodePem('CERTIFICATE', der1);
    const split = splitPem(text);
    expect(split.malformed).toStrictEqual(['a CERTIFICATE block is not valid base64']);
    expect(split.blocks.map((b) => b.der)).toStrictEqual([der1]);
  });

  test('ignores a BEGIN marker that does not start a line', () => {
    const split = splitPem(`text -----BEGIN CERTIFICATE-----\n${der1.toString('base64')}\n-----END CERTIFICATE-----\n`);
    expect(split.blocks).toStrictEqual([]);
  });
});

describe('encodePem', () => {
  test('writes 64-character lines that split back to the same bytes', () => {
    const der = Buffer.alloc(100, 7);
    const pem = encodePem('CERTIFICATE', der);
    expect(pem.split('\n')[1]).toHaveLength(64);
    expect(splitPem(pem).blocks[0].der).toStrictEqual(der);
  });
});

describe('isPrivateKeyType', () => {
  test('recognises the key types Go looks for', () => {
    expect(['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'ENCRYPTED PRIVATE KEY'].map(isPrivateKeyType)).toStrictEqual([true, true, true, true]);
    expect(['CERTIFICATE', 'PUBLIC KEY', 'PRIVATE KEYS'].map(isPrivateKeyType)).toStrictEqual([false, false, false]);
  });
});
