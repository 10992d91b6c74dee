// The main thread's long tasks in a Chrome trace, each with what ran inside it: which script (function, file
// and line), timer, animation frame, layout or paint, as wall and CPU time. For `training-ui.ts --trace`: the
// Long Tasks API says that a task was long, this says what made it so.

export interface TraceEvent { name: string; ph: string; ts?: number; dur?: number; tdur?: number; tid: number; pid: number; args?: { name?: string; data?: Record<string, unknown> } }

export interface LongTask {
  at_ms: number;
  wall_ms: number;
  cpu_ms: number;
  /** The task's biggest parts, by CPU time: kind, and for script what ran. */
  parts: { what: string; wall_ms: number; cpu_ms: number }[];
}

const KINDS = new Set(['FunctionCall', 'TimerFire', 'FireAnimationFrame', 'EventDispatch', 'v8.callFunction', 'RunMicrotasks', 'Layout', 'UpdateLayoutTree', 'Paint', 'PrePaint', 'Layerize', 'Commit', 'MajorGC', 'MinorGC', 'ParseHTML', 'EvaluateScript', 'HitTest']);

function describe(e: TraceEvent): string {
  const d = e.args?.data ?? {};
  const fn = typeof d.functionName === 'string' && d.functionName ? d.functionName : '';
  const url = typeof d.url === 'string' ? d.url.replace(/^.*\/(assets|node_modules)\//, '$1/') : '';
  const line = typeof d.lineNumber === 'number' ? `:${d.lineNumber}` : '';
  return fn || url ? `${e.name} ${fn || '(anonymous)'} ${url}${line}`.trim() : e.name;
}

/** The main thread's tasks of more than `overMs` wall time from `from` (trace microseconds) on, longest first. */
export function longTasks(events: TraceEvent[], overMs = 100, limit = 25): LongTask[] {
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) return [];
  const mine = events.filter((e) => e.ph === 'X' && e.tid === main.tid && e.pid === main.pid && e.ts !== undefined && e.dur !== undefined);
  const tasks = mine.filter((e) => e.name === 'ThreadControllerImpl::RunTask' && e.dur! > overMs * 1000);
  const t0 = Math.min(...mine.map((e) => e.ts!));
  return tasks.sort((a, b) => b.dur! - a.dur!).slice(0, limit).map((t) => {
    const end = t.ts! + t.dur!;
    // The outermost parts of each kind inside the task (a part inside another part of the list is left out).
    const inside = mine.filter((e) => e !== t && KINDS.has(e.name) && e.ts! >= t.ts! && e.ts! + e.dur! <= end).sort((a, b) => a.ts! - b.ts! || b.dur! - a.dur!);
    const outer: TraceEvent[] = [];
    let until = -1;
    for (const e of inside) {
      if (e.ts! < until) continue;
      outer.push(e);
      until = e.ts! + e.dur!;
    }
    const byWhat = new Map<string, { wall: number; cpu: number }>();
    for (const e of outer) {
      const k = describe(e);
      const v = byWhat.get(k) ?? { wall: 0, cpu: 0 };
      v.wall += e.dur!;
      v.cpu += e.tdur ?? 0;
      byWhat.set(k, v);
    }
    const parts = [...byWhat.entries()].sort((a, b) => b[1].cpu - a[1].cpu || b[1].wall - a[1].wall).slice(0, 6)
      .map(([what, v]) => ({ what, wall_ms: Math.round(v.wall / 1000), cpu_ms: Math.round(v.cpu / 1000) }));
    return { at_ms: Math.round((t.ts! - t0) / 1000), wall_ms: Math.round(t.dur! / 1000), cpu_ms: Math.round((t.tdur ?? 0) / 1000), parts };
  });
}
