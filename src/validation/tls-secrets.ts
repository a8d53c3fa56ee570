/**
 * X.509 checks of the `kubernetes.io/tls` Secrets that Ingresses and Gateway
 * listeners name, when the Secret is in the input: the same checks as for
 * Route certificates (parse, key match, weak signatures, host coverage,
 * validity dates), reported as warnings on the referencing field (the API
 * server accepts any Secret; clients reject what does not match).
 * Private keys and PEM blocks never appear in messages.
 */
import { checkRouteCertificates, CertificateProblem } from './certificates';
import { FieldPath } from './field-path';
import { FindingType } from './finding';
import type { CrossValidator } from './kinds';
import { LoadedObject } from './manifests';

const isObj = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v !== '';

/** A Secret value by key: plain `stringData` (it wins, as on the API server) or base64 `data`. */
export function secretValue(secret: LoadedObject | undefined, key: string): string | undefined {
  if (!secret) return undefined;
  const sd = isObj(secret.object.stringData) ? secret.object.stringData[key] : undefined;
  if (typeof sd === 'string') return sd;
  const d = isObj(secret.object.data) ? secret.object.data[key] : undefined;
  return typeof d === 'string' ? Buffer.from(d, 'base64').toString('utf8') : undefined;
}

/** `tls.crt` / `tls.key` of a Secret (base64 `data` or plain `stringData`). */
export function tlsSecretPem(secret: LoadedObject): { certificate?: string; key?: string } {
  return { certificate: secretValue(secret, 'tls.crt'), key: secretValue(secret, 'tls.key') };
}

const REPORTED = new Set(['expired', 'not-yet-valid', 'expires-soon']);

/** Problems of a TLS Secret for the given hosts: warnings plus validity dates; messages name the Secret's keys. */
export function checkTlsSecret(secret: LoadedObject, hosts: string[]): CertificateProblem[] {
  const pem = tlsSecretPem(secret);
  const where = `Secret ${secret.namespace ?? 'default'}/${secret.name}`;
  if (!pem.certificate) return [{ field: 'certificate', code: 'certificate-missing', severity: 'warning', message: `${where} has no tls.crt` }];
  if (!pem.key) return [{ field: 'key', code: 'key-missing', severity: 'warning', message: `${where} has no tls.key` }];
  return checkRouteCertificates({ certificate: pem.certificate, key: pem.key, hosts })
    .filter((p) => p.severity === 'warning' || REPORTED.has(p.code))
    .map((p) => ({ ...p, message: `${where} (${p.field === 'key' ? 'tls.key' : 'tls.crt'}): ${p.message.replace(/ \(the router does not check this\)/, '').replace(/the router rejects/, 'many clients reject')}` }));
}

/** Caches checks per (Secret, hosts) within one run. */
function cachedChecker(): (secret: LoadedObject, hosts: string[]) => CertificateProblem[] {
  const cache = new Map<LoadedObject, Map<string, CertificateProblem[]>>();
  return (secret, hosts) => {
    const key = [...hosts].sort().join(',');
    let m = cache.get(secret);
    if (!m) cache.set(secret, (m = new Map()));
    let r = m.get(key);
    if (!r) m.set(key, (r = checkTlsSecret(secret, hosts)));
    return r;
  };
}

export const TLS_SECRET_CROSS_VALIDATORS: CrossValidator[] = [(ctx, issuesFor) => {
  const check = cachedChecker();
  for (const ing of ctx.index.ofKind('Ingress')) {
    if (ing.group !== 'networking.k8s.io') continue;
    const tls = ing.object.spec?.tls;
    if (!Array.isArray(tls)) continue;
    tls.forEach((t: any, i: number) => {
      if (!isObj(t) || !nonEmpty(t.secretName)) return;
      const secret = ctx.index.get('Secret', ing.namespace, t.secretName);
      if (!secret) return;
      const hosts = Array.isArray(t.hosts) ? t.hosts.filter(nonEmpty) : [];
      for (const p of check(secret, hosts)) {
        issuesFor(ing).warn.add(FindingType.INVALID, FieldPath.root('spec').child('tls').index(i).child('secretName'), `ingress.tls.${p.code}`, p.message);
      }
    });
  }
  for (const gw of ctx.index.ofKind('Gateway')) {
    if (gw.group !== 'gateway.networking.k8s.io') continue;
    const listeners = gw.object.spec?.listeners;
    if (!Array.isArray(listeners)) continue;
    listeners.forEach((l: any, i: number) => {
      const refs = l?.tls?.certificateRefs;
      if (!Array.isArray(refs) || (l.tls.mode ?? 'Terminate') !== 'Terminate') return;
      refs.forEach((ref: any, j: number) => {
        if (!isObj(ref) || !nonEmpty(ref.name) || (ref.kind ?? 'Secret') !== 'Secret' || (ref.group ?? '') !== '') return;
        const secret = ctx.index.get('Secret', ref.namespace ?? gw.namespace, ref.name);
        if (!secret) return;
        const hosts = nonEmpty(l.hostname) ? [l.hostname] : [];
        for (const p of check(secret, hosts)) {
          issuesFor(gw).warn.add(FindingType.INVALID, FieldPath.root('spec').child('listeners').index(i).child('tls', 'certificateRefs').index(j), `gateway.listener.tls.${p.code}`, p.message);
        }
      });
    });
  }
}];
