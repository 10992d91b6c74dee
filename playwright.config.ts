import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './e2e/chromium';
import { DEV_ORIGIN, DEV_PORT, STUDIO_ORIGIN, STUDIO_PORT } from './e2e/ports';

// Two servers: the production build (what `npm start` serves, and what the studio journey measures) and
// the dev server, which also serves the engine harness pages under e2e/harness/.
const STUDIO = STUDIO_ORIGIN;
const DEV = DEV_ORIGIN;

export default defineConfig({
  testDir: 'e2e',
  timeout: 300_000,
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  outputDir: 'test-results',
  use: { launchOptions: chromiumLaunchOptions(), baseURL: STUDIO },
  projects: [
    { name: 'studio', testIgnore: /engine.*\.spec\.ts/, use: { baseURL: STUDIO } },
    { name: 'engine', testMatch: /engine.*\.spec\.ts/, use: { baseURL: DEV } },
  ],
  webServer: [
    {
      // Each port's build has its own folder, so two runs side by side never rebuild under each other's server.
      command: `node node_modules/vite/bin/vite.js build --logLevel warn --outDir dist-e2e/${STUDIO_PORT} && node node_modules/vite/bin/vite.js preview --outDir dist-e2e/${STUDIO_PORT} --port ${STUDIO_PORT} --strictPort --host 127.0.0.1`,
      url: STUDIO,
      reuseExistingServer: false,
      timeout: 180_000,
    },
    {
      command: `node node_modules/vite/bin/vite.js --port ${DEV_PORT} --strictPort --host 127.0.0.1`,
      url: DEV,
      reuseExistingServer: !process.env.CI,
      timeout: 120_000,
    },
  ],
});
