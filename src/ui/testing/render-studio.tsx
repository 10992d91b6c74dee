// Test support: renders UI inside a studio wired to a FakeEngine.
import { cleanup, render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach } from 'vitest';
import type { BridgeOptions } from '../../store/engine-bridge';
import type { ProjectSyncOptions } from '../../store/project-sync';
import { createStudio, type Studio } from '../../store/studio';
import { StudioProvider } from '../common/studio-context';
import { FakeEngine } from '../../store/testing/fake-engine';

afterEach(() => cleanup());

export function renderWithStudio(ui: ReactNode, engine = new FakeEngine(), opts: BridgeOptions & ProjectSyncOptions = { datasetDebounceMs: 0, promptDebounceMs: 0 }): { studio: Studio; engine: FakeEngine } & ReturnType<typeof render> {
  const studio = createStudio(engine, opts);
  const r = render(<StudioProvider studio={studio}>{ui}</StudioProvider>);
  return { studio, engine, ...r };
}
