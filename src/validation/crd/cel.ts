import * as path from 'path';
import { celEnv, CelEnv, isCelError, isCelList, parse, plan } from '@bufbuild/cel';
import { kubernetesCelFunctions, RegexEngine } from './cel-library';

/**
 * Compiles and evaluates the CEL rules of CustomResourceDefinitions
 * (`x-kubernetes-validations`) with @bufbuild/cel plus the Kubernetes CEL
 * library. Every compiled rule is cached by its text.
 */

type Program = (bindings: Record<string, any>) => unknown;

/** A rule that compiled: evaluate it with `self` bound. */
export interface CompiledRule {
  readonly program: Program;
  /** Transition rules (they read `oldSelf`) do not run on create. */
  readonly transition: boolean;
}

/** The result of evaluating a rule or expression: a value, or why it could not be evaluated. */
export type Evaluation = { ok: true; value: unknown } | { ok: false; error: string };

/** Go RE2 syntax that JavaScript spells differently (for `find`/`findAll` only; `matches` uses RE2 itself). */
function goRegexToJs(pattern: string): { source: string; flags: string } {
  let flags = '';
  let source = pattern;
  const inline = /^\(\?([imsU]+)\)/.exec(source);
  if (inline) {
    source = source.slice(inline[0].length);
    if (inline[1].includes('i')) flags += 'i';
    if (inline[1].includes('s')) flags += 's';
    if (inline[1].includes('m')) flags += 'm';
  }
  source = source
    .replace(/\[:alnum:\]/g, 'A-Za-z0-9').replace(/\[:alpha:\]/g, 'A-Za-z').replace(/\[:digit:\]/g, '0-9')
    .replace(/\[:cntrl:\]/g, '\\x00-\\x1f\\x7f').replace(/\[:space:\]/g, '\\s').replace(/\[:upper:\]/g, 'A-Z')
    .replace(/\[:lower:\]/g, 'a-z').replace(/\[:xdigit:\]/g, '0-9A-Fa-f').replace(/\[:punct:\]/g, '!-\\/:-@\\[-`{-~')
    .replace(/\\z/g, '$').replace(/\\A/g, '^');
  return { source, flags };
}

const jsRegex: RegexEngine = {
  find(pattern, text, all, limit) {
    const { source, flags } = goRegexToJs(pattern);
    const re = new RegExp(source, `${flags}g`);
    const out: string[] = [];
    for (const m of text.matchAll(re)) {
      out.push(m[0]);
      if (!all || (limit >= 0 && out.length >= limit)) break;
    }
    return limit === 0 ? [] : out;
  },
};

/** The RE2 engine @bufbuild/cel uses for `matches` (a dependency of it): linear time, Go syntax. */
interface Re2Pattern { test(text: string): boolean }
interface Re2 { compile(pattern: string): Re2Pattern }

function loadRe2(): Re2 | undefined {
  try {
    const celDir = path.dirname(require.resolve('@bufbuild/cel'));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(require.resolve('@bufbuild/re2', { paths: [celDir] })).RE2JS as Re2;
  } catch {
    return undefined; // then `matches` compiles each pattern on every call, through CEL
  }
}

export class CelEngine {
  private readonly env: CelEnv;
  private readonly rules = new Map<string, CompiledRule | string>();
  /** Compiled RE2 patterns (RE2 itself compiles on every call, which dominated CRD validation). */
  private readonly patterns = new Map<string, Re2Pattern | string>();
  private readonly re2 = loadRe2();
  private matcher?: Program;

  constructor() {
    const funcs = kubernetesCelFunctions(jsRegex);
    const re2 = this.re2;
    this.env = re2
      ? celEnv({
        funcs,
        re2: {
          compile: (pattern: string) => {
            const p = this.pattern(pattern);
            if (typeof p === 'string') throw new Error(p);
            return p;
          },
        },
      })
      : celEnv({ funcs });
  }

  /** Compiles a rule (cached); a string is the compile error. */
  public compile(rule: string): CompiledRule | string {
    let c = this.rules.get(rule);
    if (c === undefined) {
      try {
        const parsed = parse(rule);
        c = { program: plan(this.env, parsed) as Program, transition: /\boldSelf\b/.test(rule) };
      } catch (e) {
        c = String((e as Error).message ?? e).split('\n')[0];
      }
      this.rules.set(rule, c);
    }
    return c;
  }

  /** Evaluates a compiled program; never throws. */
  public evaluate(program: Program, bindings: Record<string, any>): Evaluation {
    try {
      const v = program(bindings);
      if (isCelError(v)) return { ok: false, error: v.message };
      return { ok: true, value: isCelList(v) ? [...v] : v };
    } catch (e) {
      return { ok: false, error: String((e as Error).message ?? e) };
    }
  }

  /** RE2 `matches`, as the API server evaluates `pattern`; a string is why the pattern does not compile. */
  public matches(text: string, pattern: string): boolean | string {
    if (this.re2) {
      const p = this.pattern(pattern);
      return typeof p === 'string' ? p : p.test(text);
    }
    if (!this.matcher) this.matcher = plan(this.env, parse('s.matches(p)')) as Program;
    const r = this.evaluate(this.matcher, { s: text, p: pattern });
    return r.ok ? r.value === true : r.error;
  }

  private pattern(pattern: string): Re2Pattern | string {
    let p = this.patterns.get(pattern);
    if (p === undefined) {
      try {
        p = this.re2!.compile(pattern);
      } catch (e) {
        p = String((e as Error).message ?? e);
      }
      this.patterns.set(pattern, p);
    }
    return p;
  }
}

const CEL_RESERVED = new Set([
  'true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if',
  'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while',
]);

/**
 * The name a property has in CEL (Kubernetes escaping): reserved words become
 * `__word__`; `__`, `.`, `-`, `/` become `__underscores__`, `__dot__`,
 * `__dash__`, `__slash__`. Returns undefined for names CEL cannot reach.
 */
export function celPropertyName(name: string): string | undefined {
  if (CEL_RESERVED.has(name)) return `__${name}__`;
  const escaped = name.replace(/__/g, '__underscores__').replace(/\./g, '__dot__').replace(/-/g, '__dash__').replace(/\//g, '__slash__');
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(escaped) ? escaped : undefined;
}
