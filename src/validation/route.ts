import { ValidationContext } from './context';
import { Issues } from './finding';
import type { CrossValidator } from './kinds';
import { LoadedObject } from './manifests';

/** Validates one route.openshift.io/v1 Route. (To be completed: API-server rules as errors, router rules as warnings.) */
export function validateRoute(_obj: LoadedObject, _issues: Issues, _ctx: ValidationContext): void {
}

export const ROUTE_CROSS_VALIDATORS: CrossValidator[] = [];
