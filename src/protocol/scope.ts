// What a run trains, spelled as text in configs, flags and saved projects ('head', 'last-K', 'full') and
// parsed here, the one place that reads that spelling.

export type Scope = { kind: 'head' } | { kind: 'last'; blocks: number } | { kind: 'full' };
export type ScopeKind = Scope['kind'];

/** The scope the text names, or null where it names none ('last-0', 'last-x', 'all'). */
export function scopeOf(text: string): Scope | null {
  if (text === 'head') return { kind: 'head' };
  if (text === 'full') return { kind: 'full' };
  const m = /^last-([1-9]\d*)$/.exec(text);
  return m ? { kind: 'last', blocks: Number(m[1]) } : null;
}

/** Like scopeOf, but refuses text that names no scope, saying what does. */
export function parseScope(text: string): Scope {
  const s = scopeOf(text);
  if (!s) throw new Error(`unknown scope "${text}": use head, last-K (e.g. last-2) or full`);
  return s;
}

/** The text of a scope: the inverse of parseScope. */
export function scopeText(s: Scope): string {
  return s.kind === 'last' ? `last-${s.blocks}` : s.kind;
}
