/**
 * PEM armour, read the way the OpenShift router reads it (Go `encoding/pem`):
 * text outside `-----BEGIN X-----` / `-----END X-----` armour is ignored,
 * `EC PARAMETERS` blocks are dropped, a block whose body is not valid base64
 * is skipped, and each block keeps its type, optional RFC 1421 headers and
 * DER bytes.
 */

/** The PEM type of an X.509 certificate. */
export const CERTIFICATE_BLOCK = 'CERTIFICATE';

/** A PEM type the router drops without complaint (OpenSSL writes it before EC keys). */
export const EC_PARAMETERS_BLOCK = 'EC PARAMETERS';

/** PEM types of unencrypted private keys the router can load (PKCS#1 RSA, SEC 1 EC, PKCS#8). */
export const PRIVATE_KEY_BLOCKS: readonly string[] = ['RSA PRIVATE KEY', 'EC PRIVATE KEY', 'PRIVATE KEY'];

/**
 * Whether a PEM type names a private key (Go's `tls.X509KeyPair` test:
 * `PRIVATE KEY` or any type ending in ` PRIVATE KEY`, which also catches
 * `ENCRYPTED PRIVATE KEY` and `DSA PRIVATE KEY` — they are found, then fail to load).
 */
export function isPrivateKeyType(type: string): boolean {
  return type === 'PRIVATE KEY' || type.endsWith(' PRIVATE KEY');
}

/** One PEM block. */
export interface PemBlock {
  /** The type from the BEGIN line, e.g. `CERTIFICATE`. */
  readonly type: string;
  /** RFC 1421 headers (`Proc-Type`, `DEK-Info`, ...); empty for ordinary blocks. */
  readonly headers: Readonly<Record<string, string>>;
  /** The decoded body. */
  readonly der: Buffer;
  /** Position of the block among the kept blocks, 0-based. */
  readonly index: number;
}

/** The result of {@link splitPem}. */
export interface PemSplit {
  /** Blocks of an allowed type, in order (all types when no allow-list was given). */
  readonly blocks: PemBlock[];
  /** Types of blocks that are not allowed, in order of appearance (duplicates kept). */
  readonly unknownTypes: string[];
  /** Armour that could not be decoded (unterminated block, bad base64), described without its content. */
  readonly malformed: string[];
  /** Whether the text held any BEGIN line at all. */
  readonly sawArmour: boolean;
}

// A BEGIN line must start a line, as in Go's decoder.
const BEGIN = /^-----BEGIN ([^\r\n]*?)-----[ \t]*\r?$/gm;

/**
 * Splits PEM text into blocks.
 *
 * @param text PEM text, possibly with comments or other text around the armour
 * @param allowedTypes when given, blocks of other types are reported in `unknownTypes` and left out of `blocks`
 */
export function splitPem(text: string, allowedTypes?: readonly string[]): PemSplit {
  const blocks: PemBlock[] = [];
  const unknownTypes: string[] = [];
  const malformed: string[] = [];
  let sawArmour = false;
  let pos = 0;
  for (;;) {
    BEGIN.lastIndex = pos;
    const begin = BEGIN.exec(text);
    if (!begin) break;
    sawArmour = true;
    const type = begin[1];
    const bodyStart = begin.index + begin[0].length;
    const endLine = `-----END ${type}-----`;
    const endAt = text.indexOf(endLine, bodyStart);
    if (endAt < 0) {
      malformed.push(`a ${type} block has no matching END line`);
      pos = bodyStart;
      continue;
    }
    pos = endAt + endLine.length;
    const decoded = decodeBody(text.slice(bodyStart, endAt));
    if (!decoded) {
      malformed.push(`a ${type} block is not valid base64`);
      continue;
    }
    if (type === EC_PARAMETERS_BLOCK) continue;
    if (allowedTypes && !allowedTypes.includes(type)) {
      unknownTypes.push(type);
      continue;
    }
    blocks.push({ type, headers: decoded.headers, der: decoded.der, index: blocks.length });
  }
  return { blocks, unknownTypes, malformed, sawArmour };
}

/** Encodes DER bytes as a PEM block with 64-character lines and a trailing newline. */
export function encodePem(type: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  return `-----BEGIN ${type}-----\n${lines.join('\n')}\n-----END ${type}-----\n`;
}

function decodeBody(body: string): { headers: Record<string, string>; der: Buffer } | undefined {
  const lines = body.replace(/^\r?\n/, '').split(/\r?\n/);
  const headers: Record<string, string> = {};
  let i = 0;
  // RFC 1421 headers: "Name: value" lines, ended by an empty line.
  if (lines.length > 0 && /^[A-Za-z0-9-]+:/.test(lines[0])) {
    while (i < lines.length && lines[i].trim() !== '') {
      const line = lines[i];
      const colon = line.indexOf(':');
      if (colon < 0) return undefined;
      headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
      i++;
    }
  }
  const b64 = lines.slice(i).join('').replace(/[ \t\r]/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) return undefined;
  return { headers, der: Buffer.from(b64, 'base64') };
}
