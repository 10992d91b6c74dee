// The hottest functions of a CDP CPU profile (self and inclusive time), for the benches' --profile.

export interface Hot { fn: string; where: string; self_ms: number; total_ms: number }
export interface CpuProfile { startTime?: number; nodes: { id: number; children?: number[]; callFrame: { functionName: string; url: string; lineNumber: number } }[]; samples: number[]; timeDeltas: number[] }

/**
 * Self and total (inclusive) time per function of a CDP profile, the hottest (by total) first; `keep` picks
 * the functions listed (e.g. React components: capitalised names).
 */
export function hottest(profile: CpuProfile, n = 40, keep: (h: Hot) => boolean = () => true): Hot[] {
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  const parent = new Map<number, number>();
  for (const x of profile.nodes) for (const c of x.children ?? []) parent.set(c, x.id);
  const keyOf = (id: number) => {
    const f = byId.get(id)!.callFrame;
    return { fn: f.functionName || '(anonymous)', where: `${f.url.replace(/^.*\/(assets|node_modules)\//, '$1/')}:${f.lineNumber + 1}` };
  };
  const hot = new Map<string, Hot>();
  const entry = (id: number) => {
    const k = keyOf(id);
    const key = `${k.fn}@${k.where}`;
    let h = hot.get(key);
    if (!h) hot.set(key, (h = { ...k, self_ms: 0, total_ms: 0 }));
    return h;
  };
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    entry(id).self_ms += dt;
    const seen = new Set<Hot>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) seen.add(entry(at));
    for (const h of seen) h.total_ms += dt;
  });
  return [...hot.values()].filter((h) => h.fn !== '(root)' && keep(h)).sort((a, b) => b.total_ms - a.total_ms).slice(0, n)
    .map((h) => ({ ...h, self_ms: Math.round(h.self_ms), total_ms: Math.round(h.total_ms) }));
}

export interface BusySpan { at_ms: number; ms: number; hottest: Hot[] }

/**
 * Spans of the profile where the thread never went idle for longer than `minMs` (a long task as the profile
 * sees it, with no clock shared with the page), each with its hottest functions: what a long task was made of.
 */
export function busySpans(profile: CpuProfile, minMs = 100, n = 12): BusySpan[] {
  const idle = new Set(profile.nodes.filter((x) => x.callFrame.functionName === '(idle)').map((x) => x.id));
  const spans: BusySpan[] = [];
  let t = 0;
  let from = -1;
  let startMs = 0;
  const close = (end: number, endMs: number) => {
    if (from >= 0 && endMs - startMs >= minMs) {
      const part = { ...profile, samples: profile.samples.slice(from, end), timeDeltas: profile.timeDeltas.slice(from, end + 1) };
      spans.push({ at_ms: Math.round(startMs), ms: Math.round(endMs - startMs), hottest: hottest(part, n).filter((h) => h.fn !== '(program)' || h.self_ms > 0) });
    }
    from = -1;
  };
  profile.samples.forEach((id, i) => {
    t += (profile.timeDeltas[i] ?? 0) / 1000;
    if (idle.has(id)) close(i, t);
    else if (from < 0) {
      from = i;
      startMs = t;
    }
  });
  close(profile.samples.length, t);
  return spans;
}

/**
 * The part of a profile between `from` and `to` (microseconds on the profile's clock, which a Chrome trace's
 * `ts` shares): e.g. one task of a trace recorded at the same time, to see which functions it ran.
 */
export function profileWindow(profile: CpuProfile, from: number, to: number): CpuProfile {
  let t = profile.startTime ?? 0;
  let first = -1;
  let last = -1;
  profile.samples.forEach((_, i) => {
    t += profile.timeDeltas[i] ?? 0;
    if (t < from || t > to) return;
    if (first < 0) first = i;
    last = i;
  });
  if (first < 0) return { ...profile, samples: [], timeDeltas: [] };
  return { ...profile, samples: profile.samples.slice(first, last + 1), timeDeltas: profile.timeDeltas.slice(first, last + 2) };
}
