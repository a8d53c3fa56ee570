import { ObjectIndex } from '../../src/validation/context';
import { FieldPath } from '../../src/validation/field-path';
import { GatewayIndex, intersectHostnames, ReferenceGrants, selectorMatches } from '../../src/validation/gateway-attachment';
import { fromObjects, LoadedObject } from '../../src/validation/manifests';
import { validateManifests } from '../../src/validation/validate';

const G = 'gateway.networking.k8s.io/v1';

function gateway(name: string, ns: string, listeners: any[], extra: any = {}): any {
  return { apiVersion: G, kind: 'Gateway', metadata: { name, namespace: ns }, spec: { gatewayClassName: 'local', listeners, ...extra } };
}
function httpRoute(name: string, ns: string, spec: any): any {
  return { apiVersion: G, kind: 'HTTPRoute', metadata: { name, namespace: ns }, spec };
}
function service(name: string, ns: string, ports: number[] = [8080], type?: string): any {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { ...(type ? { type } : {}), ports: ports.map((port) => ({ port })) } };
}
function build(objects: any[]): { gi: GatewayIndex; objs: LoadedObject[] } {
  const objs = fromObjects(objects);
  return { gi: new GatewayIndex(new ObjectIndex(objs)), objs };
}
function find(objs: LoadedObject[], kind: string, name: string): LoadedObject {
  return objs.find((o) => o.kind === kind && o.name === name)!;
}
/** The warnings of this module (other validators' rules left out). */
function warnings(objects: any[]): Array<[string, string, string]> {
  return validateManifests(objects).warnings
    .filter((w) => /^gateway\.(parentref|backendref|certificateref|listenerset|rule)\./.test(w.rule))
    .map((w) => [w.name!, w.field, w.rule]);
}

describe('intersectHostnames (listener ∩ route)', () => {
  test.each([
    [undefined, [], []],
    ['a.example.com', [], ['a.example.com']],
    [undefined, ['a.example.com', '*.b.com'], ['a.example.com', '*.b.com']],
    ['test.example.com', ['test.example.com'], ['test.example.com']],
    ['test.example.com', ['*.example.com'], ['test.example.com']],
    ['*.example.com', ['*.example.com'], ['*.example.com']],
    ['*.example.com', ['test.example.com', 'foo.test.example.com'], ['test.example.com', 'foo.test.example.com']],
    ['*.example.com', ['*.foo.example.com'], ['*.foo.example.com']],
    ['*.foo.example.com', ['*.example.com'], ['*.foo.example.com']],
    ['*.example.com', ['example.com', 'test.example.net'], undefined],
    ['test.example.com', ['other.example.com', '*.test.example.com'], undefined],
  ])('listener %s with route hostnames %j → %j', (listener, route, expected) => {
    expect(intersectHostnames(listener, route)).toStrictEqual(expected);
  });
});

describe('selectorMatches', () => {
  test('matchLabels and every matchExpressions operator', () => {
    const labels = { team: 'a', env: 'prod' };
    expect(selectorMatches({ matchLabels: { team: 'a' } }, labels)).toBe(true);
    expect(selectorMatches({ matchLabels: { team: 'b' } }, labels)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'dev'] }] }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] }, labels)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'team', operator: 'Exists' }] }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'team', operator: 'DoesNotExist' }] }, labels)).toBe(false);
    expect(selectorMatches({}, labels)).toBe(true);
    expect(selectorMatches(undefined, labels)).toBe(false);
  });
});

describe('ReferenceGrants', () => {
  const grant = (ns: string, from: any[], to: any[]): any => ({ apiVersion: 'gateway.networking.k8s.io/v1beta1', kind: 'ReferenceGrant', metadata: { name: 'g', namespace: ns }, spec: { from, to } });
  const grants = new ReferenceGrants(new ObjectIndex(fromObjects([
    grant('backend', [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'web' }, { group: 'gateway.networking.k8s.io', kind: 'TCPRoute', namespace: 'tcp' }],
      [{ group: '', kind: 'Service', name: 'api' }]),
    grant('certs', [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'infra' }], [{ group: '', kind: 'Secret' }]),
  ])));
  const route = (namespace: string, kind = 'HTTPRoute') => ({ group: 'gateway.networking.k8s.io', kind, namespace });

  test('from and to entries are ORed; a grant without name allows every object of the kind', () => {
    expect(grants.permits(route('web'), { group: '', kind: 'Service', namespace: 'backend', name: 'api' })).toBe(true);
    expect(grants.permits(route('tcp', 'TCPRoute'), { group: '', kind: 'Service', namespace: 'backend', name: 'api' })).toBe(true);
    expect(grants.permits({ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'infra' }, { group: '', kind: 'Secret', namespace: 'certs', name: 'any' })).toBe(true);
  });

  test('fails for another name, kind, source namespace or source kind', () => {
    expect(grants.permits(route('web'), { group: '', kind: 'Service', namespace: 'backend', name: 'db' })).toBe(false);
    expect(grants.permits(route('other'), { group: '', kind: 'Service', namespace: 'backend', name: 'api' })).toBe(false);
    expect(grants.permits(route('web', 'GRPCRoute'), { group: '', kind: 'Service', namespace: 'backend', name: 'api' })).toBe(false);
    expect(grants.permits(route('web'), { group: '', kind: 'Secret', namespace: 'backend', name: 'api' })).toBe(false);
  });

  test('the same namespace needs no grant', () => {
    expect(grants.permits(route('x'), { group: '', kind: 'Service', namespace: 'x', name: 'y' })).toBe(true);
  });
});

