import { EndpointResolver, EndpointsError, parseEndpointFlag, parseEndpointsFile } from '../../src/model/endpoints';
import { ObjectIndex } from '../../src/validation/context';
import { loadText } from '../../src/validation/manifests';

describe('endpoints', () => {
  test('parses --endpoint with namespace, port and several addresses', () => {
    expect(parseEndpointFlag('prod/shop:8080=127.0.0.1:9001,127.0.0.1:9002')).toStrictEqual({
      namespace: 'prod',
      name: 'shop',
      port: 8080,
      addresses: [{ host: '127.0.0.1', port: 9001 }, { host: '127.0.0.1', port: 9002 }],
    });
    expect(parseEndpointFlag('web=127.0.0.1:80')).toMatchObject({ namespace: 'default', name: 'web', port: undefined });
    expect(parseEndpointFlag('ns/web:http=[::1]:80').addresses).toStrictEqual([{ host: '::1', port: 80 }]);
  });

  test.each([
    ['prod/shop', /expected NS\/NAME/],
    ['prod/shop=127.0.0.1', /not HOST:PORT/],
    ['prod/shop=127.0.0.1:70000', /not in 1-65535/],
    ['Prod/Shop=127.0.0.1:80', /lower-case DNS names/],
    ['a/b/c=127.0.0.1:80', /NAMESPACE\/NAME/],
  ])('fails on a bad --endpoint %s', (flag, msg) => {
    expect(() => parseEndpointFlag(flag)).toThrow(EndpointsError);
    expect(() => parseEndpointFlag(flag)).toThrow(msg);
  });

  test('parses the endpoints file of CONTRACT.md', () => {
    const specs = parseEndpointsFile(`endpoints:
  - service: prod/shop
    port: 8080
    addresses: ["127.0.0.1:9001", "127.0.0.1:9002"]
  - service: web
    addresses: ["127.0.0.1:9003"]
`, 'ep.yaml');
    expect(specs).toHaveLength(2);
    expect(specs[1]).toMatchObject({ namespace: 'default', name: 'web', port: undefined });
  });

  test('fails on an endpoints file without a list, naming the file', () => {
    expect(() => parseEndpointsFile('foo: 1\n', 'ep.yaml')).toThrow(/ep.yaml: expected a top-level "endpoints:" list/);
    expect(() => parseEndpointsFile('endpoints:\n  - addresses: []\n', 'ep.yaml')).toThrow(/endpoints\[0\]: "service"/);
  });

  test('matches a route target port to the Service port by name, port or targetPort', () => {
    const svc = loadText(`apiVersion: v1
kind: Service
metadata: { name: shop, namespace: prod }
spec:
  ports:
    - { name: http, port: 80, targetPort: 8080 }
    - { name: admin, port: 9000, targetPort: 9090 }
`, 's.yaml').objects;
    const r = new EndpointResolver([
      { namespace: 'prod', name: 'shop', port: 80, addresses: [{ host: '127.0.0.1', port: 1001 }] },
      { namespace: 'prod', name: 'shop', port: 'admin', addresses: [{ host: '127.0.0.1', port: 1002 }] },
    ], new ObjectIndex(svc));
    expect(r.resolve('prod', 'shop', 8080).map((e) => e.port)).toStrictEqual([1001]);
    expect(r.resolve('prod', 'shop', 'http').map((e) => e.port)).toStrictEqual([1001]);
    expect(r.resolve('prod', 'shop', 9090).map((e) => e.port)).toStrictEqual([1002]);
    expect(r.resolve('prod', 'shop', undefined).map((e) => e.port)).toStrictEqual([1001, 1002]);
    expect(r.resolve('prod', 'other', 80)).toStrictEqual([]);
  });

  test('entries without a port apply to every port', () => {
    const r = new EndpointResolver([{ namespace: 'd', name: 'web', addresses: [{ host: '127.0.0.1', port: 1 }, { host: '127.0.0.1', port: 1 }] }], new ObjectIndex([]));
    expect(r.resolve('d', 'web', 'http')).toHaveLength(1);
  });
});
