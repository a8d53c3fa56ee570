// Constructs
export * from './route';
export * from './ingress';
export * from './gateway';
export * from './tls';
export * from './exposure';

// Validation
export { Finding, FindingType, Severity } from './validation/finding';
export { GatewayApiChannel, ValidationOptions } from './validation/context';
export { CustomResourceDefinitions } from './validation/crd/definitions';
export { ValidationReport, validateManifests } from './validation/validate';
export { RoutingValidation, RoutingValidationProps } from './plugin/validation-plugin';

// HAProxy rendering
export { RenderOptions, renderHaproxy } from './render';

// Development certificates for local runs
export { DevCertificate, DevCertificateAuthority } from './common/dev-certificates';