describe('GatewayIndex.attach', () => {
  const listeners = [
    { name: 'http', port: 80, protocol: 'HTTP', hostname: '*.example.com' },
    { name: 'all', port: 8080, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } },
    { name: 'selected', port: 8081, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { shared: 'yes' } } } } },
    { name: 'tls', port: 443, protocol: 'TLS', tls: { mode: 'Passthrough' } },
  ];

  test('parentRef defaults (group, kind, namespace), sectionName and port pick listeners', () => {
    const { gi, objs } = build([
      gateway('gw', 'infra', listeners),
      httpRoute('r', 'infra', { parentRefs: [{ name: 'gw' }, { name: 'gw', sectionName: 'all' }, { name: 'gw', port: 8081 }], hostnames: ['a.example.com'] }),
    ]);
    const a = gi.attach(find(objs, 'HTTPRoute', 'r'));
    expect(a.map((x) => x.listeners.map((l) => `${l.listener.name}=${l.hostnames.join(',')}`))).toStrictEqual([
      ['http=a.example.com', 'all=a.example.com'],
      ['all=a.example.com'],
      [], // infra has no Namespace object with the label the selector wants
    ]);
    expect(a[2].problem?.rule).toBe('gateway.parentref.not-allowed');
  });

  test('allowedRoutes: Same (default), All and Selector with labels of Namespace objects in the input', () => {
    const { gi, objs } = build([
      gateway('gw', 'infra', listeners),
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team', labels: { shared: 'yes' } } },
      httpRoute('r', 'team', { parentRefs: [{ name: 'gw', namespace: 'infra' }] }),
      httpRoute('s', 'stranger', { parentRefs: [{ name: 'gw', namespace: 'infra', sectionName: 'http' }] }),
    ]);
    expect(gi.attach(find(objs, 'HTTPRoute', 'r'))[0].listeners.map((l) => l.listener.name)).toStrictEqual(['all', 'selected']);
    const s = gi.attach(find(objs, 'HTTPRoute', 's'))[0];
    expect(s.listeners).toStrictEqual([]);
    expect(s.problem).toMatchObject({ reason: 'NotAllowedByListeners', rule: 'gateway.parentref.not-allowed' });
  });

  test('kinds derive from the protocol: an HTTPRoute cannot use a TLS listener', () => {
    const { gi, objs } = build([gateway('gw', 'infra', listeners), httpRoute('r', 'infra', { parentRefs: [{ name: 'gw', sectionName: 'tls' }] })]);
    const a = gi.attach(find(objs, 'HTTPRoute', 'r'))[0];
    expect(a.problem?.message).toContain('allows route kinds TLSRoute, not HTTPRoute');
  });

  test('fails for a missing listener, a missing Gateway, and no hostname intersection, with field paths', () => {
    const { gi, objs } = build([
      gateway('gw', 'infra', listeners),
      httpRoute('r', 'infra', {
        parentRefs: [{ name: 'gw', sectionName: 'nope' }, { name: 'gone' }, { name: 'gw', sectionName: 'http' }, { name: 'mesh', group: '', kind: 'Service' }],
        hostnames: ['a.example.net'],
      }),
    ]);
    const a = gi.attach(find(objs, 'HTTPRoute', 'r'));
    expect(a.map((x) => [x.problem?.rule, x.problem?.field.toString()])).toStrictEqual([
      ['gateway.parentref.listener-not-found', 'spec.parentRefs[0].sectionName'],
      ['gateway.parentref.not-found', 'spec.parentRefs[1].name'],
      ['gateway.parentref.no-matching-hostname', 'spec.hostnames'],
      [undefined, undefined],
    ]);
  });

  test('ListenerSets add listeners only when the Gateway allows them', () => {
    const ls = (name: string, ns: string): any => ({
      apiVersion: G,
      kind: 'ListenerSet',
      metadata: { name, namespace: ns },
      spec: { parentRef: { name: 'gw', namespace: 'infra' }, listeners: [{ name: `${name}-l`, port: 9000, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } }] },
    });
    const objects = [
      gateway('gw', 'infra', [listeners[0]], { allowedListeners: { namespaces: { from: 'Same' } } }),
      ls('inside', 'infra'),
      ls('outside', 'team'),
      httpRoute('r', 'team', { parentRefs: [{ name: 'inside', namespace: 'infra', kind: 'ListenerSet' }] }),
    ];
    const { gi, objs } = build(objects);
    expect(gi.listenersOf(find(objs, 'Gateway', 'gw')).map((l) => l.name)).toStrictEqual(['http', 'inside-l']);
    expect(gi.attach(find(objs, 'HTTPRoute', 'r'))[0].listeners.map((l) => l.listener.name)).toStrictEqual(['inside-l']);
    expect(warnings(objects)).toStrictEqual([['outside', 'spec.parentRef', 'gateway.listenerset.not-allowed']]);
  });
});

