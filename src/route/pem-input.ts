import * as fs from 'fs';
import { splitPem } from '../validation/pem';

/** The PEM block types found in `text`, in order (the same PEM reader the validator uses). */
export function pemBlockTypes(text: string): string[] {
  return splitPem(text).blocks.map((b) => b.type);
}

/** Throws unless `text` holds at least one PEM CERTIFICATE block. */
export function checkCertificatePem(text: string, what: string): string {
  if (typeof text !== 'string' || !pemBlockTypes(text).includes('CERTIFICATE')) {
    throw new Error(`${what}: expected PEM data with at least one "-----BEGIN CERTIFICATE-----" block`);
  }
  return text;
}

/** Throws unless `text` holds a PEM private key (PKCS#1 RSA, SEC1 EC or PKCS#8). */
export function checkPrivateKeyPem(text: string, what: string): string {
  const types = typeof text === 'string' ? pemBlockTypes(text) : [];
  if (types.includes('ENCRYPTED PRIVATE KEY')) {
    throw new Error(`${what}: encrypted private keys are not supported by the router`);
  }
  if (!types.some((t) => t === 'PRIVATE KEY' || t === 'RSA PRIVATE KEY' || t === 'EC PRIVATE KEY')) {
    throw new Error(`${what}: expected a PEM private key block ("PRIVATE KEY", "RSA PRIVATE KEY" or "EC PRIVATE KEY")`);
  }
  return text;
}

/** Reads a text file, naming the file and `what` when it cannot be read. */
export function readTextFile(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new Error(`${what}: cannot read file ${file}: ${code}`);
  }
}
