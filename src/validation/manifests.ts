import * as fs from 'fs';
import * as path from 'path';
import { Document, isMap, isSeq, LineCounter, Node, parseAllDocuments, isScalar, isPair } from 'yaml';
import { FieldPath } from './field-path';
import { Finding, FindingType, Severity } from './finding';
import { fastRead, lineOfPath, listItemToken, CstToken } from './yaml-fast';

/** A Kubernetes object as plain JSON. */
export type KubeObject = { apiVersion?: string; kind?: string; metadata?: any; [key: string]: any };

/** Where an object came from. */
export interface ObjectSource {
  /** File it was read from (`-` for standard input). */
  readonly file?: string;
  /** 1-based line of the object's first line. */
  readonly line?: number;
  /** cdk8s construct path, when known. */
  readonly constructPath?: string;
}

/**
 * A manifest object with its source. When it was read from YAML it can tell
 * the line of any of its fields.
 */
export class LoadedObject {
  constructor(
    public readonly object: KubeObject,
    public readonly source: ObjectSource,
    private readonly node?: Node,
    private readonly lines?: LineCounter,
    /** Finds the line of a field path (objects read by the fast YAML reader). */
    private readonly locate?: (keys: Array<string | number>) => number | undefined,
  ) {}

  public get apiVersion(): string { return typeof this.object.apiVersion === 'string' ? this.object.apiVersion : ''; }
  public get kind(): string { return typeof this.object.kind === 'string' ? this.object.kind : ''; }
  public get name(): string { return typeof this.object.metadata?.name === 'string' ? this.object.metadata.name : ''; }
  public get namespace(): string | undefined {
    return typeof this.object.metadata?.namespace === 'string' ? this.object.metadata.namespace : undefined;
  }
  /** The API group (`` for core). */
  public get group(): string {
    const v = this.apiVersion;
    return v.includes('/') ? v.slice(0, v.indexOf('/')) : '';
  }

  /**
   * The line of the deepest node on `field` that exists in the YAML: the
   * field itself where the file has it, else its nearest parent, else the object.
   */
  public lineOf(field?: FieldPath): number | undefined {
    return field ? this.lineOfKeys(field.keys()) : this.source.line;
  }

  /** {@link lineOf} for a path given as keys (property names and list indexes). */
  public lineOfKeys(keys: Array<string | number>): number | undefined {
    if (this.locate) return this.locate(keys);
    if (!this.node || !this.lines) return this.source.line;
    let node: Node | undefined = this.node;
    let line = this.source.line;
    for (const key of keys) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(key));
        if (!pair) break;
        const k = pair.key as Node;
        if (k.range) line = this.lines.linePos(k.range[0]).line;
        node = pair.value as Node | undefined;
      } else if (isSeq(node) && typeof key === 'number') {
        const item = node.items[key] as Node | undefined;
        if (!item) break;
        if (item.range) line = this.lines.linePos(item.range[0]).line;
        node = item;
      } else {
        break;
      }
      if (!node) break;
    }
    return line;
  }
}

/** Raised for unreadable inputs (exit status 2 in the CLI). */
export class InputError extends Error {}

/** The result of loading manifests. */
export interface LoadResult {
  readonly objects: LoadedObject[];
  /** YAML that does not parse, documents that are not objects: errors with their line. */
  readonly findings: Finding[];
}

/**
 * Reads text the fast reader understands (generated YAML: no anchors, tags or
 * errors); undefined when the full parser must read it.
 */
function loadTextFast(text: string, file: string): LoadResult | undefined {
  const read = fastRead(text);
  if (!read) return undefined;
  const objects: LoadedObject[] = [];
  const findings: Finding[] = [];
  const { lines } = read;
  const locator = (token: CstToken, line: number) => (keys: Array<string | number>) => lineOfPath(token, keys, lines, line);
  for (const doc of read.documents) {
    const value = doc.value;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      findings.push(parseFinding(file, doc.line, 'document is not a Kubernetes object (expected a mapping with apiVersion and kind)'));
      continue;
    }
    const obj = value as KubeObject;
    if (typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(obj.items)) {
      obj.items.forEach((item: unknown, i: number) => {
        const token = listItemToken(doc.token, i);
        const itemLine = token ? lines.linePos(token.offset).line : doc.line;
        if (item === null || typeof item !== 'object' || Array.isArray(item)) {
          findings.push(parseFinding(file, itemLine, `items[${i}] is not a Kubernetes object`));
          return;
        }
        const locate = token ? locator(token, itemLine) : undefined;
        objects.push(new LoadedObject(item as KubeObject, { file, line: itemLine }, undefined, undefined, locate));
      });
      continue;
    }
    objects.push(new LoadedObject(obj, { file, line: doc.line }, undefined, undefined, locator(doc.token, doc.line)));
  }
  return { objects, findings };
}

/** Parses one YAML or JSON text (multi-document, `kind: List`) keeping lines. */
export function loadText(text: string, file: string): LoadResult {
  const fast = loadJson(text, file) ?? loadTextFast(text, file);
  if (fast) return fast;
  return loadTextFull(text, file);
}

/**
 * JSON (`kubectl get -o json`, one object or a `kind: List`) through
 * `JSON.parse`, a hundred times faster than a YAML parser; lines are looked up
 * on demand by reading the text once more with the YAML parser (only when a
 * finding or the model asks for one). Undefined when the text is not JSON.
 */
