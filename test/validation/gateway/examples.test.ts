import * as fs from 'fs';
import * as path from 'path';
import { GatewayApiChannel } from '../../../src/validation/context';
import { loadText } from '../../../src/validation/manifests';
import { validateLoaded } from '../../../src/validation/validate';

/**
 * Every upstream example of v1.6.1 applies cleanly with the CRDs of its
 * channel, so each must validate without errors here: standard examples with
 * the standard channel, experimental ones with the experimental channel.
 */

const EXAMPLES = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'gateway-api', 'examples');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name)).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [path.join(dir, e.name)] : []);
}

for (const channel of [GatewayApiChannel.STANDARD, GatewayApiChannel.EXPERIMENTAL]) {
  describe(`upstream ${channel} examples validate without errors`, () => {
    const list = files(path.join(EXAMPLES, channel));
    test('the examples are there', () => {
      expect(list.length).toBeGreaterThan(channel === GatewayApiChannel.STANDARD ? 50 : 5);
    });
    for (const f of list) {
      test(path.relative(EXAMPLES, f), () => {
        const loaded = loadText(fs.readFileSync(f, 'utf8'), f);
        expect(loaded.findings).toEqual([]);
        const report = validateLoaded(loaded.objects, { gatewayApiChannel: channel });
        expect(report.errors.map((e) => `${e.kind}/${e.name} ${e.field}: ${e.rule}: ${e.message}`)).toEqual([]);
        if (channel === GatewayApiChannel.STANDARD) {
          expect(report.warnings.filter((w) => w.rule.startsWith('gateway.')).map((w) => `${w.field}: ${w.rule}`)).toEqual([]);
        }
      });
    }
  });
}
