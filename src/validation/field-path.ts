/**
 * An immutable path to a field inside a Kubernetes object, written the way
 * Kubernetes writes it in API errors: `spec.rules[0].host`,
 * `metadata.annotations[haproxy.router.openshift.io/timeout]`.
 *
 * Validators receive the path of the value they check and pass children down;
 * leaf checks never need to know where they are.
 */
export class FieldPath {
  /** A root path (`spec`, `metadata`, ...). */
  public static root(name: string): FieldPath {
    return new FieldPath([{ kind: 'field', value: name }]);
  }

  /** Parses a path written as `spec.tls.key` or `spec.rules[0].host` or `metadata.annotations[a/b]`. */
  public static parse(text: string): FieldPath {
    const segments: Segment[] = [];
    let i = 0;
    let current = '';
    const flush = () => {
      if (current !== '') segments.push({ kind: 'field', value: current });
      current = '';
    };
    while (i < text.length) {
      const c = text[i];
      if (c === '.') {
        flush();
        i++;
      } else if (c === '[') {
        flush();
        const end = text.indexOf(']', i);
        const inner = end < 0 ? text.slice(i + 1) : text.slice(i + 1, end);
        if (/^[0-9]+$/.test(inner)) segments.push({ kind: 'index', value: Number(inner) });
        else segments.push({ kind: 'key', value: inner });
        i = end < 0 ? text.length : end + 1;
      } else {
        current += c;
        i++;
      }
    }
    flush();
    return new FieldPath(segments);
  }

  private constructor(private readonly segments: Segment[]) {}

  /** The path of a named child field. */
  public child(name: string, ...more: string[]): FieldPath {
    const next = [...this.segments, { kind: 'field' as const, value: name }];
    for (const m of more) next.push({ kind: 'field', value: m });
    return new FieldPath(next);
  }

  /** The path of a list item. */
  public index(i: number): FieldPath {
    return new FieldPath([...this.segments, { kind: 'index', value: i }]);
  }

  /** The path of a map entry (annotations, labels). */
  public key(k: string): FieldPath {
    return new FieldPath([...this.segments, { kind: 'key', value: k }]);
  }

  /**
   * The segments as keys into the JSON object: strings for fields and map keys, numbers for list items.
   */
  public keys(): Array<string | number> {
    return this.segments.map((s) => s.value);
  }

  public toString(): string {
    let out = '';
    for (const s of this.segments) {
      if (s.kind === 'field') out += out === '' ? s.value : `.${s.value}`;
      else out += `[${s.value}]`;
    }
    return out;
  }
}

type Segment = { kind: 'field'; value: string } | { kind: 'index'; value: number } | { kind: 'key'; value: string };
