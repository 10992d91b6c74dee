// Group per image from a small side file: CSV with a header naming path (or file) and group columns, or JSON
// {"image name or path": "group"}, or an object per image like BAR's metadata.json.

export function parseGroups(text: string, fileName: string): Record<string, string> {
  const trimmed = text.trim();
  if (fileName.toLowerCase().endsWith('.json') || trimmed.startsWith('{')) {
    const data: unknown = JSON.parse(trimmed);
    if (!data || typeof data !== 'object' || Array.isArray(data)) throw new Error('JSON groups must be an object {"image": "group"}');
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(data)) {
      const g = typeof v === 'object' && v !== null ? groupOfEntry(v as Record<string, unknown>) : String(v);
      if (g) out[k] = g;
    }
    return out;
  }
  const lines = trimmed.split(/\r?\n/).filter((l) => l.trim().length > 0);
  if (lines.length < 2) throw new Error('CSV groups need a header line and at least one row');
  const header = splitCsvLine(lines[0]).map((h) => h.trim().toLowerCase());
  const pathCol = header.findIndex((h) => h === 'path' || h === 'file' || h === 'filename' || h === 'image');
  const groupCol = header.indexOf('group');
  if (pathCol < 0 || groupCol < 0) throw new Error('CSV header must name a path (or file) column and a group column');
  const out: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const cells = splitCsvLine(line);
    const key = cells[pathCol]?.trim();
    if (key) out[key] = (cells[groupCol] ?? '').trim();
  }
  return out;
}

/** The group of an object-valued entry, as in BAR's metadata.json: its search query ("ice+climbing"), else its
 * `group` or `source` field; null leaves the image out. */
function groupOfEntry(e: Record<string, unknown>): string | null {
  const detail = e.detail as { query?: unknown } | undefined;
  if (detail && typeof detail.query === 'string' && detail.query) return detail.query.replace(/\+/g, ' ');
  for (const k of ['group', 'source']) if (typeof e[k] === 'string' && e[k]) return e[k] as string;
  return null;
}

/** Splits one CSV line, honouring double quotes ("a, b" stays one cell; "" is a quote). */
export function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cur);
      cur = '';
    } else cur += ch;
  }
  cells.push(cur);
  return cells;
}
