import { ApiObject, ApiObjectMetadata, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { checkControllerName } from './checks';
import { ParametersReference, parametersRefToKube } from './references';
import { validateManifests } from '../validation/validate';

/** Properties of a `GatewayClass`. */
export interface GatewayClassProps {
  /**
   * Metadata (GatewayClass is cluster-scoped: a namespace is not written).
   * @default - a name generated from the construct path
   */
  readonly metadata?: ApiObjectMetadata;
  /** The controller that manages Gateways of this class, a domain-prefixed path such as `example.com/gateway-controller`. */
  readonly controllerName: string;
  /**
   * Implementation-specific parameters for the class.
   * @default - none
   */
  readonly parametersRef?: ParametersReference;
  /**
   * A human-readable description (at most 64 characters).
   * @default - none
   */
  readonly description?: string;
}

/**
 * A GatewayClass (`gateway.networking.k8s.io/v1`, cluster-scoped): a kind of
 * Gateway, implemented by one controller. Pass it to `Gateway` as `gatewayClass`.
 */
export class GatewayClass extends Construct {
  /** The underlying API object. */
  public readonly apiObject: ApiObject;
  /** The name of the GatewayClass (what Gateways write as `gatewayClassName`). */
  public readonly name: string;
  /** The controller name. */
  public readonly controllerName: string;

  private readonly props: GatewayClassProps;

  constructor(scope: Construct, id: string, props: GatewayClassProps) {
    super(scope, id);
    const what = `GatewayClass ${this.node.path}`;
    this.controllerName = checkControllerName(props?.controllerName, `${what}: controllerName`);
    if (props.description !== undefined && (typeof props.description !== 'string' || props.description.length > 64)) {
      throw new Error(`${what}: description must be at most 64 characters, got ${JSON.stringify(props.description)}`);
    }
    const parametersRef = props.parametersRef ? parametersRefToKube(props.parametersRef, `${what}: parametersRef`, true) : undefined;
    this.props = props;
    const metadata = { ...(props.metadata ?? {}) };
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'GatewayClass',
      metadata,
      spec: Lazy.any({
        produce: () => ({
          controllerName: this.controllerName,
          ...(parametersRef ? { parametersRef } : {}),
          ...(this.props.description !== undefined ? { description: this.props.description } : {}),
        }),
      }),
    });
    // Cluster-scoped: drop the chart's namespace.
    if (this.apiObject.metadata.namespace !== undefined) {
      if (props.metadata?.namespace !== undefined) throw new Error(`${what}: GatewayClass is cluster-scoped; metadata.namespace (${JSON.stringify(props.metadata.namespace)}) is not allowed`);
      (this.apiObject.metadata as any).namespace = undefined;
    }
    this.name = this.apiObject.name;
    this.node.addValidation({
      validate: () => validateManifests([this.apiObject.toJson()]).errors.map((f) => `${f.field}: ${f.message} [${f.rule}]`),
    });
  }
}
