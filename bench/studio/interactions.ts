// What a person feels while a run trains: the time from an input (a click, a key) to the next frame that shows
// its answer, from the browser's Event Timing API (the measure behind Interaction to Next Paint). The bench
// clicks a glossary term and closes it with Escape, and steps the accuracy chart's readout with the arrow
// keys, once per cycle until the run ends. Event Timing reports only events of 16 ms or more, so an
// interaction with no entry answered within 16 ms.
import type { Page } from '@playwright/test';

declare global {
  interface Window {
    __events: { name: string; id: number; start: number; duration: number; delay: number }[];
  }
}

/** Records every event of 16 ms or more from the first script on (a string: tsx would wrap a named function in a helper the page lacks). */
export async function recordEvents(page: Page): Promise<void> {
  await page.addInitScript({
    content: `window.__events = [];
      new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__events.push({ name: e.name, id: e.interactionId || 0, start: e.startTime, duration: e.duration, delay: e.processingStart - e.startTime }); })
        .observe({ type: 'event', durationThreshold: 16, buffered: true });`,
  });
}

/** Interacts with the page until `done()` says the run ended; returns how many interactions it made. */
export async function interactUntil(page: Page, done: () => Promise<boolean>, timeoutMs = 10 * 60_000): Promise<number> {
  const t0 = Date.now();
  const charts = page.getByRole('region', { name: 'Live charts' });
  const term = charts.getByRole('button', { name: 'What is w?' }).first();
  // The chart as the keyboard reaches it (a chart that cannot take focus is skipped).
  const plot = charts.getByRole('figure', { name: 'Accuracy per split' }).locator('svg[tabindex="0"]');
  let n = 0;
  while (!(await done())) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`the run did not end within ${timeoutMs / 60_000} min`);
    if (await term.isVisible()) {
      await term.click({ timeout: 60_000 });
      await page.keyboard.press('Escape');
      n += 2;
    }
    if (await plot.isVisible()) {
      await plot.focus({ timeout: 60_000 });
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Escape');
      n += 2;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return n;
}

export interface InteractionFigures {
  /** Interactions the bench made (a click, a key press). */
  interactions: number;
  /** Interactions that took 16 ms or more (their own Event Timing ids), over 100 and over 200 ms. */
  over_16: number;
  over_100: number;
  over_200: number;
  /** The slowest: the time to the answering frame, the wait before the handlers ran, the events. */
  slowest: { ms: number; input_delay_ms: number; events: string }[];
}

/** The recorded events between `t0` and `t1` (page clock), one figure per interaction (its slowest event). */
export async function interactionFigures(page: Page, t0: number, t1: number, interactions: number): Promise<InteractionFigures> {
  const events = await page.evaluate(([a, b]) => window.__events.filter((e) => e.id > 0 && e.start >= a && e.start <= b), [t0, t1]);
  const byId = new Map<number, { ms: number; input_delay_ms: number; names: Set<string> }>();
  for (const e of events) {
    const it = byId.get(e.id) ?? { ms: 0, input_delay_ms: 0, names: new Set<string>() };
    it.ms = Math.max(it.ms, e.duration);
    it.input_delay_ms = Math.max(it.input_delay_ms, Math.round(e.delay));
    it.names.add(e.name);
    byId.set(e.id, it);
  }
  const all = [...byId.values()].sort((a, b) => b.ms - a.ms);
  return {
    interactions,
    over_16: all.length,
    over_100: all.filter((d) => d.ms > 100).length,
    over_200: all.filter((d) => d.ms > 200).length,
    slowest: all.slice(0, 10).map(({ ms, input_delay_ms, names }) => ({ ms, input_delay_ms, events: [...names].join(',') })),
  };
}
