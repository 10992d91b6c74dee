// The studio: one page of panels, in the order a person works (model, data, prompts, train, watch, inspect, compare).
import { useEffect } from 'react';
import { BenchmarkPanel } from './bench/BenchmarkPanel';
import { ComparisonPanel } from './compare/ComparisonPanel';
import { LiveCharts } from './charts/LiveCharts';
import { DatasetPanel } from './dataset/DatasetPanel';
import { InspectionPanel } from './inspect/InspectionPanel';
import { SampleDetail } from './inspect/SampleDetail';
import { ModelPanel } from './model-panel/ModelPanel';
import { ProjectBar } from './project/ProjectBar';
import { PromptPanel } from './prompts/PromptPanel';
import { TrainingPanel } from './training/TrainingPanel';
import { ThemeToggle } from './common/ThemeToggle';
import { useApp } from './common/studio-context';
import { SectionNav } from './common/SectionNav';
import { LessonLauncher } from './lesson/LessonLauncher';

export function App() {
  const theme = useApp((s) => s.theme);
  // Once a run exists, training and its live charts lead the page, side by side (see .workbench in app.css).
  const workbench = useApp((s) => s.runOrder.length > 0);
  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'system') delete root.dataset.theme;
    else root.dataset.theme = theme;
  }, [theme]);
  return (
    <>
      <header className="app-head">
        <h1>ProReg Studio</h1>
        <p className="muted">Fine-tune CLIP on your own images, regularised toward what its prompts already know. Everything stays in this browser.</p>
        <LessonLauncher />
        <ThemeToggle />
        <SectionNav />
      </header>
      <ProjectBar />
      <main className={workbench ? 'grid workbench' : 'grid'}>
        <ModelPanel />
        <DatasetPanel />
        <PromptPanel />
        <TrainingPanel />
        <LiveCharts />
        <InspectionPanel />
        <ComparisonPanel />
        <BenchmarkPanel />
      </main>
      <SampleDetail />
    </>
  );
}
