import { CST, LineCounter, Parser } from 'yaml';

/**
 * A faster reader for the YAML that generators write (cdk8s, kubectl, Helm):
 * block and flow collections of plain, quoted and block scalars. It builds
 * values straight from the `yaml` package's concrete syntax tree, skipping
 * its document model (a third of the time on large inputs), and finds the
 * line of a field on demand from the same tree.
 *
 * Anything else (anchors, aliases, tags, explicit keys, directives, syntax
 * errors, keys that are not scalars) returns undefined: the caller then reads
 * the text with the full parser, which also reports the errors. Values follow
 * the YAML 1.2 core schema, as the full parser does; a test compares both on
 * every YAML file the project has.
 */

type Token = CST.Token;
/** A token of the yaml package's concrete syntax tree. */
export type CstToken = CST.Token;
type SourceToken = CST.SourceToken;

/** A document that was read: its value and how to find the line of a field inside it. */
export interface FastDocument {
  readonly value: unknown;
  /** 1-based line of the document's value. */
  readonly line: number;
  /** The token of the value, for {@link lineOfPath}. */
  readonly token: Token;
}

/** The result of a fast read: documents (empty ones dropped) and the line index of the text. */
export interface FastRead {
  readonly documents: FastDocument[];
  readonly lines: LineCounter;
}

class Bail extends Error {}
const BAIL = new Bail();

/** The only source tokens allowed around values: anything else (anchors, tags, `?`, errors, ...) bails. */
const PLAIN = new Set(['space', 'comment', 'newline']);
const SEP = new Set([...PLAIN, 'map-value-ind']);
const SEQ_START = new Set([...PLAIN, 'seq-item-ind']);
const FLOW_END = new Set([...PLAIN, 'flow-map-end', 'flow-seq-end']);
const FLOW_ITEM = new Set([...PLAIN, 'comma']);
const DOC_START = new Set([...PLAIN, 'doc-start']);
const DOC_END = new Set([...PLAIN, 'doc-end']);

function only(tokens: SourceToken[] | undefined, allowed: Set<string>): void {
  if (!tokens) return;
  for (const t of tokens) {
    if (!allowed.has(t.type)) throw BAIL;
    if (t.type === 'space' && t.source.includes('\t')) throw BAIL; // tabs: indentation rules of their own
  }
}

function checkProps(tokens: SourceToken[] | undefined): void {
  only(tokens, PLAIN);
}

/** YAML 1.2 core schema for plain scalars (null, bool, int, float, else string). */
function coreScalar(s: string): unknown {
  if (/^(?:~|[Nn]ull|NULL)?$/.test(s)) return null;
  if (/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(s)) return s[0] === 't' || s[0] === 'T';
  if (/^0o[0-7]+$/.test(s)) return parseInt(s.slice(2), 8);
  if (/^[-+]?[0-9]+$/.test(s)) return parseInt(s, 10);
  if (/^0x[0-9a-fA-F]+$/.test(s)) return parseInt(s.slice(2), 16);
  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(s)) return s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? -Infinity : Infinity;
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(s)) return parseFloat(s);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(s)) return parseFloat(s);
  return s;
}

function isScalarToken(t: Token): t is CST.FlowScalar | CST.BlockScalar {
  return t.type === 'scalar' || t.type === 'single-quoted-scalar' || t.type === 'double-quoted-scalar' || t.type === 'block-scalar';
}

function scalar(t: CST.FlowScalar | CST.BlockScalar): unknown {
  let failed = false;
  const r = CST.resolveAsScalar(t, true, () => { failed = true; });
  if (failed || !r) throw BAIL;
  return t.type === 'scalar' ? coreScalar(r.value) : r.value;
}

function key(t: Token | null | undefined): string {
  if (!t || !isScalarToken(t) || t.type === 'block-scalar') throw BAIL;
  if (t.source.includes('\n')) throw BAIL; // implicit keys are single-line
  checkProps(t.end);
  const v = scalar(t);
  if (v === null || v === '__proto__') throw BAIL;
  return String(v);
}

function hasMapIndicator(sep: SourceToken[] | undefined): boolean {
  return sep?.some((t) => t.type === 'map-value-ind') ?? false;
}

function column(offset: number, lines: LineCounter): number {
  return lines.linePos(offset).col;
}

