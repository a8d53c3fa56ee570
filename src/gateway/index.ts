export * from './enums';
export {
  GatewayCertificate, SecretReferenceOptions, CaCertificateRef, CaCertificateReferenceOptions, LabelSelectorRequirement,
  NamespaceSelector, AllowedNamespaces, RouteGroupKind, ParametersReference, GatewayAddress,
} from './references';
export { GatewayTls, GatewayTlsTerminateOptions, AllowedRoutes, GatewayListener } from './listener';
export { GatewayClass, GatewayClassProps } from './gateway-class';
export {
  Gateway, GatewayProps, GatewayInfrastructure, FrontendTlsValidation, PortFrontendTlsValidation,
} from './gateway';
export { ListenerSet, ListenerSetProps } from './listener-set';
export { GatewayParent, GatewayParentOptions, GatewayParentNameOptions, GatewayParentReference } from './parent';
export {
  GatewayBackend, GatewayServiceBackendOptions, GatewayNamedBackendOptions, GatewayBackendReference,
} from './backend';
export { HeaderMatch, QueryParamMatch, HttpMatchOptions, HttpRouteMatch, GrpcMethodMatchOptions, GrpcRouteMatch } from './matches';
export {
  HttpPathModifier, HeaderModifierOptions, RequestRedirectOptions, UrlRewriteOptions, MirrorFraction, RequestMirrorOptions,
  CorsOptions, ExtensionRefOptions, HttpRouteFilter,
} from './http-route-filter';
export { GatewayRouteBase, GatewayRouteBaseProps } from './route-base';
export { HttpRoute, HttpRouteProps, HttpRouteRule, HttpRouteTimeouts } from './http-route';
export { GrpcRoute, GrpcRouteProps, GrpcRouteRule } from './grpc-route';
export { L4RouteBase, L4RouteProps, TlsRouteProps, TlsRoute, TcpRoute, UdpRoute } from './l4-routes';
export { ReferenceGrant, ReferenceGrantProps, ReferenceGrantFrom, ReferenceGrantTo } from './reference-grant';
export {
  BackendTlsPolicy, BackendTlsPolicyProps, BackendTlsPolicyTarget, BackendTlsPolicyTargetOptions, SubjectAltName,
} from './backend-tls-policy';
