import { checkInteger, checkRouteWeight } from '../../src/common/weight';

describe('weights', () => {
  test.each([0, 1, 100, 256])('%p is a valid Route weight', (w) => {
    expect(checkRouteWeight(w, 'b')).toBe(w);
  });

  test.each([-1, 257, 0.5, Infinity])('fails for Route weight %p', (w) => {
    expect(() => checkRouteWeight(w, 'backend "a"')).toThrow(`backend "a": weight must be an integer between 0 and 256, got ${w}`);
  });

  test('fails for an integer out of range', () => {
    expect(() => checkInteger(0, 1, 10, 'n')).toThrow('n: must be an integer between 1 and 10, got 0');
  });
});
