// Puts the local two-origin test hub (src/testing/test-hub.ts) behind https://huggingface.co: the page's
// requests to the hub are answered by the local hub as they are (302s included, which the browser then
// follows to the storage origin, a real second server with CORS and Range).
import type { Page } from '@playwright/test';
import type { TestHub } from '../src/testing/test-hub';
import { STUDIO_ORIGIN } from './ports';

export async function routeTestHub(page: Page, hub: TestHub): Promise<void> {
  await page.route('https://huggingface.co/**', async (route) => {
    const url = route.request().url().replace('https://huggingface.co', hub.hubOrigin);
    const response = await route.fetch({ url, maxRedirects: 0 });
    await route.fulfill({ response });
  });
}

/**
 * Requests to hosts other than the studio's, the hub's and the storage hosts the hub redirected to (read
 * from the redirects' Location headers): the egress check of the hub specs.
 */
export function watchEgress(page: Page): { strangers: () => string[]; storageHosts: Set<string> } {
  const urls: string[] = [];
  const storageHosts = new Set<string>();
  page.on('request', (r) => urls.push(r.url()));
  page.on('response', (r) => {
    const location = r.headers()['location'];
    if (new URL(r.url()).host === 'huggingface.co' && r.status() >= 300 && r.status() < 400 && location) storageHosts.add(new URL(location, r.url()).host);
  });
  return {
    storageHosts,
    strangers: () => urls.map((u) => new URL(u)).filter((u) => ![new URL(STUDIO_ORIGIN).host, 'huggingface.co', ...storageHosts].includes(u.host) && !['blob:', 'data:'].includes(u.protocol)).map((u) => u.href),
  };
}
