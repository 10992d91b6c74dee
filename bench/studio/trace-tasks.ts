// The main thread's long tasks in a Chrome trace, each with what ran inside it: which script (function, file
// and line), timer, animation frame, layout or paint, as wall and CPU time. For `training-ui.ts --trace`: the
// Long Tasks API says that a task was long, this says what made it so.

export interface TraceEvent { name: string; ph: string; ts?: number; dur?: number; tdur?: number; tid: number; pid: number; args?: { name?: string; data?: Record<string, unknown> } }

export interface LongTask {
  at_ms: number;
  /** The task's start and end on the trace's clock (microseconds), to match it with a CPU profile. */
  ts: number;
  end: number;
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

/** The renderer main thread's complete events (those with a start and a duration). */
function mainThreadEvents(events: TraceEvent[]): TraceEvent[] {
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) return [];
  return events.filter((e) => e.ph === 'X' && e.tid === main.tid && e.pid === main.pid && e.ts !== undefined && e.dur !== undefined);
}

/** The events not inside another of them, in time order (of two starting together, the longer). */
function outermost(events: TraceEvent[]): TraceEvent[] {
  const out: TraceEvent[] = [];
  let until = -1;
  for (const e of [...events].sort((a, b) => a.ts! - b.ts! || b.dur! - a.dur!)) {
    if (e.ts! < until) continue;
    out.push(e);
    until = e.ts! + e.dur!;
  }
  return out;
}

/** The main thread's top-level tasks (a task run inside another one, in a nested loop, is part of it). */
function topTasks(mine: TraceEvent[]): TraceEvent[] {
  return outermost(mine.filter((e) => e.name === 'ThreadControllerImpl::RunTask'));
}

export interface TaskCpu {
  /** Tasks on the main thread, and their CPU time together. */
  tasks: number;
  cpu_ms: number;
  /** The longest task's own CPU time (trace `tdur`): what a task costs whatever the machine's load. */
  longest_cpu_ms: number;
  /** Tasks whose CPU time exceeds 16 ms (a frame's budget) and 50 ms (a long task even on a quiet machine). */
  over_16_ms: number;
  over_50_ms: number;
  /** The CPU times of the 20 costliest tasks, in ms. */
  top_cpu_ms: number[];
}

/**
 * Each main-thread task's own CPU time (of the tasks that start from `from` to before `to`, trace microseconds). Under CPU contention a task's wall time is roughly its CPU time times
 * the contention, so these figures, unlike the Long Tasks API's, say how responsive the page can be on a loaded
 * machine and compare between runs at different loads.
 */
export function taskCpu(events: TraceEvent[], from = -Infinity, to = Infinity): TaskCpu {
  const cpu = topTasks(mainThreadEvents(events)).filter((t) => t.ts! >= from && t.ts! < to).map((t) => (t.tdur ?? 0) / 1000).sort((a, b) => b - a);
  const r = (v: number) => Math.round(v * 10) / 10;
  return { tasks: cpu.length, cpu_ms: Math.round(cpu.reduce((a, b) => a + b, 0)), longest_cpu_ms: r(cpu[0] ?? 0), over_16_ms: cpu.filter((c) => c > 16).length, over_50_ms: cpu.filter((c) => c > 50).length, top_cpu_ms: cpu.slice(0, 20).map(r) };
}

/**
 * The main thread's tasks of more than `overMs` from `from` (trace microseconds) on, longest first: by wall
 * time, or with `by: 'cpu'` by the task's own CPU time (the costliest tasks, whatever the load did to them).
 */
export function longTasks(events: TraceEvent[], overMs = 100, limit = 25, by: 'wall' | 'cpu' = 'wall'): LongTask[] {
  const mine = mainThreadEvents(events);
  if (mine.length === 0) return [];
  const size = (e: TraceEvent) => (by === 'cpu' ? e.tdur ?? 0 : e.dur!);
  const tasks = topTasks(mine).filter((e) => size(e) > overMs * 1000);
  const t0 = Math.min(...mine.map((e) => e.ts!));
  return tasks.sort((a, b) => size(b) - size(a)).slice(0, limit).map((t) => {
    const end = t.ts! + t.dur!;
    // The outermost parts of each kind inside the task (a part inside another part of the list is left out).
    const outer = outermost(mine.filter((e) => e !== t && KINDS.has(e.name) && e.ts! >= t.ts! && e.ts! + e.dur! <= end));
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
    return { at_ms: Math.round((t.ts! - t0) / 1000), ts: t.ts!, end, wall_ms: Math.round(t.dur! / 1000), cpu_ms: Math.round((t.tdur ?? 0) / 1000), parts };
  });
}
