// Shared by the engine, the CLI and the UI (plain TypeScript, no dependencies).
// The paper-style comparison table: one row per method, in-distribution, out-of-distribution, per-group
// and worst-group accuracy, as the mean and spread over seeds; and its CSV, Markdown and LaTeX forms.

/** What one finished run contributes: its method label, seed and accuracy per split. */
export interface MethodRunResult {
  /** The row's label, e.g. "coop" or "coop+proreg". */
  method: string;
  seed: number;
  splits: Partial<Record<'train' | 'val' | 'test' | 'ood', { accuracy: number; perGroup: Record<string, number>; worstGroup: { group: string; accuracy: number } | null }>>;
}

/** Mean and sample standard deviation (0 for one value) of a statistic over seeds; null where absent. */
export interface Stat {
  mean: number;
  std: number;
  n: number;
}

export interface MethodRow {
  method: string;
  seeds: number[];
  /** In-distribution: the test split (val where there is no test split). */
  id: Stat | null;
  /** Out-of-distribution: the ood split. */
  ood: Stat | null;
  /** Worst-group accuracy on the OOD split (ID where there is none). */
  worstGroup: Stat | null;
  /** Accuracy per group on the same split as worstGroup. */
  perGroup: Record<string, Stat>;
}

function stat(values: number[]): Stat | null {
  if (values.length === 0) return null;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const std = values.length > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1)) : 0;
  return { mean, std, n: values.length };
}

/** Rows in the order methods first appear in `results`. */
export function methodRows(results: MethodRunResult[]): MethodRow[] {
  const order = [...new Set(results.map((r) => r.method))];
  return order.map((method) => {
    const runs = results.filter((r) => r.method === method);
    const idOf = (r: MethodRunResult) => r.splits.test ?? r.splits.val;
    const groupSplit = (r: MethodRunResult) => r.splits.ood ?? idOf(r);
    const groups = [...new Set(runs.flatMap((r) => Object.keys(groupSplit(r)?.perGroup ?? {})))].sort();
    const perGroup: Record<string, Stat> = {};
    for (const g of groups) {
      const s = stat(runs.map((r) => groupSplit(r)?.perGroup[g]).filter((v): v is number => v !== undefined));
      if (s) perGroup[g] = s;
    }
    return {
      method,
      seeds: runs.map((r) => r.seed),
      id: stat(runs.map((r) => idOf(r)?.accuracy).filter((v): v is number => v !== undefined)),
      ood: stat(runs.map((r) => r.splits.ood?.accuracy).filter((v): v is number => v !== undefined)),
      worstGroup: stat(runs.map((r) => groupSplit(r)?.worstGroup?.accuracy).filter((v): v is number => v !== undefined)),
      perGroup,
    };
  });
}

/** "71.3 ± 1.2" in percent; the spread only over several seeds; "-" where absent. */
export function formatStat(s: Stat | null | undefined, spread = true): string {
  if (!s) return '-';
  const m = (s.mean * 100).toFixed(1);
  return spread && s.n > 1 ? `${m} ± ${(s.std * 100).toFixed(1)}` : m;
}

/** Header and cells as the table shows them (every export writes exactly these). */
export function tableCells(rows: MethodRow[]): { header: string[]; body: string[][] } {
  const groups = [...new Set(rows.flatMap((r) => Object.keys(r.perGroup)))].sort();
  const header = ['Method', 'ID', 'OOD', 'Worst group', ...groups];
  const body = rows.map((r) => [r.method, formatStat(r.id), formatStat(r.ood), formatStat(r.worstGroup), ...groups.map((g) => formatStat(r.perGroup[g]))]);
  return { header, body };
}

function csvCell(v: string): string {
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function toCsv(rows: MethodRow[]): string {
  const { header, body } = tableCells(rows);
  return `${[header, ...body].map((line) => line.map(csvCell).join(',')).join('\n')}\n`;
}

export function toMarkdown(rows: MethodRow[]): string {
  const { header, body } = tableCells(rows);
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return `${[line(header), line(header.map((_, i) => (i === 0 ? '---' : '---:'))), ...body.map(line)].join('\n')}\n`;
}

const LATEX_SPECIAL = /[\\&%$#_{}~^]/g;

export function toLatex(rows: MethodRow[]): string {
  const { header, body } = tableCells(rows);
  const esc = (s: string) => s.replace(LATEX_SPECIAL, (c) => (c === '\\' ? '\\textbackslash{}' : c === '~' ? '\\textasciitilde{}' : c === '^' ? '\\textasciicircum{}' : `\\${c}`)).replace(/±/g, '$\\pm$');
  const row = (cells: string[]) => `${cells.map(esc).join(' & ')} \\\\`;
  return [
    `\\begin{tabular}{l${'r'.repeat(header.length - 1)}}`,
    '\\toprule',
    row(header),
    '\\midrule',
    ...body.map(row),
    '\\bottomrule',
    '\\end{tabular}',
    '',
  ].join('\n');
}
