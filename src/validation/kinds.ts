import { CERT_MANAGER_CROSS_VALIDATORS, CERT_MANAGER_GROUP, validateCertificate } from './cert-manager';
import { ValidationContext } from './context';
import { Issues } from './finding';
import { GATEWAY_GROUP, GATEWAY_KINDS, validateGatewayObject } from './gateway';
import { GATEWAY_CROSS_VALIDATORS } from './gateway-attachment';
import { INGRESS_GROUP, validateIngressClass } from './ingress';
import { INGRESS_CROSS_VALIDATORS, validateIngressObject } from './ingress-nginx';
import { LoadedObject } from './manifests';
import { validateRoute, ROUTE_CROSS_VALIDATORS } from './route';
import { TLS_SECRET_CROSS_VALIDATORS } from './tls-secrets';

/** Checks one object; appends issues and continues. */
export type ObjectValidator = (obj: LoadedObject, issues: Issues, ctx: ValidationContext) => void;
/** Checks across objects (through ctx.index, never quadratic); reports issues on the object they concern. */
export type CrossValidator = (ctx: ValidationContext, issuesFor: (obj: LoadedObject) => Issues) => void;

/** Per-kind validators, keyed by kind; `groups` are the API groups the kind is recognised in. */
export const KIND_VALIDATORS = new Map<string, { groups: string[]; validate: ObjectValidator }>([
  ['Route', { groups: ['route.openshift.io'], validate: validateRoute }],
  ['Ingress', { groups: [INGRESS_GROUP], validate: validateIngressObject }],
  ['IngressClass', { groups: [INGRESS_GROUP], validate: validateIngressClass }],
  ['Certificate', { groups: [CERT_MANAGER_GROUP], validate: validateCertificate }],
  ...Object.keys(GATEWAY_KINDS).map((k): [string, { groups: string[]; validate: ObjectValidator }] =>
    [k, { groups: [GATEWAY_GROUP], validate: validateGatewayObject }]),
]);

/** Validators for kinds of a group that KIND_VALIDATORS does not know (e.g. a warning for unknown Gateway API kinds). */
export const GROUP_VALIDATORS = new Map<string, ObjectValidator>([
  [GATEWAY_GROUP, validateGatewayObject],
]);

export const CROSS_VALIDATORS: CrossValidator[] = [
  ...ROUTE_CROSS_VALIDATORS, ...INGRESS_CROSS_VALIDATORS, ...CERT_MANAGER_CROSS_VALIDATORS, ...TLS_SECRET_CROSS_VALIDATORS,
  ...GATEWAY_CROSS_VALIDATORS,
];