describe('GatewayIndex.resolveBackend', () => {
  const objects = [
    httpRoute('r', 'web', {}),
    service('api', 'web', [8080]),
    service('ext', 'web', [80], 'ExternalName'),
    service('other', 'backend', [8080]),
  ];
  const { gi, objs } = build(objects);
  const r = find(objs, 'HTTPRoute', 'r');
  const p = FieldPath.root('spec').child('rules').index(0).child('backendRefs').index(0);
  const resolve = (ref: any) => gi.resolveBackend(r, ref, p);

  test('a Service in the input with the port resolves, weight defaults to 1', () => {
    expect(resolve({ name: 'api', port: 8080 })).toMatchObject({ ok: true, namespace: 'web', name: 'api', port: 8080, weight: 1 });
  });

  test.each([
    [{ name: 'api', port: 9999 }, 'BackendNotFound', 'gateway.backendref.port-not-found', 'port'],
    [{ name: 'nope', port: 8080 }, 'BackendNotFound', 'gateway.backendref.service-not-found', 'name'],
    [{ name: 'other', namespace: 'backend', port: 8080 }, 'RefNotPermitted', 'gateway.backendref.not-permitted', 'namespace'],
    [{ name: 'b', group: 'example.com', kind: 'Backend' }, 'InvalidKind', 'gateway.backendref.invalid-kind', 'kind'],
    [{ name: 'ext', port: 80 }, 'UnsupportedProtocol', 'gateway.backendref.external-name', 'name'],
  ])('fails for %j: %s', (ref, reason, rule, field) => {
    const res = resolve(ref);
    expect(res).toMatchObject({ ok: false, reason, rule });
    expect(res.field!.toString()).toBe(`spec.rules[0].backendRefs[0].${field}`);
  });

  test('without Services in the input a Service reference is assumed to exist', () => {
    const only = build([httpRoute('r', 'web', {})]);
    expect(only.gi.resolveBackend(find(only.objs, 'HTTPRoute', 'r'), { name: 'x', port: 1 }, p).ok).toBe(true);
  });
});

describe('cross-object warnings (validate)', () => {
  test('reports parentRefs, backendRefs, rules without backends and certificateRefs with rule ids and field paths', () => {
    expect(warnings([
      gateway('gw', 'infra', [
        { name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } },
        { name: 'https', port: 443, protocol: 'HTTPS', tls: { certificateRefs: [{ name: 'missing' }, { name: 'elsewhere', namespace: 'certs' }] } },
      ]),
      { apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/tls', metadata: { name: 'elsewhere', namespace: 'certs' } },
      service('api', 'web'),
      httpRoute('r', 'web', {
        parentRefs: [{ name: 'gw', namespace: 'infra' }, { name: 'gw', namespace: 'infra', sectionName: 'https' }],
        rules: [
          { backendRefs: [{ name: 'api', port: 8080 }, { name: 'api', port: 81 }, { name: 'x', namespace: 'infra', port: 1 }] },
          { matches: [{ path: { type: 'PathPrefix', value: '/none' } }] },
        ],
      }),
    ])).toStrictEqual([
      ['r', 'spec.parentRefs[1]', 'gateway.parentref.not-allowed'],
      ['r', 'spec.rules[0].backendRefs[1].port', 'gateway.backendref.port-not-found'],
      ['r', 'spec.rules[0].backendRefs[2].namespace', 'gateway.backendref.not-permitted'],
      ['r', 'spec.rules[1].backendRefs', 'gateway.rule.no-backends'],
      ['gw', 'spec.listeners[1].tls.certificateRefs[0].name', 'gateway.certificateref.not-found'],
      ['gw', 'spec.listeners[1].tls.certificateRefs[1].namespace', 'gateway.certificateref.not-permitted'],
    ]);
  });

  test('does not report backendRefs of other kinds (implementation-specific, e.g. ServiceImport)', () => {
    expect(warnings([
      service('api', 'web'),
      httpRoute('r', 'web', { rules: [{ backendRefs: [{ group: 'multicluster.x-k8s.io', kind: 'ServiceImport', name: 'store', port: 8080 }] }] }),
    ])).toStrictEqual([]);
  });

  test('does not report missing Gateways, Services or Secrets when the input holds none of that kind', () => {
    expect(warnings([
      httpRoute('r', 'web', { parentRefs: [{ name: 'gw' }], rules: [{ backendRefs: [{ name: 'api', port: 8080 }] }] }),
    ])).toStrictEqual([]);
    expect(warnings([
      gateway('gw', 'infra', [{ name: 'https', port: 443, protocol: 'HTTPS', tls: { certificateRefs: [{ name: 'cert' }] } }]),
    ])).toStrictEqual([]);
  });
});
