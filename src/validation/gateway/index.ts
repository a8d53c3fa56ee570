import { checkServableFilters } from './servable';
import { GatewayApiChannel, ValidationContext } from '../context';
import { FieldPath } from '../field-path';
import { FindingType, Issues } from '../finding';
import { dns1123LabelErrors, dns1123SubdomainErrors, isIP } from '../hostname';
import { LoadedObject } from '../manifests';
import { CelContext, isObj } from './cel';
import { checkBackendTlsPolicyCel, checkGatewayCel, checkListenerSetCel } from './cel-gateway';
import { checkRouteCel, RouteKind } from './cel-routes';
import { applyDefaults, Channel, checkSchema, deepCopy, SCHEMA_RULES } from './schema';
import { GATEWAY_KINDS, GROUP } from './schemas';

/**
 * Per-object validation of Gateway API v1.6.1 objects (group
 * `gateway.networking.k8s.io`): what the API server checks when the object is
 * created — served version, metadata, the CRD's OpenAPI schema (strict field
 * validation: unknown fields are errors) and, after defaulting, every CEL rule.
 *
 * Channel (option `gatewayApiChannel`, default standard): with the standard
 * channel, experimental-only fields and enum values are warnings
 * (`gateway.schema.experimental-field`) and experimental-only versions (e.g.
 * TLSRoute v1alpha2) are errors (`gateway.schema.version-not-served`); with
 * the experimental channel they are validated like the rest, including the
 * experimental CEL rules (parentRef port uniqueness, rule names, ExternalAuth,
 * session persistence).
 *
 * Cross-object checks (parentRefs, allowedRoutes, ReferenceGrants, backends)
 * are elsewhere.
 *
 * Internal: not part of the jsii API.
 */

export { applyGatewayDefaults } from './defaults';
export { GATEWAY_KINDS, GROUP as GATEWAY_GROUP } from './schemas';
export { ROUTE_CEL_MESSAGES } from './cel-routes';
export { GATEWAY_CEL_MESSAGES } from './cel-gateway';
export { SCHEMA_RULES } from './schema';

const TOP_FIELDS = ['apiVersion', 'kind', 'metadata', 'spec', 'status'];

/** The channel the options select. */
export function channelOf(ctx: ValidationContext | undefined): Channel {
  return ctx?.options.gatewayApiChannel === GatewayApiChannel.EXPERIMENTAL ? 'experimental' : 'standard';
}

/** Validates one object of group gateway.networking.k8s.io. */
export function validateGatewayObject(obj: LoadedObject, issues: Issues, ctx?: ValidationContext): void {
  const channel = channelOf(ctx);
  const kindInfo = GATEWAY_KINDS[obj.kind];
  if (!kindInfo) {
    issues.warn.add(FindingType.NOT_SUPPORTED, FieldPath.root('kind'), 'gateway.kind.unknown',
      `Unsupported value: ${JSON.stringify(obj.kind)}: not a kind of ${GROUP} in Gateway API v1.6.1 (known kinds: ${Object.keys(GATEWAY_KINDS).join(', ')}); not validated`);
    return;
  }
  const version = obj.apiVersion.slice(obj.apiVersion.indexOf('/') + 1);
  const info = kindInfo.versions[version];
  if (!info || !info[channel]) {
    const served = Object.entries(kindInfo.versions).filter(([, v]) => v[channel]).map(([n]) => `${GROUP}/${n}`);
    const hint = info && info.experimental && !info.standard ? '; this version is served by the experimental channel only' : '';
    issues.error.add(FindingType.NOT_SUPPORTED, FieldPath.root('apiVersion'), 'gateway.schema.version-not-served',
      `no matches for kind ${JSON.stringify(obj.kind)} in version ${JSON.stringify(obj.apiVersion)} ` +
      `(the ${channel} channel of Gateway API v1.6.1 serves ${served.join(', ')}${hint})`);
    return;
  }
  const o = obj.object;
  for (const k of Object.keys(o)) {
    if (!TOP_FIELDS.includes(k)) issues.error.forbidden(FieldPath.root(k), SCHEMA_RULES.unknownField, `unknown field "${k}"`);
  }
  checkMetadata(o.metadata, kindInfo.namespaced, issues);
  const specPath = FieldPath.root('spec');
  if (o.spec === undefined || o.spec === null) {
    issues.error.required(specPath, SCHEMA_RULES.required);
    return;
  }
  checkSchema(o.spec, info.schema.properties.spec, specPath, channel, issues);
  if (!isObj(o.spec)) return;

  // The API server defaults before CEL rules run (same as applyGatewayDefaults, on the spec only).
  const spec = deepCopy(o.spec) as Record<string, any>;
  applyDefaults(spec, info.schema.properties.spec, channel);
  if (obj.kind === 'Gateway') checkAddressFormat(spec, issues);
  const c = new CelContext(issues, channel, version);
  switch (obj.kind) {
    case 'Gateway':
      checkGatewayCel(spec, c);
      break;
    case 'ListenerSet':
      checkListenerSetCel(spec, c);
      break;
    case 'BackendTLSPolicy':
      checkBackendTlsPolicyCel(spec, c);
      break;
    case 'HTTPRoute':
    case 'GRPCRoute':
      checkRouteCel(obj.kind as RouteKind, spec, c);
      checkServableFilters(spec, issues);
      break;
    case 'TLSRoute':
    case 'TCPRoute':
    case 'UDPRoute':
      checkRouteCel(obj.kind as RouteKind, spec, c);
      break;
    default:
      break; // GatewayClass (transition rule only), ReferenceGrant (no CEL)
  }
}

