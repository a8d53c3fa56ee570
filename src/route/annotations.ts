// Annotation keys the OpenShift router reads, exactly as it spells them. Internal: users set typed props.

const H = 'haproxy.router.openshift.io';
const R = 'router.openshift.io';

export const ROUTE_ANNOTATIONS = {
  balance: `${H}/balance`,
  disableCookies: `${H}/disable_cookies`,
  cookieName: `${R}/cookie_name`,
  cookieSameSite: `${R}/cookie-same-site`,
  timeout: `${H}/timeout`,
  tunnelTimeout: `${H}/timeout-tunnel`,
  healthCheckInterval: `${R}/haproxy.health.check.interval`,
  rateLimit: `${H}/rate-limit-connections`,
  rateLimitConcurrentTcp: `${H}/rate-limit-connections.concurrent-tcp`,
  rateLimitTcp: `${H}/rate-limit-connections.rate-tcp`,
  rateLimitHttp: `${H}/rate-limit-connections.rate-http`,
  ipAllowlist: `${H}/ip_allowlist`,
  ipWhitelist: `${H}/ip_whitelist`,
  hsts: `${H}/hsts_header`,
} as const;
