import { Duration } from 'cdk8s';
import { renderTimer, wholeSeconds } from '../../src/common/duration';

describe('renderTimer', () => {
  test.each([
    [Duration.seconds(30), '30s'],
    [Duration.millis(1500), '1500ms'],
    [Duration.minutes(2), '2m'],
    [Duration.seconds(120), '2m'],
    [Duration.seconds(90), '90s'],
    [Duration.hours(1), '1h'],
    [Duration.minutes(90), '90m'],
    [Duration.days(1), '1d'],
    [Duration.hours(48), '2d'],
    [Duration.millis(0.5), '500us'],
    [Duration.millis(1), '1ms'],
    [Duration.parse('PT1M30S'), '90s'],
    [Duration.millis(2147483647), '2147483647ms'],
  ])('%p renders as %p', (d, expected) => {
    expect(renderTimer(d, 'timeout')).toBe(expected);
  });

  test('fails for zero', () => {
    expect(() => renderTimer(Duration.seconds(0), 'timeout')).toThrow('timeout: must be a positive duration, got 0ms (the router ignores 0 and negative values)');
  });

  test('fails above the HAProxy timer limit', () => {
    expect(() => renderTimer(Duration.millis(2147483648), 'timeout')).toThrow('timeout: 2147483648ms is too large: at most 2147483647ms');
  });

  test('fails below one microsecond', () => {
    expect(() => renderTimer(Duration.millis(0.0004), 'timeout')).toThrow('timeout: 0.0004ms is not a whole number of microseconds');
  });
});

describe('wholeSeconds', () => {
  test('zero and whole seconds', () => {
    expect(wholeSeconds(Duration.seconds(0), 'x')).toBe(0);
    expect(wholeSeconds(Duration.days(365), 'x')).toBe(31536000);
  });

  test('fails for fractions', () => {
    expect(() => wholeSeconds(Duration.millis(999), 'maxAge')).toThrow('maxAge: must be a whole, non-negative number of seconds, got 999ms');
  });
});
