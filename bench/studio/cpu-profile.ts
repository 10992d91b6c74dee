// The hottest functions of a CDP CPU profile (self and inclusive time), for the benches' --profile.

export interface Hot { fn: string; where: string; self_ms: number; total_ms: number }
export interface CpuProfile { nodes: { id: number; children?: number[]; callFrame: { functionName: string; url: string; lineNumber: number } }[]; samples: number[]; timeDeltas: number[] }

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
