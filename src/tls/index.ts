export * from './issuer';
export * from './certificate';
