import { Finding } from '../validation/finding';
import { ValidationReport } from '../validation/validate';

function where(f: Finding): string {
  if (f.file !== undefined) return `${f.file}:${f.line ?? 1}`;
  if (f.constructPath !== undefined) return f.constructPath;
  return '<input>';
}

function who(f: Finding): string {
  const id = f.namespace ? `${f.namespace}/${f.name ?? ''}` : f.name ?? '';
  return `${f.kind ?? '<unknown kind>'} ${id}`.trim();
}

/** `FILE:LINE: KIND NAMESPACE/NAME: FIELD: MESSAGE (severity, rule)` — CONTRACT.md. */
export function formatFindingLine(f: Finding): string {
  const field = f.field === '' ? '<object>' : f.field;
  const subject = f.kind || f.name ? `${who(f)}: ` : '';
  return `${where(f)}: ${subject}${field}: ${f.message} (${f.severity}, ${f.rule})`;
}

const colours = { red: '\u001b[31m', yellow: '\u001b[33m', bold: '\u001b[1m', dim: '\u001b[2m', reset: '\u001b[0m' };

/**
 * Findings in the contracted order — every error before any warning — and,
 * within each severity, grouped by file (files in the order they were read;
 * findings without a file last), then by line. A file with errors and
 * warnings appears in both sections.
 */
export function groupByFile(report: ValidationReport): Array<{ file: string | undefined; findings: Finding[] }> {
  const order = new Map<string | undefined, number>();
  for (const f of [...report.errors, ...report.warnings]) if (!order.has(f.file)) order.set(f.file, order.size);
  const rankFile = (file: string | undefined) => (file === undefined ? Number.MAX_SAFE_INTEGER : order.get(file)!);
  const out: Array<{ file: string | undefined; findings: Finding[] }> = [];
  for (const list of [report.errors, report.warnings]) {
    const sorted = list.map((f, i) => ({ f, i }))
      .sort((a, b) => rankFile(a.f.file) - rankFile(b.f.file) || (a.f.line ?? 0) - (b.f.line ?? 0) || a.i - b.i)
      .map((x) => x.f);
    for (const f of sorted) {
      const last = out[out.length - 1];
      if (last && last.file === f.file && last.findings[0].severity === f.severity) last.findings.push(f);
      else out.push({ file: f.file, findings: [f] });
    }
  }
  return out;
}

/**
 * Text output: one `FILE:LINE: KIND NAMESPACE/NAME: FIELD: MESSAGE` line per
 * finding, errors before warnings, each grouped by file, then a summary line.
 * With `colour` (stdout is a terminal and NO_COLOR is unset) errors are red,
 * warnings yellow, and each file group starts with a bold header line.
 */
export function formatText(report: ValidationReport, colour: boolean): string {
  const lines: string[] = [];
  const paint = (c: string, s: string) => (colour ? `${c}${s}${colours.reset}` : s);
  for (const group of groupByFile(report)) {
    if (colour) {
      const n = group.findings.length;
      const kind = group.findings[0].severity === 'error' ? 'error' : 'warning';
      lines.push(paint(colours.bold, `${group.file ?? '<no file>'}`) + paint(colours.dim, ` (${n} ${kind}${n === 1 ? '' : 's'})`));
    }
    for (const f of group.findings) lines.push(paint(f.severity === 'error' ? colours.red : colours.yellow, formatFindingLine(f)));
  }
  const sum = summary(report);
  lines.push(colour ? paint(report.errors.length > 0 ? colours.red + colours.bold : colours.bold, sum) : sum);
  return lines.join('\n') + '\n';
}

/** Whether to colour text output: the stream is a terminal and NO_COLOR is unset or empty. */
export function useColour(isTty: boolean, env: { [key: string]: string | undefined }): boolean {
  return isTty && (env.NO_COLOR === undefined || env.NO_COLOR === '');
}

