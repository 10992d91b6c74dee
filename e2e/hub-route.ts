// Fulfils Hugging Face hub URLs from a local model folder, as if the hub served it (tests only).
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, Route } from '@playwright/test';

export interface HubRouteOptions {
  /** Repo id -> local folder. */
  repos: Record<string, string>;
  /** Called for each request, e.g. to count or cut downloads. */
  onRequest?: (file: string, route: Route) => Promise<boolean> | boolean;
}

export async function routeHub(page: Page, opts: HubRouteOptions): Promise<void> {
  await page.route('https://huggingface.co/**', async (route) => {
    // The tree API: the folder's files with their sizes, as the hub lists a repository.
    const tree = /^https:\/\/huggingface\.co\/api\/models\/(.+?)\/tree\/[^/]+$/.exec(route.request().url());
    if (tree) {
      const root = opts.repos[tree[1]];
      if (!root) return route.fulfill({ status: 404, body: JSON.stringify({ error: 'Repository not found' }), headers: { 'access-control-allow-origin': '*' } });
      const listing = readdirSync(root).map((path) => ({ type: 'file', path, size: statSync(join(root, path)).size }));
      return route.fulfill({ status: 200, body: JSON.stringify(listing), headers: { 'content-type': 'application/json', 'access-control-allow-origin': '*' } });
    }
    const m = /^https:\/\/huggingface\.co\/(.+?)\/resolve\/[^/]+\/(.+)$/.exec(route.request().url());
    const dir = m && opts.repos[m[1]];
    if (!m || !dir) return route.fulfill({ status: 404, body: 'Repository not found' });
    if (opts.onRequest && (await opts.onRequest(m[2], route))) return;
    const file = join(dir, decodeURIComponent(m[2]));
    if (!existsSync(file)) return route.fulfill({ status: 404, body: 'Entry not found' });
    const body = readFileSync(file);
    return route.fulfill({ status: 200, body, headers: { 'content-length': String(body.length), 'access-control-allow-origin': '*' } });
  });
}
