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
}

/**
 * A cdk8s-cli validation plugin: `cdk8s synth` validates every synthesized
 * manifest with the same rules as `cdk8s-routing validate`, and fails (exit 2)
 * with the construct path, field path and rule id of each error.
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
    const { objects, findings } = loadPaths(manifests);
    const report = validateLoaded(objects, { routerDomain: this.props.routerDomain }, findings);
    const failing = [...report.errors, ...(this.props.strict ? report.warnings : [])];
    const metadata: Record<string, { path?: string }> = context.metadata ?? {};
    const constructPath = (f: Finding): string | undefined => {
      if (!f.name) return undefined;
      const candidates = [`${f.kind}/${f.namespace ?? 'default'}/${f.name}`, `${f.namespace}/${f.name}`, f.name];
      for (const c of candidates) if (metadata[c]?.path) return metadata[c].path;
      return undefined;
    };
    const byRule = new Map<string, Finding[]>();
    for (const f of failing) byRule.set(f.rule, [...(byRule.get(f.rule) ?? []), f]);
    for (const [rule, list] of [...byRule].sort(([a], [b]) => (a < b ? -1 : 1))) {
      context.report.addViolation({
        ruleName: rule,
        recommendation: list.map((f) => `${f.kind} ${f.namespace ? `${f.namespace}/` : ''}${f.name}: ${f.field}: ${f.message}`).join('\n'),
        fix: 'see docs/validate.md in cdk8s-routing for this rule',
        violatingResources: list.map((f) => ({
          resourceName: `${f.kind}/${f.namespace ? `${f.namespace}/` : ''}${f.name}`,
          locations: [constructPath(f) ? `${constructPath(f)} (${f.field})` : f.field],
          manifestPath: f.file ?? '',
        })),
      });
    }
    for (const w of this.props.strict ? [] : report.warnings) {
      context.logger?.log?.(`warning: ${w.kind} ${w.namespace ?? ''}/${w.name}: ${w.field}: ${w.message} (${w.rule})`);
    }
    context.report.submit(failing.length > 0 ? 'failure' : 'success');
  }
}
