/**
 * Validation of cert-manager `Certificate` objects (cert-manager.io/v1), as
 * cert-manager's webhook rejects them (errors), plus references to Issuers and
 * ClusterIssuers missing from the input (warnings, only when the input holds
 * objects of that kind so "missing" can be known).
 */
import { ValidationContext } from './context';
import { FieldPath } from './field-path';
import { Issues } from './finding';
import { isDns1123Subdomain, isIP, isWildcardDns1123Subdomain } from './hostname';
import type { CrossValidator } from './kinds';
import { LoadedObject } from './manifests';

export const CERT_MANAGER_GROUP = 'cert-manager.io';
const SPEC = FieldPath.root('spec');
const isObj = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v !== '';

const GO_DURATION = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/;
const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A Go duration (`2160h`, `1h30m`, `90m0s`) in milliseconds, or undefined. */
export function parseGoDuration(value: string): number | undefined {
  if (!GO_DURATION.test(value)) return value === '0' ? 0 : undefined;
  let ms = 0;
  for (const m of value.matchAll(/([0-9]+(?:\.[0-9]+)?)(ns|us|µs|ms|s|m|h)/g)) ms += Number(m[1]) * UNIT_MS[m[2]];
  return ms;
}

const HOUR = 3_600_000;
const DEFAULT_DURATION_MS = 2160 * HOUR;
const SUBJECT_FIELDS = ['commonName', 'dnsNames', 'ipAddresses', 'uris', 'emailAddresses', 'otherNames', 'literalSubject'];
const ALGORITHMS = ['RSA', 'ECDSA', 'Ed25519'];
const ENCODINGS = ['PKCS1', 'PKCS8'];
const ROTATION = ['Always', 'Never'];