/** The Gateway address `oneOf`: an IPAddress value must be an IPv4 or IPv6 address. */
function checkAddressFormat(spec: Record<string, any>, issues: Issues): void {
  if (!Array.isArray(spec.addresses)) return;
  spec.addresses.forEach((a: unknown, i: number) => {
    if (!isObj(a) || a.type !== 'IPAddress' || typeof a.value !== 'string') return;
    if (!isIP(a.value)) {
      issues.error.invalid(FieldPath.root('spec').child('addresses').index(i).child('value'), a.value, 'gateway.schema.ip-address',
        'must be an IPv4 or IPv6 address when type is IPAddress (the default type)');
    }
  });
}

const METADATA = FieldPath.root('metadata');

/** Name and namespace as the API server checks them for custom resources. */
function checkMetadata(meta: unknown, namespaced: boolean, issues: Issues): void {
  if (meta === undefined || meta === null) {
    issues.error.required(METADATA.child('name'), 'gateway.metadata.name', 'name or generateName is required');
    return;
  }
  if (!isObj(meta)) {
    issues.error.invalid(METADATA, meta, SCHEMA_RULES.type, 'must be of type object');
    return;
  }
  const name = meta.name;
  if (name === undefined || name === null || name === '') {
    if (typeof meta.generateName !== 'string' || meta.generateName === '') {
      issues.error.required(METADATA.child('name'), 'gateway.metadata.name', 'name or generateName is required');
    }
  } else if (typeof name !== 'string') {
    issues.error.invalid(METADATA.child('name'), name, SCHEMA_RULES.type, 'must be of type string');
  } else {
    const errs = dns1123SubdomainErrors(name);
    if (errs.length > 0) issues.error.invalid(METADATA.child('name'), name, 'gateway.metadata.name', errs.join('; '));
  }
  const ns = meta.namespace;
  if (ns !== undefined && ns !== null && ns !== '') {
    if (typeof ns !== 'string') {
      issues.error.invalid(METADATA.child('namespace'), ns, SCHEMA_RULES.type, 'must be of type string');
    } else if (!namespaced) {
      issues.warn.forbidden(METADATA.child('namespace'), 'gateway.metadata.namespace',
        'this kind is cluster-scoped; the namespace is ignored');
    } else {
      const errs = dns1123LabelErrors(ns);
      if (errs.length > 0) issues.error.invalid(METADATA.child('namespace'), ns, 'gateway.metadata.namespace', errs.join('; '));
    }
  }
  for (const m of ['labels', 'annotations']) {
    const v = meta[m];
    if (v === undefined || v === null) continue;
    if (!isObj(v)) {
      issues.error.invalid(METADATA.child(m), v, SCHEMA_RULES.type, 'must be of type object');
      continue;
    }
    for (const [k, val] of Object.entries(v)) {
      if (typeof val !== 'string') issues.error.invalid(METADATA.child(m).key(k), val, SCHEMA_RULES.type, 'must be of type string');
    }
  }
}
