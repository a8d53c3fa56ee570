import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';

export const FIXTURES = path.join(__dirname, 'fixtures');
export const CERT = fs.readFileSync(path.join(FIXTURES, 'shop.crt'), 'utf8');
export const KEY = fs.readFileSync(path.join(FIXTURES, 'shop.key'), 'utf8');
export const CA = fs.readFileSync(path.join(FIXTURES, 'ca.crt'), 'utf8');

/** A chart in namespace `demo` inside a fresh test app. */
export function demoChart(): Chart {
  return new Chart(Testing.app(), 'test', { namespace: 'demo' });
}

/** The synthesized objects of one kind. */
export function manifestsOf(chart: Chart, kind: string): any[] {
  return Testing.synth(chart).filter((o: any) => o.kind === kind);
}

/** The one Route of the chart. */
export function theRoute(chart: Chart): any {
  const routes = manifestsOf(chart, 'Route');
  expect(routes).toHaveLength(1);
  return routes[0];
}
