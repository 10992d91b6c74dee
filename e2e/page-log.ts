// The studio's own words, kept for a failed test: every console line of the page and its workers, and
// every uncaught error, printed when a test fails, so a failure seen once (on a loaded machine) says what
// the engine was doing. A passing test prints nothing.
import { expect, test as base, type Locator } from '@playwright/test';

export const test = base.extend<{ pageLog: void }>({
  pageLog: [
    async ({ page }, use, testInfo) => {
      const lines: string[] = [];
      const started = Date.now();
      const at = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
      page.on('console', (m) => lines.push(`${at()} ${m.type()}: ${m.text()}`));
      page.on('pageerror', (e) => lines.push(`${at()} page error: ${e.message}`));
      page.on('worker', (w) => lines.push(`${at()} worker started: ${w.url()}`));
      await use();
      if (testInfo.status !== testInfo.expectedStatus) {
        console.log(`--- the page's log (${lines.length} lines, last 200) ---\n${lines.slice(-200).join('\n')}\n--- end of the page's log ---`);
      }
    },
    { auto: true },
  ],
});

/**
 * Waits for `figure` in `region`; where the region shows an alert instead, fails at once with the alert's
 * words (a failed request says why, rather than as a timeout).
 */
export async function expectFigure(region: Locator, figure: Locator, timeout: number): Promise<void> {
  const alert = region.getByRole('alert');
  await expect(figure.or(alert).first()).toBeVisible({ timeout });
  if (await alert.count()) expect(await alert.first().innerText(), 'the panel shows an alert instead of the figure').toBe('');
  await expect(figure).toBeVisible();
}
