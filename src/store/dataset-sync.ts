// The dataset's way to the engine: edits bump a revision in the store and reach the engine after a short
// pause, one push after the other; training and prompt checks wait for the pending push first.
import type { AppStore } from './app-store';
import { errorText, type EnginePort } from './engine-port';

export class DatasetSync {
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** The dataset revision the engine has (so training waits for pending edits). */
  private sentRevision = 0;
  private push: Promise<void> = Promise.resolve();

  constructor(
    private readonly client: EnginePort,
    private readonly store: AppStore,
    private readonly delayMs: number,
    /** Called after the engine took a new dataset: the prompts' zero-shot check is due again. */
    private readonly onSent: () => void,
  ) {}

  /** Call after any dataset edit: the engine gets the edited set after a short pause. */
  edited(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.send();
    }, this.delayMs);
  }

  /** Sends pending dataset edits now and waits for the engine to take them. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
      void this.send();
    }
    await this.push;
  }

  /** The engine has the store's dataset as it is now (it imported the files itself). */
  markSent(): void {
    this.sentRevision = this.store.getState().datasetRevision;
  }

  private send(): Promise<void> {
    const run = async () => {
      const { classes, samples, datasetRevision } = this.store.getState();
      if (datasetRevision === this.sentRevision) return;
      try {
        await this.client.request({ type: 'set-dataset', classes, samples });
        this.sentRevision = datasetRevision;
        this.store.getState().setError('Dataset', null);
        this.onSent();
      } catch (e) {
        this.store.getState().setError('Dataset', errorText(e));
      }
    };
    this.push = this.push.then(run);
    return this.push;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}
