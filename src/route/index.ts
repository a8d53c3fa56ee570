export * from './enums';
export * from './backend';
export * from './tls';
export * from './headers';
export * from './settings';
export * from './route';
