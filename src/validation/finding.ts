import { FieldPath } from './field-path';

/**
 * The kind of problem a finding reports; the same closed set as Kubernetes
 * API errors (`k8s.io/apimachinery/pkg/util/validation/field`).
 */
export enum FindingType {
  /** A required field is missing or empty. */
  REQUIRED = 'Required',
  /** The value is malformed or out of range. */
  INVALID = 'Invalid',
  /** The value is not one of the supported values. */
  NOT_SUPPORTED = 'NotSupported',
  /** The value appears more than once where it must be unique. */
  DUPLICATE = 'Duplicate',
  /** The field may not be set here. */
  FORBIDDEN = 'Forbidden',
  /** A referenced object does not exist. */
  NOT_FOUND = 'NotFound',
  /** A list has too many items. */
  TOO_MANY = 'TooMany',
  /** A value is too long. */
  TOO_LONG = 'TooLong',
  /** The object conflicts with another object. */
  CONFLICT = 'Conflict',
}

/** How serious a finding is. */
export enum Severity {
  /** The API server would reject the object. */
  ERROR = 'error',
  /** The API server accepts the object but a controller or router would not serve it as written. */
  WARNING = 'warning',
}

/**
 * One problem found in a manifest: where it is (file and line, or construct
 * path), which object, which field, what is wrong and which check found it.
 */
export interface Finding {
  /** Whether the API server would reject the object (`error`) or only a controller would mind (`warning`). */
  readonly severity: Severity;
  /** The kind of problem. */
  readonly type: FindingType;
  /** The field path, e.g. `spec.tls.insecureEdgeTerminationPolicy`. */
  readonly field: string;
  /** What is wrong, the bad value (secrets elided) and what is allowed. */
  readonly message: string;
  /** A stable identifier of the check, e.g. `route.tls.insecure-policy`. */
  readonly rule: string;
  /**
   * The file the object was read from.
   * @default - the object was not read from a file
   */
  readonly file?: string;
  /**
   * The 1-based line of the field (or of the object when the field is absent).
   * @default - unknown
   */
  readonly line?: number;
  /**
   * The object's apiVersion.
   * @default - unknown
   */
  readonly apiVersion?: string;
  /**
   * The object's kind.
   * @default - unknown
   */
  readonly kind?: string;
  /**
   * The object's namespace.
   * @default - cluster-scoped or not set
   */
  readonly namespace?: string;
  /**
   * The object's name.
   * @default - unknown
   */
  readonly name?: string;
  /**
   * The cdk8s construct path of the object, when it came from a construct.
   * @default - not from a construct
   */
  readonly constructPath?: string;
}

/** A finding before it is attached to an object: the output of a leaf check. */
export interface FieldIssue {
  readonly severity: Severity;
  readonly type: FindingType;
  readonly field: FieldPath;
  readonly message: string;
  readonly rule: string;
}

const MAX_SHOWN = 80;

/** Renders a bad value for a message: quoted, PEM and secrets elided, long values cut. */
export function showValue(value: unknown): string {
  if (value === undefined) return '<unset>';
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') {
    if (/-----BEGIN [A-Z0-9 ]+-----/.test(value)) return '<PEM data elided>';
    const s = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}...` : value;
    return JSON.stringify(s);
  }
  const json = JSON.stringify(value) ?? String(value);
  if (/-----BEGIN/.test(json)) return '<object with PEM data elided>';
  return json.length > MAX_SHOWN ? `${json.slice(0, MAX_SHOWN)}...` : json;
}

/** Builds field issues of one severity, with Kubernetes-style messages. */
export class IssueFactory {
  constructor(private readonly sink: FieldIssue[], private readonly severity: Severity) {}

  public add(type: FindingType, field: FieldPath, rule: string, message: string): void {
    this.sink.push({ severity: this.severity, type, field, rule, message });
  }
  public required(field: FieldPath, rule: string, detail?: string): void {
    this.add(FindingType.REQUIRED, field, rule, detail ? `Required value: ${detail}` : 'Required value');
  }
  public invalid(field: FieldPath, value: unknown, rule: string, detail: string): void {
    this.add(FindingType.INVALID, field, rule, `Invalid value: ${showValue(value)}: ${detail}`);
  }
  public notSupported(field: FieldPath, value: unknown, allowed: ReadonlyArray<string | number>, rule: string): void {
    const list = allowed.map((a) => (typeof a === 'string' ? JSON.stringify(a) : String(a))).join(', ');
    this.add(FindingType.NOT_SUPPORTED, field, rule, `Unsupported value: ${showValue(value)}: supported values: ${list}`);
  }
  public duplicate(field: FieldPath, value: unknown, rule: string, detail?: string): void {
    this.add(FindingType.DUPLICATE, field, rule, `Duplicate value: ${showValue(value)}${detail ? `: ${detail}` : ''}`);
  }
  public forbidden(field: FieldPath, rule: string, detail: string): void {
    this.add(FindingType.FORBIDDEN, field, rule, `Forbidden: ${detail}`);
  }
  public notFound(field: FieldPath, value: unknown, rule: string, detail?: string): void {
    this.add(FindingType.NOT_FOUND, field, rule, `Not found: ${showValue(value)}${detail ? `: ${detail}` : ''}`);
  }
  public tooMany(field: FieldPath, actual: number, max: number, rule: string): void {
    this.add(FindingType.TOO_MANY, field, rule, `Too many: ${actual}: must have at most ${max} items`);
  }
  public tooLong(field: FieldPath, value: unknown, max: number, rule: string): void {
    this.add(FindingType.TOO_LONG, field, rule, `Too long: may not be more than ${max} bytes (got ${showValue(value)})`);
  }
  public conflict(field: FieldPath, rule: string, detail: string): void {
    this.add(FindingType.CONFLICT, field, rule, `Conflict: ${detail}`);
  }
}

/**
 * Collects the issues of one validation run. Validators append and continue,
 * so one run reports every problem.
 */
export class Issues {
  public readonly list: FieldIssue[] = [];
  /** Factories for errors: what the API server would reject. */
  public readonly error = new IssueFactory(this.list, Severity.ERROR);
  /** Factories for warnings: accepted by the API server, not served as written. */
  public readonly warn = new IssueFactory(this.list, Severity.WARNING);
}
