// Keeps the open project saved and opens others. The engine writes images, labels and runs (their steps,
// evaluations and checkpoints) itself as they happen; this sends the UI's own state (project-state.ts: prompts,
// config, model, benchmark queue) with `save-ui-state`, debounced after the changes worth keeping, at once when
// a run ends, and on demand (page hide, export, switching projects). Nothing of a run's record is copied.
import type { ExportedFile, ProjectState } from '../protocol/messages';
import { DEFAULT_TRAIN_CONFIG } from '../protocol/train-types';
import type { AppState, AppStore } from './app-store';
import type { EngineBridge } from './engine-bridge';
import { errorText } from './engine-port';
import { modelZip, projectZip } from './exports';
import { MODEL_SUGGESTIONS } from './model-slice';
import { buildUiState, readUiState, restoreRuns } from './project-state';
import { DEFAULT_TEMPLATE } from './prompts-slice';
import { isLive } from './runs-slice';

export interface ProjectSyncOptions {
  /** Quiet time after the last change before the UI state is saved. */
  saveDebounceMs?: number;
}

/** 'startup' merges into what the user may already have done; 'replace' swaps the whole project in. */
type Mode = 'startup' | 'replace';

export class ProjectSync {
  private readonly delay: number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private opened = false;
  private restoring = false;
  private seq = 0;
  private readonly unwatch: () => void;

  constructor(readonly bridge: EngineBridge, opts: ProjectSyncOptions = {}) {
    this.delay = opts.saveDebounceMs ?? 1500;
    this.unwatch = this.store.subscribe((s, prev) => this.watch(s, prev));
  }

  dispose(): void {
    this.unwatch();
    if (this.timer) clearTimeout(this.timer);
  }

  private get store(): AppStore {
    return this.bridge.store;
  }

  private get s(): AppState {
    return this.store.getState();
  }

  private watch(s: AppState, prev: AppState): void {
    if (this.restoring || !this.opened) return;
    if (s.runs !== prev.runs) {
      const ended = s.runOrder.some((id) => {
        const a = prev.runs[id];
        const b = s.runs[id];
        return b !== undefined && ((b.summary !== null && a?.summary !== b.summary) || (b.state === 'failed' && a?.state !== 'failed'));
      });
      if (ended) {
        void this.saveNow();
        return;
      }
    }
    if (
      s.templates !== prev.templates || s.displayNames !== prev.displayNames
      || s.trainConfig !== prev.trainConfig || s.hubModel !== prev.hubModel || s.localModel !== prev.localModel || s.projectName !== prev.projectName || s.valSplit !== prev.valSplit
      || s.benchQueue !== prev.benchQueue
    ) this.scheduleSave();
  }

  /** Debounced, but a stream of changes (evaluations of a fast run) still saves at least every 2 delays. */
  scheduleSave(): void {
    const now = Date.now();
    if (this.timer) {
      if (now - this.pendingSince >= this.delay) return;
      clearTimeout(this.timer);
    } else this.pendingSince = now;
    if (this.s.saveStatus !== 'saving') this.s.setSaveStatus('saving');
    this.timer = setTimeout(() => void this.saveNow(), this.delay);
  }

  private pendingSince = 0;

