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

const colours = { red: '\u001b[31m', yellow: '\u001b[33m', bold: '\u001b[1m', reset: '\u001b[0m' };

/** Text output: errors, then warnings, then a summary line. Colours only when asked (a TTY). */
export function formatText(report: ValidationReport, colour: boolean): string {
  const lines: string[] = [];
  const paint = (c: string, s: string) => (colour ? `${c}${s}${colours.reset}` : s);
  for (const f of report.errors) lines.push(paint(colours.red, formatFindingLine(f)));
  for (const f of report.warnings) lines.push(paint(colours.yellow, formatFindingLine(f)));
  lines.push(summary(report));
  return lines.join('\n') + '\n';
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
