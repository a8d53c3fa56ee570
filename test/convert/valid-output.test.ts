import * as fs from 'fs';
import * as path from 'path';
import { convertManifests } from '../../src/convert';
import { fromObjects, loadText } from '../../src/validation/manifests';
import { validateLoaded } from '../../src/validation/validate';

const INPUT = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'convert', 'mixed.yaml'), 'utf8');

describe('converted objects pass validation', () => {
  test('Routes and Ingresses (edge, reencrypt, passthrough, redirects, canary, default backend) become valid Gateway API objects', () => {
    const { objects } = loadText(INPUT, 'mixed.yaml');
    const out = convertManifests(objects, { to: 'gateway' });
    expect(out.notices.filter((n) => n.severity === 'error')).toEqual([]);
    expect(out.objects.map((o) => o.kind).sort()).toEqual([
      'BackendTLSPolicy', 'Gateway', 'Gateway', 'HTTPRoute', 'HTTPRoute', 'HTTPRoute', 'HTTPRoute', 'HTTPRoute', 'HTTPRoute', 'TLSRoute',
    ]);
    const report = validateLoaded(fromObjects(out.objects));
    expect(report.errors).toEqual([]);
  });

  test('and back: the Gateway API objects convert to Routes and Ingresses that pass validation', () => {
    const { objects } = loadText(INPUT, 'mixed.yaml');
    const gateway = convertManifests(objects, { to: 'gateway' });
    const services = objects.filter((o) => o.kind === 'Service').map((o) => o.object);
    const again = fromObjects([...services, ...gateway.objects]);
    for (const to of ['route', 'ingress'] as const) {
      const out = convertManifests(again, { to });
      expect(out.objects.length).toBeGreaterThan(0);
      expect(validateLoaded(fromObjects([...services, ...out.objects])).errors).toEqual([]);
    }
  });
});
