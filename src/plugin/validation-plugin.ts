import { GatewayApiChannel } from '../validation/context';
import { CustomResourceDefinitions } from '../validation/crd/definitions';
import { Finding } from '../validation/finding';
import { loadPaths } from '../validation/manifests';
import { validateLoaded } from '../validation/validate';

/** Properties of the cdk8s-cli validation plugin (the `properties` of its `cdk8s.yaml` entry). */
export interface RoutingValidationProps {
  /**
   * Fail the synth on warnings too.
   * @default false
   */
  readonly strict?: boolean;
  /**
   * Suffix of generated Route hosts (`NAME-NAMESPACE.DOMAIN`).
   * @default 'apps.local'
   */
  readonly routerDomain?: string;
  /**
   * CustomResourceDefinition files or directories (relative to the directory
   * `cdk8s synth` runs in) to validate custom resources against, like
   * `cdk8s-routing validate --crds`.
   * @default - no CRDs: only the built-in rules
   */
  readonly crds?: string[];
  /**
   * The Gateway API CRD channel the cluster has installed (`standard` or
   * `experimental`), like `cdk8s-routing validate --gateway-channel`.
   * @default GatewayApiChannel.STANDARD
   */
  readonly gatewayApiChannel?: GatewayApiChannel;
}

/**
 * A cdk8s-cli validation plugin: `cdk8s synth` validates every synthesized
 * manifest with the same rules as `cdk8s-routing validate`, and fails (exit 2)
 * with the construct path, field path and rule id of each error. Warnings
 * are printed and do not fail the synth unless `strict` is set.
 *
 * ```yaml
 * # cdk8s.yaml
 * validations:
 *   - package: cdk8s-routing
 *     version: 0.0.0          # the exact installed version
 *     class: RoutingValidation
 *     properties: { strict: false }
 * ```
 */
export class RoutingValidation {
  constructor(private readonly props: RoutingValidationProps = {}) {}

  /**
   * Called by cdk8s-cli with its ValidationContext (`manifests`, `metadata`, `report`, `logger`).
   */
  public async validate(context: any): Promise<void> {
    const manifests: string[] = context.manifests ?? [];
    const metadata: Record<string, { path?: string }> = context.metadata ?? {};
    let report;
    try {
      const crds = this.props.crds && this.props.crds.length > 0 ? CustomResourceDefinitions.fromPaths(this.props.crds) : undefined;
      const { objects, findings } = loadPaths(manifests);
      report = validateLoaded(objects, { routerDomain: this.props.routerDomain, crds, gatewayApiChannel: this.props.gatewayApiChannel }, findings);
    } catch (e) {
      // unreadable manifests or CRDs: a failed report, not a stack trace
      context.report.addViolation({
        ruleName: 'cdk8s-routing.input',
        recommendation: (e as Error).message,
        fix: 'check the paths in the plugin properties and the synthesized manifests',
        violatingResources: [],
      });
      context.report.submit('failure');
      return;
    }
    const failing = [...report.errors, ...(this.props.strict ? report.warnings : [])];
    // cdk8s records construct metadata by metadata.name
    const constructPath = (f: Finding): string | undefined => (f.name ? metadata[f.name]?.path : undefined);
    const byRule = new Map<string, Finding[]>();
    for (const f of failing) byRule.set(f.rule, [...(byRule.get(f.rule) ?? []), f]);
    for (const [rule, list] of [...byRule].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      context.report.addViolation({
        ruleName: rule,
        recommendation: list.map((f) => `${describe(f)}: ${f.field || '<object>'}: ${f.message}`).join('\n'),
        fix: `see "${rule}" in docs/validate.md of cdk8s-routing`,
        violatingResources: list.map((f) => ({
          resourceName: f.name ?? '',
          locations: [`${constructPath(f) ? `${constructPath(f)}: ` : ''}${f.field || '<object>'}${f.line !== undefined ? ` (line ${f.line})` : ''}`],
          manifestPath: f.file ?? '',
        })),
      });
    }
    for (const w of this.props.strict ? [] : report.warnings) {
      context.logger?.log?.(`warning: ${describe(w)}: ${w.field || '<object>'}: ${w.message} (${w.rule})`);
    }
    context.report.submit(failing.length > 0 ? 'failure' : 'success');
  }
}

function describe(f: Finding): string {
  return `${f.kind ?? '<unknown kind>'} ${f.namespace ? `${f.namespace}/` : ''}${f.name ?? ''}`;
}