  /** Sends the UI state now (pending changes included, dataset edits first); resolves when the engine has it. */
  async saveNow(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.opened) return;
    await this.bridge.flushDataset(); // "Saved" must cover a Clear made a moment ago
    const s = this.s;
    const seq = ++this.seq;
    if (s.saveStatus !== 'saving') s.setSaveStatus('saving');
    try {
      await this.bridge.client.request({ type: 'save-ui-state', ui: buildUiState(s), name: s.projectName.trim() || undefined });
      if (seq === this.seq && !this.timer) this.s.setSaveStatus('saved');
    } catch (e) {
      this.s.setError('Project', errorText(e));
    }
  }

  // ---- opening ----

  /** First thing on startup: opens the most recent project (or a new one) and restores it. */
  async start(): Promise<void> {
    try {
      this.apply(await this.bridge.client.request({ type: 'open-project' }), 'startup');
    } catch (e) {
      this.s.setError('Project', errorText(e));
      void this.refreshProjects(); // the saved projects stay reachable
      return;
    }
    void this.refreshProjects();
    void this.bridge.listPresets();
    await this.reloadModel();
  }

  /**
   * The saved model, when the browser has it: a hub model from its cache (never from the network on its
   * own), a dropped folder from where the engine kept it.
   */
  private async reloadModel(): Promise<void> {
    await this.bridge.refreshCachedModels();
    const s = this.s;
    const { savedLocal: key, savedModel: repo } = this;
    if (s.modelLoading) return;
    if (key) {
      if (s.modelInfo && s.localModel === key) return;
      if (s.cachedModels.some((m) => m.folder !== undefined && m.repo === key)) await this.bridge.loadModel({ kind: 'stored', key });
      else s.setError('Model', 'the model folder this project used is no longer in browser storage: pick or drop the folder again');
      return;
    }
    if (!repo || (s.modelInfo && s.hubModel === repo)) return;
    if (s.cachedModels.some((m) => m.folder === undefined && m.repo === repo)) await this.bridge.loadModel({ kind: 'hub', repo });
  }

  private savedModel: string | null = null;
  private savedLocal: string | null = null;

  private apply(state: ProjectState, mode: Mode): void {
    const ui = readUiState(state.ui);
    const replace = mode === 'replace';
    this.restoring = true;
    try {
      const s = this.s;
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      s.setProject(state.projectId, state.name);
      if (replace || (s.samples.length === 0 && s.datasetRevision === 0)) s.restoreDataset(state.classes, state.samples, ui?.valSplit);
      this.savedModel = ui?.modelId ?? null;
      this.savedLocal = ui?.localModel ?? null;
      if (ui?.modelId && (replace || (s.modelId === MODEL_SUGGESTIONS[0] && !s.modelInfo && !s.modelLoading))) s.setModelId(ui.modelId);
      // The project keeps its model even while (or if) it cannot reload: the next save must not forget it.
      if (replace || !s.hubModel) this.store.setState({ hubModel: ui?.modelId ?? null });
      if (replace || !s.localModel) this.store.setState({ localModel: ui?.localModel ?? null });
      if (ui || replace) {
        this.store.setState((x) => ({
          templates: ui?.templates.length ? ui.templates : [DEFAULT_TEMPLATE],
          displayNames: ui?.displayNames ?? {},
          trainConfig: ui?.trainConfig ?? DEFAULT_TRAIN_CONFIG,
          promptCheck: null,
          checkedPrompts: null,
          promptRevision: x.promptRevision + 1, // the engine hears the restored prompts once a model is there
        }));
      }
      if (replace || s.runOrder.length === 0) {
        const restored = restoreRuns(ui, state.runs);
        const metrics = this.bridge.metrics.getState();
        metrics.clear();
        for (const [id, table] of Object.entries(restored.tables)) metrics.restoreRun(id, table);
        s.restoreRuns(restored.order, restored.runs);
        s.setBenchQueue(ui?.bench ?? []);
        s.showRun(null);
        s.selectSample(null);
      }
      s.setError('Project', state.notice ?? null);
      s.setSaveStatus('saved');
    } finally {
      this.restoring = false;
      this.opened = true;
    }
  }

  private busy(): string | null {
    const s = this.s;
    const live = s.runOrder.find((id) => isLive(s.runs[id]?.state));
    return live ? `run ${s.runs[live].label} is still going: stop it first` : null;
  }

  /** Saves this project, then opens another (or imports one, or reopens after a delete). */
  private async switchTo(open: () => Promise<ProjectState>): Promise<boolean> {
    const busy = this.busy();
    if (busy) {
      this.s.setError('Project', busy);
      return false;
    }
    this.s.setError('Project', null);
    await this.saveNow();
    await this.bridge.flushDataset();
    try {
      this.apply(await open(), 'replace');
    } catch (e) {
      this.s.setError('Project', errorText(e)); // the current project stays open
      return false;
    }
    void this.refreshProjects();
    void this.reloadModel();
    return true;
  }

  openProject(projectId: string): Promise<boolean> {
    return this.switchTo(() => this.bridge.client.request({ type: 'open-project', projectId }));
  }

  importProject(bytes: ArrayBuffer): Promise<boolean> {
    return this.switchTo(() => this.bridge.client.request({ type: 'import-project', bytes }, { transfer: [bytes] }));
  }

  async deleteProject(projectId: string): Promise<void> {
    if (projectId !== this.s.projectId) {
      try {
        await this.bridge.client.request({ type: 'delete-project', projectId });
      } catch (e) {
        this.s.setError('Project', errorText(e));
      }
      await this.refreshProjects();
      return;
    }
    // The open one: delete it, then open the most recent other (or a new one).
    await this.switchTo(async () => {
      await this.bridge.client.request({ type: 'delete-project', projectId });
      this.opened = false; // nothing to save into until the next one is open
      return this.bridge.client.request({ type: 'open-project' });
    });
  }

  rename(name: string): void {
    this.s.renameProject(name);
  }

  async refreshProjects(): Promise<void> {
    try {
      this.s.setProjects(await this.bridge.client.request({ type: 'list-projects' }));
    } catch (e) {
      this.s.setError('Project', errorText(e));
    }
  }

  // ---- files out ----

  /** The project as one zip (saved first, so the file has the latest UI state). */
  async exportProject(): Promise<ExportedFile | null> {
    this.s.setError('Project', null);
    await this.saveNow();
    try {
      return await this.bridge.client.request({ type: 'export-project' });
    } catch (e) {
      this.s.setError('Project', errorText(e));
      return null;
    }
  }

  /** A finished run as a PyTorch project (train.py for one process or torchrun), zipped under one folder. */
  async exportTorch(runId: string, includeImages: boolean): Promise<{ name: string; bytes: Uint8Array } | null> {
    const run = this.s.runs[runId];
    if (!run) return null;
    try {
      return projectZip(run.label, await this.bridge.client.request({ type: 'export-torch', runId, includeImages }));
    } catch (e) {
      this.s.setError('Training', errorText(e));
      return null;
    }
  }

  /** A finished run's model in the Hugging Face layout, zipped under one folder. */
  async exportModel(runId: string): Promise<{ name: string; bytes: Uint8Array } | null> {
    const run = this.s.runs[runId];
    if (!run) return null;
    try {
      return modelZip(run.label, await this.bridge.client.request({ type: 'export-model', runId }));
    } catch (e) {
      this.s.setError('Training', errorText(e));
      return null;
    }
  }
}
