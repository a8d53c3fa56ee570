export * from './issuer';
export * from './certificate';
export * from './tls-certificate';
