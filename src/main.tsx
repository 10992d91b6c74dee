// Entry: one studio wired to the real engine worker.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createEngineWorker, EngineClient } from './client/engine-client';
import { createStudio } from './store/studio';
import { App } from './ui/App';
import { StudioProvider } from './ui/common/studio-context';
import './ui/app.css';

const studio = createStudio(new EngineClient(createEngineWorker()));
// The saved project opens before anything else reaches the engine; the UI state is saved again as the page goes.
void studio.project.start();
addEventListener('pagehide', () => void studio.project.saveNow());

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StudioProvider studio={studio}>
      <App />
    </StudioProvider>
  </StrictMode>,
);
