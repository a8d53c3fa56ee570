import { KubeRouteHttpHeader } from './kube';

const TOKEN = /^[-!#$%&'*+.0-9A-Z^_`a-z|~]+$/;
const RESERVED = ['strict-transport-security', 'proxy', 'cookie', 'set-cookie'];
const MAX_NAME = 255;
const MAX_VALUE = 16384;

/**
 * One header action of a Route (`spec.httpHeaders.actions.request[]` or
 * `.response[]`): set or delete a header. Only for edge and reencrypt routes.
 */
export class RouteHeaderAction {
  /**
   * Sets (replaces) a header. The value is literal text (`%%` for a literal `%`)
   * or HAProxy sample expressions the API allows: `%[req.hdr(Name)]` in requests,
   * `%[res.hdr(Name)]` in responses, `%[ssl_c_der]`, with the converters
   * `lower` and `base64` (e.g. `%[req.hdr(Host),lower]`).
   */
  public static set(name: string, value: string): RouteHeaderAction {
    checkName(name, 'RouteHeaderAction.set');
    const what = `RouteHeaderAction.set(${JSON.stringify(name)})`;
    if (typeof value !== 'string' || value.length === 0) throw new Error(`${what}: value must not be empty (use RouteHeaderAction.delete to remove a header)`);
    if (value.length > MAX_VALUE) throw new Error(`${what}: value is ${value.length} characters long: at most ${MAX_VALUE} allowed`);
    if (/[\x00-\x1f\x7f]/.test(value)) throw new Error(`${what}: value must not contain control characters (CR, LF, TAB, ...)`);
    const lonePercent = /%(?![%[{])/.exec(value.replace(/%%/g, ''));
    if (lonePercent) {
      throw new Error(`${what}: invalid value ${JSON.stringify(value)}: a '%' must start a sample expression ('%[...]' or '%{flags}[...]') or be doubled ('%%') for a literal percent sign`);
    }
    return new RouteHeaderAction(name, value);
  }

  /** Deletes a header. */
  public static delete(name: string): RouteHeaderAction {
    checkName(name, 'RouteHeaderAction.delete');
    return new RouteHeaderAction(name, undefined);
  }

  /** The header name. */
  public readonly name: string;
  /**
   * The value set.
   * @default - none; the action deletes the header
   */
  public readonly value?: string;

  private constructor(name: string, value: string | undefined) {
    this.name = name;
    this.value = value;
  }

  /** @internal */
  public _toKube(): KubeRouteHttpHeader {
    return this.value === undefined
      ? { name: this.name, action: { type: 'Delete' } }
      : { name: this.name, action: { type: 'Set', set: { value: this.value } } };
  }
}

function checkName(name: string, what: string): void {
  if (typeof name !== 'string' || name.length === 0) throw new Error(`${what}: header name must not be empty`);
  if (name.length > MAX_NAME) throw new Error(`${what}: header name is ${name.length} characters long: at most ${MAX_NAME} allowed`);
  if (!TOKEN.test(name)) {
    throw new Error(`${what}: invalid header name ${JSON.stringify(name)}: must be an HTTP token (letters, digits and !#$%&'*+-.^_\`|~)`);
  }
  if (RESERVED.includes(name.toLowerCase())) {
    throw new Error(`${what}: header ${JSON.stringify(name)} may not be modified with header actions (reserved: ${RESERVED.join(', ')}${name.toLowerCase() === 'strict-transport-security' ? '; use the hsts prop instead' : ''})`);
  }
}
