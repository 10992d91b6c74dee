// Everything one studio instance needs: the app store, the transient metrics store and the engine bridge.
import { createAppStore, type AppStore } from './app-store';
import { EngineBridge, type BridgeOptions } from './engine-bridge';
import type { EnginePort } from './engine-port';
import { createMetricsStore, type MetricsStore } from './metrics-store';

export interface Studio {
  store: AppStore;
  metrics: MetricsStore;
  bridge: EngineBridge;
}

export function createStudio(client: EnginePort, opts?: BridgeOptions): Studio {
  const store = createAppStore();
  const metrics = createMetricsStore();
  return { store, metrics, bridge: new EngineBridge(client, store, metrics, opts) };
}
