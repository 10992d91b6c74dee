// A state that may be brief ("Exporting…" on a fast machine) is caught by a DOM observer installed before
// the action, not by polling after it: a poll can miss a label that came and went, and then the test would
// depend on the machine's speed.
import { expect, type Page } from '@playwright/test';

declare global {
  interface Window {
    __seenText?: Record<string, boolean>;
  }
}

/** Starts watching for `text`; the returned function waits until it has shown, however briefly. */
export async function watchForText(page: Page, text: string): Promise<() => Promise<void>> {
  await page.evaluate((t) => {
    const seen = (window.__seenText ??= {});
    seen[t] = false;
    const check = () => {
      if (document.body.textContent?.includes(t)) {
        seen[t] = true;
        observer.disconnect();
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    check();
  }, text);
  return () => expect.poll(() => page.evaluate((t) => window.__seenText?.[t] === true, text), { message: `"${text}" never showed`, timeout: 60_000 }).toBe(true);
}
