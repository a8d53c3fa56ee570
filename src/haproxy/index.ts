/** HAProxy layer: routing model → config model → files, and the local runner. Internal barrel. */
export { renderConfig } from './config';
export type { HaproxyConfig, Frontend, Backend, Bind, Acl, UseBackend, Server } from './config';
export { ConfigInjectionError } from './escape';
export { translate, translateConfig, TranslateError, pathMatches } from './translate';
export type { RenderOptions, RenderedFiles, PemBundle } from './translate';
export { checkConfig, findHaproxy, startHaproxy, writeFilesAtomically, listeningAddresses } from './runner';
export type { CheckResult, RunningHaproxy, StartOptions } from './runner';
export { startEcho } from './echo';
export type { EchoOptions, EchoResponse, RunningEcho } from './echo';