function toJs(t: Token, text: string, lines: LineCounter): unknown {
  if (isScalarToken(t)) {
    checkProps((t as { end?: SourceToken[] }).end);
    return scalar(t);
  }
  switch (t.type) {
    case 'block-map': {
      const out: Record<string, unknown> = {};
      const col = column(t.offset, lines);
      for (const item of t.items) {
        checkProps(item.start);
        only(item.sep, SEP);
        if (!hasMapIndicator(item.sep)) throw BAIL;
        if (!item.key || column(item.key.offset, lines) !== col) throw BAIL; // all keys in one column
        // a block collection as the value of an implicit key starts on a new line (`a: b: c` is an error)
        const v = item.value;
        if (v && (v.type === 'block-map' || v.type === 'block-seq') && !item.sep!.some((s) => s.type === 'newline')) throw BAIL;
        out[key(item.key)] = v ? toJs(v, text, lines) : null;
      }
      return out;
    }
    case 'block-seq': {
      const col = column(t.offset, lines);
      return t.items.map((item) => {
        only(item.start, SEQ_START);
        const dash = item.start.find((s) => s.type === 'seq-item-ind');
        if (!dash || column(dash.offset, lines) !== col) throw BAIL; // all items in one column
        return item.value ? toJs(item.value, text, lines) : null;
      });
    }
    case 'flow-collection': {
      only(t.end, FLOW_END);
      // flow collections spanning lines have indentation rules of their own: leave them to the full parser
      const close = t.end.find((e) => e.type === 'flow-map-end' || e.type === 'flow-seq-end');
      if (!close || text.slice(t.offset, close.offset).includes('\n')) throw BAIL;
      const isMap = t.start.source === '{';
      if (isMap) {
        const out: Record<string, unknown> = {};
        for (const item of t.items) {
          only(item.start, FLOW_ITEM);
          only(item.sep, SEP);
          if (!hasMapIndicator(item.sep)) throw BAIL;
          out[key(item.key)] = item.value ? toJs(item.value, text, lines) : null;
        }
        return out;
      }
      return t.items.map((item) => {
        only(item.start, FLOW_ITEM);
        if (item.key || hasMapIndicator(item.sep) || !item.value) throw BAIL; // pairs in a flow sequence
        return toJs(item.value, text, lines);
      });
    }
    default:
      throw BAIL; // alias, error, ...
  }
}

/** Reads every document of the text, or returns undefined when the text needs the full parser. */
export function fastRead(text: string): FastRead | undefined {
  const lines = new LineCounter();
  const documents: FastDocument[] = [];
  try {
    for (const t of new Parser(lines.addNewLine).parse(text)) {
      if (t.type === 'document') {
        only(t.start, DOC_START);
        only(t.end, DOC_END);
        if (!t.value) continue; // an empty document (trailing `---`, comments only)
        const v = t.value;
        if ((v.type === 'block-map' || v.type === 'block-seq') && t.start.some((s) => s.type === 'doc-start') && !t.start.some((s) => s.type === 'newline')) {
          throw BAIL; // a block collection on the `---` line
        }
        const value = toJs(t.value, text, lines);
        if (value === null) continue; // an empty plain scalar document
        documents.push({ value, line: lines.linePos(offsetOf(t.value)).line, token: t.value });
      } else if (t.type !== 'comment' && t.type !== 'newline' && t.type !== 'space' && t.type !== 'doc-end' && t.type !== 'byte-order-mark') {
        throw BAIL; // directives, errors, stray tokens
      }
    }
  } catch (e) {
    if (e instanceof Bail) return undefined;
    throw e;
  }
  return { documents, lines };
}

function offsetOf(t: Token): number {
  return t.offset;
}

/**
 * The line of the deepest token on the path (keys: property names and list
 * indexes) that exists: a map entry's key line, a list item's line.
 * `start` is the line to return when not even the first key exists.
 */
export function lineOfPath(root: Token, keys: Array<string | number>, lines: LineCounter, start: number | undefined): number | undefined {
  let token: Token | undefined = root;
  let line = start;
  for (const k of keys) {
    if (!token) break;
    if (token.type === 'block-map' || (token.type === 'flow-collection' && token.start.source === '{')) {
      const item: CST.BlockMap['items'][number] | undefined = (token.items as Array<CST.BlockMap['items'][number]>).find((i) => {
        try {
          return key(i.key) === String(k);
        } catch {
          return false;
        }
      });
      if (!item || !item.key) break;
      line = lines.linePos(item.key.offset).line;
      token = item.value;
    } else if ((token.type === 'block-seq' || token.type === 'flow-collection') && typeof k === 'number') {
      const item = token.items[k] as { start: SourceToken[]; value?: Token } | undefined;
      if (!item) break;
      const at = item.value ? item.value.offset : item.start[0]?.offset;
      if (at !== undefined) line = lines.linePos(at).line;
      token = item.value;
    } else {
      break;
    }
  }
  return line;
}

/** The line of item `i` of the top-level `items` list of a `kind: List` document (its value's line). */
export function listItemToken(root: Token, i: number): Token | undefined {
  if (root.type !== 'block-map' && !(root.type === 'flow-collection' && root.start.source === '{')) return undefined;
  const items = (root.items as Array<CST.BlockMap['items'][number]>).find((it) => {
    try {
      return key(it.key) === 'items';
    } catch {
      return false;
    }
  })?.value;
  if (!items || (items.type !== 'block-seq' && items.type !== 'flow-collection')) return undefined;
  return (items.items[i] as { value?: Token } | undefined)?.value;
}
