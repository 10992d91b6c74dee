// The tab's memory through an import, sampled while the bench waits: the renderer process's resident set
// (page, workers, decoded bitmaps, WASM heaps) from /proc, and the V8 heaps of the page and of each worker
// (the engine and its preprocessing workers) over the DevTools protocol: JS objects plus ArrayBuffers
// (`Runtime.getHeapUsage`: usedSize + backingStorageSize; WASM memories are counted by the renderer's figure
// only). Reading these costs the page no GC and no script of its own.
import type { Browser, CDPSession, Page } from '@playwright/test';
import { rendererMemoryMb } from './process-memory';

interface HeapUsage { usedSize: number; backingStorageSize?: number }

const mb = (b: number) => b / 1024 ** 2;
const heapMb = (h: HeapUsage) => mb(h.usedSize + (h.backingStorageSize ?? 0));

export interface MemoryPeaks {
  /** Renderer peak resident set (VmHWM), MB: the tab as the OS sees it. */
  renderer_peak_mb: number | null;
  /** Largest main-thread heap seen (JS objects + ArrayBuffers), MB. */
  main_heap_peak_mb: number;
  /** Largest sum over the page's workers of their heaps seen at one time, MB. */
  workers_heap_peak_mb: number;
  samples: number;
}

export class MemorySampler {
  private main = 0;
  private workers = 0;
  private count = 0;
  private nextId = 1;
  private readonly replies = new Map<number, (r: HeapUsage | null) => void>();
  private readonly sessions = new Map<string, string>(); // worker targetId -> sessionId

  private constructor(private readonly page: CDPSession, private readonly browser: CDPSession, private readonly userDataDir: string) {
    browser.on('Target.receivedMessageFromTarget', (e) => {
      const msg = JSON.parse(e.message) as { id?: number; result?: HeapUsage };
      if (msg.id !== undefined) this.replies.get(msg.id)?.(msg.result ?? null);
    });
  }

  static async start(browser: Browser, page: Page, userDataDir: string): Promise<MemorySampler> {
    return new MemorySampler(await page.context().newCDPSession(page), await browser.newBrowserCDPSession(), userDataDir);
  }

  /** One reading; the peaks keep the largest. */
  async sample(): Promise<void> {
    this.count++;
    this.main = Math.max(this.main, heapMb((await this.page.send('Runtime.getHeapUsage')) as HeapUsage));
    const { targetInfos } = await this.browser.send('Target.getTargets');
    let sum = 0;
    for (const t of targetInfos.filter((x) => x.type === 'worker')) {
      const usage = await this.workerHeap(t.targetId);
      if (usage) sum += heapMb(usage);
    }
    this.workers = Math.max(this.workers, sum);
  }

  private async workerHeap(targetId: string): Promise<HeapUsage | null> {
    try {
      let sessionId = this.sessions.get(targetId);
      if (!sessionId) {
        sessionId = (await this.browser.send('Target.attachToTarget', { targetId, flatten: false })).sessionId;
        this.sessions.set(targetId, sessionId);
      }
      const id = this.nextId++;
      const reply = new Promise<HeapUsage | null>((resolve) => {
        this.replies.set(id, resolve);
        setTimeout(() => resolve(null), 5000);
      });
      await this.browser.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' }) });
      const r = await reply;
      this.replies.delete(id);
      return r;
    } catch {
      return null; // the worker ended meanwhile
    }
  }

  peaks(): MemoryPeaks {
    const renderer = rendererMemoryMb(this.userDataDir);
    return {
      renderer_peak_mb: renderer ? Math.round(renderer.peakMb) : null,
      main_heap_peak_mb: Math.round(this.main),
      workers_heap_peak_mb: Math.round(this.workers),
      samples: this.count,
    };
  }
}

/** Samples every `everyMs` until `done()` (a cheap check of the page) is true or the time is up. */
export async function sampleUntil(sampler: MemorySampler, done: () => Promise<boolean>, timeoutMs: number, everyMs = 500): Promise<void> {
  const t0 = Date.now();
  for (;;) {
    await sampler.sample();
    if (await done()) return;
    if (Date.now() - t0 > timeoutMs) throw new Error(`not done within ${Math.round(timeoutMs / 60_000)} min`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