/**
 * A progress line on a terminal (`validating 4,000/10,000 objects`),
 * rewritten in place and cleared at the end. Writes nothing when the stream
 * is not a terminal or the run is small.
 */
export class ProgressLine {
  /** Runs with fewer objects than this finish too fast for a progress line. */
  public static readonly MIN_OBJECTS = 1000;
  /** Files at least this large (characters) are announced while they are parsed. */
  public static readonly LARGE_FILE = 1_000_000;
  /** Runs with at least this many files show which file is being read. */
  public static readonly MANY_FILES = 50;
  private shown = false;

  constructor(private readonly write: (s: string) => void, private readonly isTty: boolean) {}

  /** Shows `VERB done/total NOUN` (numbers with thousands separators). */
  public update(verb: string, done: number, total: number, noun: string): void {
    if (!this.isTty || total < ProgressLine.MIN_OBJECTS) return;
    const n = (x: number) => x.toLocaleString('en-US');
    this.write(`\r\u001b[K${verb} ${n(done)}/${n(total)} ${noun}`);
    this.shown = true;
  }

  /**
   * Shows which input is being read: `reading 3/120 files`, or the file and
   * its size when one file is large (parsing it is most of a long run).
   */
  public reading(file: string, index: number, total: number, bytes: number): void {
    if (!this.isTty) return;
    if (bytes >= ProgressLine.LARGE_FILE) {
      this.write(`\r\u001b[Kreading ${file} (${(bytes / 1e6).toFixed(1)} MB)${total > 1 ? `, file ${index + 1}/${total}` : ''}`);
      this.shown = true;
    } else if (total >= ProgressLine.MANY_FILES) {
      this.write(`\r\u001b[Kreading ${(index + 1).toLocaleString('en-US')}/${total.toLocaleString('en-US')} files`);
      this.shown = true;
    }
  }

  /** Removes the line (call before printing results). */
  public clear(): void {
    if (this.shown) this.write('\r\u001b[K');
    this.shown = false;
  }
}

export function summary(report: ValidationReport): string {
  const n = (k: number, w: string) => `${k} ${w}${k === 1 ? '' : 's'}`;
  return `${n(report.objects, 'object')} checked: ${n(report.errors.length, 'error')}, ${n(report.warnings.length, 'warning')}`;
}

function jsonFinding(f: Finding): Record<string, unknown> {
  return {
    file: f.file ?? null,
    line: f.line ?? null,
    apiVersion: f.apiVersion ?? null,
    kind: f.kind ?? null,
    namespace: f.namespace ?? null,
    name: f.name ?? null,
    field: f.field,
    type: f.type,
    message: f.message,
    rule: f.rule,
    ...(f.constructPath !== undefined ? { constructPath: f.constructPath } : {}),
  };
}

/** JSON output exactly as CONTRACT.md describes. */
export function formatJson(report: ValidationReport): string {
  return JSON.stringify({
    objects: report.objects,
    errors: report.errors.map(jsonFinding),
    warnings: report.warnings.map(jsonFinding),
  }, null, 2) + '\n';
}

function ghEscapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function ghEscapeProp(s: string): string {
  return ghEscapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** GitHub Actions workflow commands: one annotation per finding. */
export function formatGithub(report: ValidationReport): string {
  const lines: string[] = [];
  const emit = (level: string, f: Finding) => {
    const props = [f.file !== undefined ? `file=${ghEscapeProp(f.file)}` : undefined,
      f.line !== undefined ? `line=${f.line}` : undefined,
      `title=${ghEscapeProp(f.rule)}`].filter((p) => p !== undefined).join(',');
    lines.push(`::${level} ${props}::${ghEscapeData(`${who(f)}: ${f.field || '<object>'}: ${f.message}`)}`);
  };
  for (const f of report.errors) emit('error', f);
  for (const f of report.warnings) emit('warning', f);
  lines.push(summary(report));
  return lines.join('\n') + '\n';
}
