export * from './validation/finding';
export { ValidationOptions } from './validation/context';
export { ValidationReport, validateManifests } from './validation/validate';
