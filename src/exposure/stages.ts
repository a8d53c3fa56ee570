import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { Exposure, ExposureProps } from './exposure';

/** Properties of {@link CanaryStages}. */
export interface CanaryStagesProps {
  /** The canary percentages to promote through, ascending, each 0–100 (e.g. 5, 25, 50, 100). */
  readonly stages: number[];
  /** The exposure; its `canary` is required and its percent is replaced by each stage's. */
  readonly exposure: ExposureProps;
  /**
   * Properties of each stage's chart (e.g. the namespace).
   * @default - no namespace, default labels
   */
  readonly chartProps?: ChartProps;
}

/**
 * Progressive delivery: one chart per canary stage, so `cdk8s synth` writes one
 * manifest set per stage (`<id>-stage-5.k8s.yaml`, `<id>-stage-25.k8s.yaml`,
 * ...) and a pipeline promotes by applying the next file. Each chart holds the
 * same {@link Exposure} with the canary at that stage's percentage; at 100 the
 * stable Services get no traffic. `cdk8s-routing up` can run any stage's file.
 */
export class CanaryStages {
  /** The charts, in stage order. */
  public readonly charts: Chart[] = [];
  /** The exposures, in stage order. */
  public readonly exposures: Exposure[] = [];

  constructor(scope: Construct, id: string, props: CanaryStagesProps) {
    const where = `CanaryStages ${id}`;
    if (!props?.exposure?.canary) throw new Error(`${where}: the exposure needs a canary`);
    const stages = props.stages ?? [];
    if (stages.length === 0) throw new Error(`${where}: give at least one stage`);
    stages.forEach((p, i) => {
      if (!Number.isInteger(p) || p < 0 || p > 100) throw new Error(`${where}: stage ${JSON.stringify(p)} must be an integer percentage in 0-100`);
      if (i > 0 && p <= stages[i - 1]) throw new Error(`${where}: stages must ascend (${stages.join(', ')})`);
    });
    for (const p of stages) {
      const chart = new Chart(scope, `${id}-stage-${p}`, props.chartProps);
      this.charts.push(chart);
      this.exposures.push(new Exposure(chart, id, { ...props.exposure, canary: props.exposure.canary.withPercent(p) }));
    }
  }
}
