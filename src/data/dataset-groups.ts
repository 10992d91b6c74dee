// Group files (bias attributes per image, e.g. BAR's place/query) in CSV or JSON: parsed into a map from
// the path or file stem given in the file to its group. Errors name the line or key that is wrong.

export interface GroupOptions {
  /** Derives a group from an object-valued JSON entry (BAR's metadata.json); null leaves the entry out. */
  groupOf?: (key: string, entry: Record<string, unknown>) => string | null;
}

/** Parses CSV (header with `path` or `file`, and `group`) or JSON (`{ key: group }` or `{ key: {...} }` with groupOf). */
export function parseGroups(text: string, fileName: string, opts: GroupOptions = {}): Map<string, string> {
  const body = text.replace(/^\uFEFF/, '');
  const lower = fileName.toLowerCase();
  const looksJson = /^\s*[[{]/.test(body);
  if (lower.endsWith('.json') || (!lower.endsWith('.csv') && looksJson)) return parseJsonGroups(body, fileName, opts);
  return parseCsvGroups(body, fileName);
}

function parseJsonGroups(text: string, fileName: string, opts: GroupOptions): Map<string, string> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${fileName} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    throw new Error(`${fileName}: expected an object mapping each image to its group, got ${Array.isArray(json) ? 'an array' : typeof json}`);
  }
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(json as Record<string, unknown>)) {
    const name = normaliseKey(key);
    if (typeof value === 'string' || typeof value === 'number') {
      const g = String(value).trim();
      if (!g) throw new Error(`${fileName}: "${key}" has an empty group`);
      out.set(name, g);
    } else if (value && typeof value === 'object' && !Array.isArray(value)) {
      if (!opts.groupOf) throw new Error(`${fileName}: "${key}" is an object; pass a groupOf function to derive its group`);
      const g = opts.groupOf(key, value as Record<string, unknown>);
      if (g !== null && g !== '') out.set(name, g);
    } else {
      throw new Error(`${fileName}: "${key}" must map to a group name (a string), got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`);
    }
  }
  return out;
}

/** RFC 4180 records: quoted fields may hold commas, doubled quotes and newlines. Returns [line, fields][]. */
export function parseCsv(text: string, fileName: string): Array<[number, string[]]> {
  const rows: Array<[number, string[]]> = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let afterQuote = false;
  const endField = () => { fields.push(field); field = ''; afterQuote = false; };
  const endRow = () => {
    endField();
    if (fields.length > 1 || fields[0].trim() !== '') rows.push([rowLine, fields]);
    fields = [];
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') { quoted = false; afterQuote = true; }
      else { if (ch === '\n') line++; field += ch; }
    } else if (ch === '"' && field.trim() === '' && !afterQuote) { quoted = true; field = ''; }
    else if (ch === ',') endField();
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else if (afterQuote && ch.trim() !== '') {
      throw new Error(`${fileName} line ${line}: unexpected text after a closing quote`);
    } else if (!afterQuote) field += ch;
  }
  if (quoted) throw new Error(`${fileName} line ${rowLine}: a quoted field is never closed`);
  if (field !== '' || fields.length) endRow();
  return rows;
}

function parseCsvGroups(text: string, fileName: string): Map<string, string> {
  const rows = parseCsv(text, fileName);
  if (!rows.length) throw new Error(`${fileName} is empty`);
  const [, header] = rows[0];
  const cols = header.map((h) => h.trim().toLowerCase());
  const pathCol = cols.indexOf('path') >= 0 ? cols.indexOf('path') : cols.indexOf('file');
  const groupCol = cols.indexOf('group');
  if (pathCol < 0 || groupCol < 0) {
    throw new Error(`${fileName} line 1: the header needs a "path" (or "file") column and a "group" column; found ${header.map((h) => `"${h.trim()}"`).join(', ')}`);
  }
  const out = new Map<string, string>();
  const lineOf = new Map<string, number>();
  for (const [line, fields] of rows.slice(1)) {
    if (fields.length !== header.length) {
      throw new Error(`${fileName} line ${line}: expected ${header.length} fields like the header, got ${fields.length}`);
    }
    const key = normaliseKey(fields[pathCol].trim());
    const group = fields[groupCol].trim();
    if (!key) throw new Error(`${fileName} line ${line}: empty ${cols[pathCol]}`);
    if (!group) throw new Error(`${fileName} line ${line}: empty group for ${key}`);
    const prev = out.get(key);
    if (prev !== undefined && prev !== group) {
      throw new Error(`${fileName} line ${line}: ${key} is in group "${group}" but line ${lineOf.get(key)} put it in "${prev}"`);
    }
    out.set(key, group);
    lineOf.set(key, line);
  }
  return out;
}

const normaliseKey = (k: string): string => k.replace(/\\/g, '/').replace(/^(\.\/)+/, '');

/** Looks a sample up by full path, then by any path suffix, then by file name and by file name without extension. */
export function groupFor(groups: ReadonlyMap<string, string>, path: string): string | undefined {
  const parts = normaliseKey(path).split('/');
  for (let i = 0; i < parts.length; i++) {
    const g = groups.get(parts.slice(i).join('/'));
    if (g !== undefined) return g;
  }
  return groups.get(parts[parts.length - 1].replace(/\.[^.]*$/, ''));
}
