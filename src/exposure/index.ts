export * from './exposure';
export * from './stages';
