import { scaleWeights } from '../../src/model/weights';

const eps = (n: number, p: string) => Array.from({ length: n }, (_, i) => `${p}${i}`);

describe('scaleWeights (OpenShift router algorithm)', () => {
  test('scales per-endpoint weights so the largest is 256 (router example: A 20 / 2 endpoints, B 10 / 4 endpoints)', () => {
    const r = scaleWeights([{ weight: 20, endpoints: eps(2, 'a') }, { weight: 10, endpoints: eps(4, 'b') }]);
    expect(r.activeServices).toBe(2);
    expect(r.servers.map((s) => [s.endpoint, s.weight])).toStrictEqual([
      ['a0', 256], ['a1', 256], ['b0', 64], ['b1', 64], ['b2', 64], ['b3', 64],
    ]);
  });

  test('90/10 across two single-endpoint services keeps the ratio', () => {
    const r = scaleWeights([{ weight: 90, endpoints: ['a'] }, { weight: 10, endpoints: ['b'] }]);
    expect(r.servers.map((s) => s.weight)).toStrictEqual([256, 28]);
  });

  test('a single active service gets weight 1 per endpoint and zero-weight services 0', () => {
    const r = scaleWeights([{ weight: 100, endpoints: ['a', 'b'] }, { weight: 0, endpoints: ['c'] }]);
    expect(r.activeServices).toBe(1);
    expect(r.servers.map((s) => s.weight)).toStrictEqual([1, 1, 0]);
  });

  test('a service without endpoints is not active', () => {
    const r = scaleWeights([{ weight: 100, endpoints: [] }, { weight: 1, endpoints: ['b'] }]);
    expect(r.activeServices).toBe(1);
    expect(r.servers.map((s) => [s.endpoint, s.weight])).toStrictEqual([['b', 1]]);
  });

  test('all weights 0 gives every server weight 0', () => {
    const r = scaleWeights([{ weight: 0, endpoints: ['a'] }, { weight: 0, endpoints: ['b'] }]);
    expect(r.activeServices).toBe(0);
    expect(r.servers.map((s) => s.weight)).toStrictEqual([0, 0]);
  });

  test('a positive weight that truncates below 1 becomes 1', () => {
    const r = scaleWeights([{ weight: 256, endpoints: ['a'] }, { weight: 1, endpoints: eps(10, 'b') }]);
    expect(r.servers[0].weight).toBe(256);
    expect(r.servers.slice(1).every((s) => s.weight === 1)).toBe(true);
  });

  test('Gateway-sized weights (up to 1,000,000) still land in 0..256', () => {
    const r = scaleWeights([{ weight: 1_000_000, endpoints: ['a'] }, { weight: 1, endpoints: ['b'] }]);
    expect(r.servers.map((s) => s.weight)).toStrictEqual([256, 1]);
  });
});
