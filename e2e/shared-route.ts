// Serves ../shared (reference fixtures, datasets) to pages under /__shared/... without copying it.
import { existsSync, statSync } from 'node:fs';
import { join, normalize } from 'node:path';
import type { Page } from '@playwright/test';
import { sharedDir } from '../src/testing/shared-fixtures';

export async function routeShared(page: Page): Promise<void> {
  await page.route('**/__shared/**', async (route) => {
    const rel = decodeURIComponent(new URL(route.request().url()).pathname.replace(/^\/__shared\//, ''));
    const path = normalize(join(sharedDir, rel));
    if (!path.startsWith(sharedDir) || !existsSync(path) || !statSync(path).isFile()) {
      await route.fulfill({ status: 404, body: `missing fixture ${rel}` });
      return;
    }
    await route.fulfill({ path, headers: { 'access-control-allow-origin': '*' } });
  });
}
