import { CERT_MANAGER_CROSS_VALIDATORS, CERT_MANAGER_GROUP, validateCertificate } from './cert-manager';
import { ValidationContext } from './context';
import { Issues } from './finding';
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
]);

export const CROSS_VALIDATORS: CrossValidator[] = [
  ...ROUTE_CROSS_VALIDATORS, ...INGRESS_CROSS_VALIDATORS, ...CERT_MANAGER_CROSS_VALIDATORS, ...TLS_SECRET_CROSS_VALIDATORS,
];
