/**
 * The portable construct: one `Exposure` definition of a checkout service with
 * a canary, promoted in stages (10 % → 50 % → 100 %), produced for the family
 * you pick. `CanaryStages` writes one manifest set per stage:
 * dist/examples/exposure/checkout-stage-10.k8s.yaml, ...-50, ...-100.
 *
 *   npx ts-node --project tsconfig.dev.json examples/exposure-app.ts   # writes dist/examples/exposure/
 */
import * as path from 'path';
import { App, Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Canary, CanaryStages, ExposureBackend, ExposureTarget } from '../src';

/** The host the example serves. */
export const EXPOSURE_APP_HOST = 'checkout.exposure.local';

/** Options of the example. */
export interface ExposureAppOptions {
  /** Which family to produce. Default: Gateway API with a Gateway of class `cdk8s-routing`. */
  readonly target?: ExposureTarget;
  /** Canary stages in percent. Default: 10, 50, 100. */
  readonly stages?: number[];
}

/** Builds one chart per stage into `app` (namespace `checkout`); returns the charts in stage order. */
export function buildExposureApp(app: App, options: ExposureAppOptions = {}): Chart[] {
  // The Services live in their own chart (the same for every stage).
  const services = new Chart(app, 'checkout-services', { namespace: 'checkout' });
  const stable = new kplus.Service(services, 'stable', { metadata: { name: 'checkout' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] });
  const next = new kplus.Service(services, 'next', { metadata: { name: 'checkout-next' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] });
  stable.selectLabel('app', 'checkout');
  next.selectLabel('app', 'checkout-next');

  const stages = new CanaryStages(app, 'checkout', {
    stages: options.stages ?? [10, 50, 100],
    chartProps: { namespace: 'checkout' },
    exposure: {
      target: options.target ?? ExposureTarget.gateway({ gatewayClassName: 'cdk8s-routing' }),
      name: 'checkout',
      hosts: [EXPOSURE_APP_HOST],
      backends: [ExposureBackend.fromService(stable)],
      timeout: Duration.seconds(15),
      // Testers send `x-checkout: next` to reach the canary at any stage.
      canary: new Canary({ backend: ExposureBackend.fromService(next), percent: 0, header: { name: 'x-checkout', value: 'next' } }),
    },
  });
  return stages.charts;
}

if (require.main === module) {
  const app = new App({ outdir: path.join(process.cwd(), 'dist', 'examples', 'exposure') });
  buildExposureApp(app);
  app.synth();
  console.log(`wrote ${app.outdir}`);
}