export function validateCertificate(obj: LoadedObject, issues: Issues, _ctx: ValidationContext): void {
  if (obj.apiVersion !== `${CERT_MANAGER_GROUP}/v1`) {
    issues.warn.notSupported(FieldPath.root('apiVersion'), obj.apiVersion, [`${CERT_MANAGER_GROUP}/v1`], 'certmanager.api-version');
    return;
  }
  const spec = obj.object.spec;
  if (!isObj(spec)) {
    issues.error.required(SPEC, 'certmanager.certificate.spec', 'spec is required');
    return;
  }
  if (!nonEmpty(spec.secretName)) {issues.error.required(SPEC.child('secretName'), 'certmanager.certificate.secret-name', 'the Secret the certificate is stored in');} else if (!isDns1123Subdomain(spec.secretName)) {
    issues.error.invalid(SPEC.child('secretName'), spec.secretName, 'certmanager.certificate.secret-name', 'must be a DNS-1123 subdomain (a valid Secret name)');
  }

  const hasSubject = SUBJECT_FIELDS.some((f) => (Array.isArray(spec[f]) ? spec[f].length > 0 : nonEmpty(spec[f])));
  if (!hasSubject) {
    issues.error.required(SPEC, 'certmanager.certificate.subject', `at least one of ${SUBJECT_FIELDS.join(', ')} must be set`);
  }
  if (nonEmpty(spec.commonName) && spec.commonName.length > 64) {
    issues.error.tooLong(SPEC.child('commonName'), spec.commonName, 64, 'certmanager.certificate.common-name');
  }
  (Array.isArray(spec.dnsNames) ? spec.dnsNames : []).forEach((n: unknown, i: number) => {
    if (typeof n !== 'string' || !(isDns1123Subdomain(n) || isWildcardDns1123Subdomain(n))) {
      issues.warn.invalid(SPEC.child('dnsNames').index(i), n, 'certmanager.certificate.dns-name', 'not a DNS name; the issuer will refuse or ignore it');
    }
  });
  (Array.isArray(spec.ipAddresses) ? spec.ipAddresses : []).forEach((n: unknown, i: number) => {
    if (typeof n !== 'string' || !isIP(n)) issues.error.invalid(SPEC.child('ipAddresses').index(i), n, 'certmanager.certificate.ip-address', 'must be an IPv4 or IPv6 address');
  });

  // issuerRef
  const ref = spec.issuerRef;
  const refPath = SPEC.child('issuerRef');
  if (!isObj(ref)) {
    issues.error.required(refPath, 'certmanager.certificate.issuer-ref', 'the Issuer or ClusterIssuer that signs the certificate');
  } else {
    if (!nonEmpty(ref.name)) issues.error.required(refPath.child('name'), 'certmanager.certificate.issuer-ref');
    const group = ref.group ?? '';
    if ((group === '' || group === CERT_MANAGER_GROUP) && ref.kind !== undefined && ref.kind !== '' && !['Issuer', 'ClusterIssuer'].includes(ref.kind)) {
      issues.error.notSupported(refPath.child('kind'), ref.kind, ['Issuer', 'ClusterIssuer'], 'certmanager.certificate.issuer-kind');
    }
  }

  // duration / renewal
  let durationMs = DEFAULT_DURATION_MS;
  if (spec.duration !== undefined) {
    const d = typeof spec.duration === 'string' ? parseGoDuration(spec.duration) : undefined;
    if (d === undefined) issues.error.invalid(SPEC.child('duration'), spec.duration, 'certmanager.certificate.duration', 'must be a Go duration such as 2160h or 90m');
    else if (d < HOUR) issues.error.invalid(SPEC.child('duration'), spec.duration, 'certmanager.certificate.duration', 'certificate duration must be at least 1h');
    else durationMs = d;
  }
  if (spec.renewBefore !== undefined && spec.renewBeforePercentage !== undefined) {
    issues.error.forbidden(SPEC.child('renewBeforePercentage'), 'certmanager.certificate.renew-before', 'renewBefore and renewBeforePercentage are mutually exclusive');
  }
  if (spec.renewBefore !== undefined) {
    const r = typeof spec.renewBefore === 'string' ? parseGoDuration(spec.renewBefore) : undefined;
    if (r === undefined) {issues.error.invalid(SPEC.child('renewBefore'), spec.renewBefore, 'certmanager.certificate.renew-before', 'must be a Go duration such as 360h');} else if (r < 5 * 60_000) {issues.error.invalid(SPEC.child('renewBefore'), spec.renewBefore, 'certmanager.certificate.renew-before', 'certificate renewBefore must be at least 5m');} else if (r >= durationMs) {
      issues.error.invalid(SPEC.child('renewBefore'), spec.renewBefore, 'certmanager.certificate.renew-before',
        `certificate renewBefore must be less than the certificate duration (${spec.duration ?? '2160h'})`);
    }
  }
  const pct = spec.renewBeforePercentage;
  if (pct !== undefined && (!Number.isInteger(pct) || pct <= 0 || pct >= 100)) {
    issues.error.invalid(SPEC.child('renewBeforePercentage'), spec.renewBeforePercentage, 'certmanager.certificate.renew-before', 'must be an integer between 1 and 99');
  }

  // privateKey
  const pk = spec.privateKey;
  const pkPath = SPEC.child('privateKey');
  if (isObj(pk)) {
    if (pk.algorithm !== undefined && !ALGORITHMS.includes(pk.algorithm)) issues.error.notSupported(pkPath.child('algorithm'), pk.algorithm, ALGORITHMS, 'certmanager.certificate.private-key');
    if (pk.encoding !== undefined && !ENCODINGS.includes(pk.encoding)) issues.error.notSupported(pkPath.child('encoding'), pk.encoding, ENCODINGS, 'certmanager.certificate.private-key');
    if (pk.rotationPolicy !== undefined && !ROTATION.includes(pk.rotationPolicy)) issues.error.notSupported(pkPath.child('rotationPolicy'), pk.rotationPolicy, ROTATION, 'certmanager.certificate.private-key');
    if (pk.size !== undefined) {
      const alg = pk.algorithm ?? 'RSA';
      if (alg === 'RSA' && (!Number.isInteger(pk.size) || pk.size < 2048 || pk.size > 8192)) {
        issues.error.invalid(pkPath.child('size'), pk.size, 'certmanager.certificate.private-key', 'RSA keys must be 2048 to 8192 bits');
      } else if (alg === 'ECDSA' && ![256, 384, 521].includes(pk.size)) {
        issues.error.notSupported(pkPath.child('size'), pk.size, [256, 384, 521], 'certmanager.certificate.private-key');
      }
    }
  }
  if (spec.revisionHistoryLimit !== undefined && (!Number.isInteger(spec.revisionHistoryLimit) || spec.revisionHistoryLimit < 1)) {
    issues.error.invalid(SPEC.child('revisionHistoryLimit'), spec.revisionHistoryLimit, 'certmanager.certificate.revision-history-limit', 'must be at least 1');
  }
  const templ = spec.secretTemplate?.annotations;
  if (isObj(templ)) {
    for (const k of Object.keys(templ)) {
      if (k.startsWith('cert-manager.io/')) {
        issues.error.forbidden(SPEC.child('secretTemplate', 'annotations', k), 'certmanager.certificate.secret-template', 'cert-manager.io/* annotations are managed by cert-manager and cannot be set in secretTemplate');
      }
    }
  }
}

