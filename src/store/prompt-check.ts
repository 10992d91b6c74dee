// The prompts' check in the engine (token counts, the zero-shot evaluation): debounced after each edit, and a
// newer check aborts the one in flight, so only the prompts on screen are ever reported.
import type { AppStore } from './app-store';
import { errorText, isAbort, type EnginePort } from './engine-port';
import { currentPromptSet } from './prompts-slice';

export class PromptCheck {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private abort: AbortController | null = null;

  constructor(
    private readonly client: EnginePort,
    private readonly store: AppStore,
    private readonly delayMs: number,
    /** Resolves when the engine has the dataset on screen. */
    private readonly datasetReady: () => Promise<void>,
  ) {}

  /** A check is waiting or in flight: the engine may not have the prompts on screen yet. */
  get pending(): boolean {
    return this.timer !== null || this.abort !== null;
  }

  /** Call after any prompt edit: re-checks after the delay, aborting the check in flight. */
  schedule(delay = this.delayMs): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.run();
    }, delay);
  }

  async run(): Promise<void> {
    this.abort?.abort();
    const s = this.store.getState();
    const prompts = currentPromptSet(s);
    if (!s.modelInfo || prompts.classNames.length === 0 || prompts.templates.length === 0) return;
    const ctrl = new AbortController();
    this.abort = ctrl;
    s.setPromptChecking(true);
    try {
      await this.datasetReady();
      const check = await this.client.request({ type: 'set-prompts', prompts }, { signal: ctrl.signal });
      if (ctrl.signal.aborted) return;
      this.store.getState().setPromptCheck(prompts, check);
      this.store.getState().setError('Prompts', null);
    } catch (e) {
      if (isAbort(e)) return;
      this.store.getState().setPromptChecking(false);
      this.store.getState().setError('Prompts', errorText(e));
    } finally {
      if (this.abort === ctrl) this.abort = null;
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.abort?.abort();
  }
}