function loadJson(text: string, file: string): LoadResult | undefined {
  if (!/^\s*\{/.test(text)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined; // not strict JSON: the YAML parser reads it (and reports errors with lines)
  }
  let full: LoadResult | undefined;
  const located = (i: number): LoadedObject | undefined => (full ??= loadTextFull(text, file)).objects[i];
  const make = (obj: KubeObject, i: number): LoadedObject => {
    const source = { file, get line() { return located(i)?.source.line; } };
    return new LoadedObject(obj, source, undefined, undefined, (keys) => located(i)?.lineOfKeys(keys) ?? 1);
  };
  const obj = value as KubeObject;
  if (typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(obj.items)) {
    if (obj.items.some((item: unknown) => item === null || typeof item !== 'object' || Array.isArray(item))) return undefined; // findings need lines
    return { objects: obj.items.map((item: KubeObject, i: number) => make(item, i)), findings: [] };
  }
  return { objects: [make(obj, 0)], findings: [] };
}

/** The full YAML parser: every YAML feature, every syntax error with its line. */
function loadTextFull(text: string, file: string): LoadResult {
  const objects: LoadedObject[] = [];
  const findings: Finding[] = [];
  const lines = new LineCounter();
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false }) as Document.Parsed[];
  } catch (e) {
    findings.push(parseFinding(file, 1, String((e as Error).message)));
    return { objects, findings };
  }
  if (!Array.isArray(docs)) docs = [docs as any];
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      for (const err of doc.errors) {
        const line = err.linePos?.[0]?.line ?? (err.pos ? lines.linePos(err.pos[0]).line : 1);
        findings.push(parseFinding(file, line, err.message.split('\n')[0]));
      }
      continue;
    }
    const node = doc.contents as Node | null;
    if (node === null || node === undefined) continue; // empty document
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch (e) {
      findings.push(parseFinding(file, node.range ? lines.linePos(node.range[0]).line : 1, (e as Error).message));
      continue;
    }
    const line = node.range ? lines.linePos(node.range[0]).line : 1;
    if (value === null || value === undefined) continue; // a document with only comments, or a trailing `---`
    if (typeof value !== 'object' || Array.isArray(value)) {
      findings.push(parseFinding(file, line, 'document is not a Kubernetes object (expected a mapping with apiVersion and kind)'));
      continue;
    }
    const obj = value as KubeObject;
    if (typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(obj.items)) {
      const itemsNode = isMap(node) ? (node.items.find((p) => isScalar(p.key) && p.key.value === 'items')?.value as Node | undefined) : undefined;
      obj.items.forEach((item: unknown, i: number) => {
        const itemNode = isSeq(itemsNode) ? (itemsNode.items[i] as Node | undefined) : undefined;
        const itemLine = itemNode?.range ? lines.linePos(itemNode.range[0]).line : line;
        if (item === null || typeof item !== 'object' || Array.isArray(item)) {
          findings.push(parseFinding(file, itemLine, `items[${i}] is not a Kubernetes object`));
          return;
        }
        objects.push(new LoadedObject(item as KubeObject, { file, line: itemLine }, itemNode, lines));
      });
      continue;
    }
    objects.push(new LoadedObject(obj, { file, line }, node, lines));
  }
  return { objects, findings };
}

function parseFinding(file: string, line: number, message: string): Finding {
  return {
    severity: Severity.ERROR,
    type: FindingType.INVALID,
    field: '',
    message: `YAML does not parse: ${message}`,
    rule: 'yaml.parse',
    file,
    line,
  };
}

const EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** Expands files and directories (recursively, sorted) into the list of files to read. */
export function expandPaths(paths: string[]): string[] {
  const out: string[] = [];
  const walk = (p: string, explicit: boolean) => {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch (e) {
      throw new InputError(`cannot read ${p}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    if (st.isDirectory()) {
      let entries: string[];
      try {
        entries = fs.readdirSync(p).sort();
      } catch (e) {
        throw new InputError(`cannot read directory ${p}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      for (const e of entries) {
        if (e.startsWith('.')) continue;
        walk(path.join(p, e), false);
      }
    } else if (explicit || EXTENSIONS.has(path.extname(p).toLowerCase())) {
      out.push(p);
    }
  };
  for (const p of paths) {
    if (p === '-') out.push('-');
    else walk(p, true);
  }
  return out;
}

/**
 * Loads manifests from files, directories (recursively: *.yaml, *.yml, *.json)
 * and `-` (standard input). Throws InputError for unreadable paths.
 */
export function loadPaths(
  paths: string[],
  readStdin: () => string = () => fs.readFileSync(0, 'utf8'),
  onFile?: (file: string, index: number, total: number, bytes: number) => void,
): LoadResult {
  const objects: LoadedObject[] = [];
  const findings: Finding[] = [];
  const files = expandPaths(paths);
  for (const [index, file] of files.entries()) {
    let text: string;
    try {
      text = file === '-' ? readStdin() : fs.readFileSync(file, 'utf8');
    } catch (e) {
      throw new InputError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    onFile?.(file, index, files.length, text.length);
    const r = loadText(text, file);
    objects.push(...r.objects);
    findings.push(...r.findings);
  }
  return { objects, findings };
}

/** Wraps plain objects (e.g. from `Testing.synth` or `app.synth`) with no file information. */
export function fromObjects(objects: any[], constructPaths?: Array<string | undefined>): LoadedObject[] {
  return objects.map((o, i) => new LoadedObject(o, { constructPath: constructPaths?.[i] }));
}
