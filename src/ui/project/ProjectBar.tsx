// The project: its name, saved-state, export and import as one file, and the other projects saved in this
// browser. Everything is saved as it happens; this bar only names, moves and switches projects.
import { memo, useId, useState } from 'react';
import { PanelError } from '../common/Panel';
import { bytesBlob, downloads } from '../common/download';
import { formatDateTime } from '../common/format';
import { useApp, useAppShallow, useStudio } from '../common/studio-context';

export function ProjectBar() {
  const { project } = useStudio();
  const name = useApp((s) => s.projectName);
  const nameId = useId();
  const importId = useId();
  const [busy, setBusy] = useState<'export' | 'import' | null>(null);

  const exportProject = async () => {
    setBusy('export');
    const file = await project.exportProject();
    setBusy(null);
    if (file) downloads.save(bytesBlob(file.bytes, 'application/zip'), file.name);
  };

  return (
    <section aria-label="Project" className="project-bar">
      <div className="row wrap">
        <div className="field">
          <label htmlFor={nameId}>Project name</label>
          <input id={nameId} value={name} spellCheck={false} onChange={(e) => project.rename(e.currentTarget.value)} />
        </div>
        <SaveStatus />
        <button type="button" className="secondary" disabled={busy !== null} onClick={() => void exportProject()}>
          Export project
        </button>
        <div className="field">
          <label htmlFor={importId}>Import project file</label>
          <input
            id={importId} type="file" accept=".zip,application/zip" disabled={busy !== null}
            onChange={async (e) => {
              const f = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (!f) return;
              setBusy('import');
              await project.importProject(await f.arrayBuffer());
              setBusy(null);
            }}
          />
        </div>
        <SavedProjects />
        {busy && <span className="muted" aria-live="polite">{busy === 'export' ? 'Exporting…' : 'Importing…'}</span>}
      </div>
      <StorageProblem busy={busy !== null} onExport={() => void exportProject()} />
      <PanelError panel="Project" />
    </section>
  );
}

/** Follows every save: its own component, so the rest of the bar does not re-render with it. */
function SaveStatus() {
  const status = useApp((s) => s.saveStatus);
  return <span role="status" className={status === 'failed' ? 'down save-status' : 'muted save-status'}>{status === 'saving' ? 'Saving…' : status === 'failed' ? 'Not saved' : 'Saved'}</span>;
}

/** Storage full (or failing): the work stays in this tab, and the way to keep it is one click away. */
function StorageProblem({ busy, onExport }: { busy: boolean; onExport: () => void }) {
  const problem = useApp((s) => s.storageProblem);
  if (!problem) return null;
  return (
    <div role="alert" aria-label="Project not saved" className="alert">
      <span>{problem.charAt(0).toUpperCase() + problem.slice(1)}</span>{' '}
      <button type="button" disabled={busy} onClick={onExport}>Export project now</button>
    </div>
  );
}

const SavedProjects = memo(function SavedProjects() {
  const { project } = useStudio();
  const { projects, current } = useAppShallow((s) => ({ projects: s.projects, current: s.projectId }));
  const [picked, setPicked] = useState<string | null>(null);
  const id = useId();
  const chosen = picked && projects.some((p) => p.id === picked) ? picked : (current ?? '');
  const chosenName = projects.find((p) => p.id === chosen)?.name ?? 'this project';
  return (
    <>
      <div className="field">
        <label htmlFor={id}>Saved projects</label>
        <select id={id} value={chosen} onChange={(e) => setPicked(e.currentTarget.value)}>
          {projects.length === 0 && <option value="">(none yet)</option>}
          {projects.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}{p.id === current ? ' (open)' : ''} · {formatDateTime(p.updatedAt)}
            </option>
          ))}
        </select>
      </div>
      <button
        type="button" className="secondary" disabled={!chosen}
        onClick={async () => {
          if (await project.openProject(chosen)) setPicked(null);
        }}
      >
        Open project
      </button>
      <button
        type="button" className="link danger-text" disabled={!chosen}
        onClick={async () => {
          if (!window.confirm(`Delete the project "${chosenName}" with its images, runs and checkpoints? This cannot be undone.`)) return;
          await project.deleteProject(chosen);
          setPicked(null);
        }}
      >
        Delete project
      </button>
    </>
  );
});
