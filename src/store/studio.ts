// Everything one studio instance needs: the app store, the transient metrics store and the engine bridge.
import { createAppStore, type AppStore } from './app-store';
import { EngineBridge, type BridgeOptions } from './engine-bridge';
import type { EnginePort } from './engine-port';
import { createMetricsStore, type MetricsStore } from './metrics-store';
import { ProjectSync, type ProjectSyncOptions } from './project-sync';

export interface Studio {
  store: AppStore;
  metrics: MetricsStore;
  bridge: EngineBridge;
  project: ProjectSync;
}

/** Nothing is sent to the engine until the caller asks: `project.start()` opens the saved project. */
export function createStudio(client: EnginePort, opts?: BridgeOptions & ProjectSyncOptions): Studio {
  const store = createAppStore();
  const metrics = createMetricsStore();
  const bridge = new EngineBridge(client, store, metrics, opts);
  return { store, metrics, bridge, project: new ProjectSync(bridge, opts) };
}
