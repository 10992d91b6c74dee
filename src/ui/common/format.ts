// Number formatting shared by the panels.

export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return '?';
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(0)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${n} B`;
}

export function formatCount(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)}B`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return String(n);
}

export function pct(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '–' : `${(x * 100).toFixed(digits)}%`;
}

export function formatEta(sec: number | undefined): string {
  if (sec === undefined || !Number.isFinite(sec)) return '';
  const s = Math.max(0, Math.round(sec));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  return h > 0 ? `${h}h ${String(m).padStart(2, '0')}m` : `${m}:${String(r).padStart(2, '0')}`;
}

/** A number for people: never an exponent. Below a millionth it is "~0"; below a thousandth two significant
 * digits ("0.000012"); large values get thousands separators. */
export function num(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return '–';
  const a = Math.abs(x);
  if (x !== 0 && a < 1e-6) return '~0';
  if (x !== 0 && a < 1e-3) return String(Number(x.toFixed(Math.ceil(-Math.log10(a)) + 1)));
  if (a >= 1e4) return Math.round(x).toLocaleString('en-US');
  return x.toFixed(digits);
}

let dateTimeFormat: Intl.DateTimeFormat | null = null;

/** A date and time as `Date#toLocaleString()` writes it, with one formatter for every call (each
 * `toLocaleString()` builds a new one, which costs milliseconds: a list of saved projects re-rendered on every
 * save would pay that per entry). */
export function formatDateTime(ms: number): string {
  dateTimeFormat ??= new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  return dateTimeFormat.format(ms);
}

let intFormat: Intl.NumberFormat | null = null;

/** A count as `Number#toLocaleString()` writes it ("10,000"), with one formatter for every call (the import's
 * progress line, redrawn with every slice of files, took 183 ms in one task building formatters). */
export function formatInt(n: number): string {
  intFormat ??= new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
  return intFormat.format(n);
}
