// Records the page's main-thread long tasks (Long Tasks API) from the first script on.
import type { Page } from '@playwright/test';

declare global {
  interface Window {
    __longTasks: { start: number; duration: number }[];
  }
}

export async function recordLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** Long tasks that started after `since` (performance.now() time). */
export async function longTasksSince(page: Page, since: number): Promise<{ start: number; duration: number }[]> {
  return page.evaluate((t) => window.__longTasks.filter((e) => e.start >= t), since);
}
