export * from './backend';
export {
  BackendProtocol, IngressNginxSettings, NginxCors, NginxProxyTimeouts, NginxRateLimit, SessionAffinityCookie, SessionCookieSameSite,
} from './nginx';
export * from './ingress';