/** issuerRef to an Issuer / ClusterIssuer that the input lacks (only when it holds objects of that kind). */
export const CERT_MANAGER_CROSS_VALIDATORS: CrossValidator[] = [(ctx, issuesFor) => {
  for (const cert of ctx.index.ofKind('Certificate')) {
    if (cert.group !== CERT_MANAGER_GROUP) continue;
    const ref = cert.object.spec?.issuerRef;
    if (!isObj(ref) || !nonEmpty(ref.name)) continue;
    const group = ref.group ?? '';
    if (group !== '' && group !== CERT_MANAGER_GROUP) continue;
    const kind = nonEmpty(ref.kind) ? ref.kind : 'Issuer';
    if (kind === 'ClusterIssuer') {
      if (!ctx.index.hasKind('ClusterIssuer')) continue;
      if (!ctx.index.get('ClusterIssuer', undefined, ref.name)) {
        issuesFor(cert).warn.notFound(SPEC.child('issuerRef', 'name'), ref.name, 'certmanager.certificate.issuer-not-found', 'no ClusterIssuer of that name in the input');
      }
    } else if (kind === 'Issuer') {
      if (!ctx.index.hasKind('Issuer')) continue;
      if (!ctx.index.get('Issuer', cert.namespace, ref.name)) {
        issuesFor(cert).warn.notFound(SPEC.child('issuerRef', 'name'), ref.name, 'certmanager.certificate.issuer-not-found', `no Issuer of that name in namespace ${cert.namespace ?? 'default'}`);
      }
    }
  }
}];

const ANNOTATIONS = FieldPath.root('metadata').child('annotations');

/**
 * cert-manager annotations on an OpenShift Route (read by the cert-manager openshift-routes controller):
 * it does not read `cert-manager.io/cluster-issuer` (use `issuer-name` + `issuer-kind: ClusterIssuer`),
 * needs an issuer name, and only knows Issuer/ClusterIssuer kinds in the cert-manager.io group. Warnings.
 */
export function checkRouteCertManagerAnnotations(obj: LoadedObject, issues: Issues): void {
  const a = obj.object.metadata?.annotations;
  if (!isObj(a)) return;
  if (a['cert-manager.io/cluster-issuer'] !== undefined) {
    issues.warn.invalid(ANNOTATIONS.child('cert-manager.io/cluster-issuer'), a['cert-manager.io/cluster-issuer'], 'route.cert-manager.cluster-issuer',
      'the cert-manager openshift-routes controller ignores this annotation on Routes; use cert-manager.io/issuer-name with cert-manager.io/issuer-kind: ClusterIssuer');
  }
  const name = a['cert-manager.io/issuer-name'] ?? a['cert-manager.io/issuer'];
  const kind = a['cert-manager.io/issuer-kind'];
  const group = a['cert-manager.io/issuer-group'] ?? CERT_MANAGER_GROUP;
  if ((kind !== undefined || a['cert-manager.io/issuer-group'] !== undefined) && !nonEmpty(name)) {
    issues.warn.required(ANNOTATIONS.child('cert-manager.io/issuer-name'), 'route.cert-manager.issuer-name', 'issuer-kind/issuer-group without cert-manager.io/issuer-name: no certificate is requested');
  }
  if (kind !== undefined && group === CERT_MANAGER_GROUP && !['Issuer', 'ClusterIssuer'].includes(kind)) {
    issues.warn.notSupported(ANNOTATIONS.child('cert-manager.io/issuer-kind'), kind, ['Issuer', 'ClusterIssuer'], 'route.cert-manager.issuer-kind');
  }
  if (nonEmpty(name) && obj.object.spec?.tls?.termination === 'passthrough') {
    issues.warn.forbidden(ANNOTATIONS.child('cert-manager.io/issuer-name'), 'route.cert-manager.passthrough', 'a passthrough route does not terminate TLS; the issued certificate would not be used');
  }
}
