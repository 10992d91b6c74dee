// @vitest-environment jsdom
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProjectState } from '../../protocol/messages';
import { downloads } from '../common/download';
import { FakeEngine } from '../../store/testing/fake-engine';
import { SUMMARY } from '../../store/testing/fixtures';
import { renderWithStudio } from '../testing/render-studio';
import { ProjectBar } from './ProjectBar';

const OPEN: ProjectState = { projectId: 'p1', name: 'Birds', classes: [], samples: [], ui: null, runs: [] };
const IMPORTED: ProjectState = { projectId: 'p2', name: 'Actions', classes: SUMMARY.classes, samples: SUMMARY.samples, ui: null, runs: [] };

function engine() {
  return new FakeEngine()
    .on('open-project', (r) => (r.projectId === 'p2' ? IMPORTED : OPEN))
    .on('list-projects', () => [{ id: 'p1', name: 'Birds', updatedAt: 1, classes: 0 }, { id: 'p2', name: 'Actions', updatedAt: 0, classes: 2 }])
    .on('list-presets', () => [])
    .on('list-cached-models', () => [])
    .on('save-ui-state', () => null)
    .on('export-project', () => ({ name: 'Birds.proreg.zip', bytes: new Uint8Array([80, 75, 5, 6]).buffer }))
    .on('import-project', (r) => {
      if (r.bytes.byteLength < 4) throw Object.assign(new Error('not a ProReg project file (no project.json)'), { name: 'ProjectFileError' });
      return IMPORTED;
    });
}

async function started() {
  const out = renderWithStudio(<ProjectBar />, engine(), { datasetDebounceMs: 0, promptDebounceMs: 0, saveDebounceMs: 30 });
  await act(() => out.studio.project.start());
  return out;
}

afterEach(() => vi.restoreAllMocks());

describe('Project bar', () => {
  it('shows the opened project, renames it and says when it is saved', async () => {
    const { engine: e, studio } = await started();
    const region = screen.getByRole('region', { name: 'Project' });
    const name = within(region).getByLabelText('Project name') as HTMLInputElement;
    expect(name.value).toBe('Birds');
    expect(within(region).getByRole('status').textContent).toBe('Saved');
    // Every status the bar goes through: on a busy machine the save may finish before the last keystroke
    // is checked, so the test waits for states instead of looking at a moment.
    const seen: string[] = [];
    studio.store.subscribe((st) => seen.push(st.saveStatus));
    const user = userEvent.setup();
    await user.clear(name);
    await user.type(name, 'Herons');
    await waitFor(() => expect(e.sent('save-ui-state').at(-1)?.name).toBe('Herons'));
    await waitFor(() => expect(within(region).getByRole('status').textContent).toBe('Saved'));
    expect(seen).toContain('saving');
    expect((within(region).getByLabelText('Saved projects') as HTMLSelectElement).value).toBe('p1');
  });

  it('exports the project as the file the engine names, saving first', async () => {
    const save = vi.spyOn(downloads, 'save').mockImplementation(() => {});
    const { engine: e } = await started();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Export project' }));
    expect(save).toHaveBeenCalledTimes(1);
    const [blob, fileName] = save.mock.calls[0];
    expect(fileName).toBe('Birds.proreg.zip');
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(new Uint8Array([80, 75, 5, 6]));
    const types = e.requests.map((r) => r.type);
    expect(types.lastIndexOf('save-ui-state')).toBeLessThan(types.lastIndexOf('export-project'));
  });

  it('imports a project file, and shows the engine\'s refusal of a bad one while keeping the open project', async () => {
    const { studio, engine: e } = await started();
    const user = userEvent.setup();
    const input = screen.getByLabelText('Import project file');
    await user.upload(input, new File([new Uint8Array([1])], 'junk.zip', { type: 'application/zip' }));
    const region = screen.getByRole('region', { name: 'Project' });
    expect((await within(region).findByRole('alert')).textContent).toMatch(/not a ProReg project file \(no project.json\)/);
    expect(studio.store.getState().projectId).toBe('p1');
    expect((screen.getByLabelText('Project name') as HTMLInputElement).value).toBe('Birds');

    await user.upload(input, new File([new Uint8Array([80, 75, 3, 4, 0])], 'actions.proreg.zip', { type: 'application/zip' }));
    expect(e.sent('import-project').at(-1)!.bytes.byteLength).toBe(5);
    await act(() => new Promise((r) => setTimeout(r, 0)));
    expect(studio.store.getState()).toMatchObject({ projectId: 'p2', projectName: 'Actions', classes: ['climbing', 'diving'] });
    expect(within(region).queryByRole('alert')).toBeNull();
  });

  it('opens another saved project and deletes one after confirming', async () => {
    const { studio, engine: e } = await started();
    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText('Saved projects'), 'p2');
    await user.click(screen.getByRole('button', { name: 'Open project' }));
    expect(e.sent('open-project').at(-1)).toEqual({ type: 'open-project', projectId: 'p2' });
    expect(studio.store.getState().projectName).toBe('Actions');

    e.on('delete-project', () => null);
    const confirm = vi.spyOn(window, 'confirm').mockReturnValueOnce(false).mockReturnValueOnce(true);
    await user.selectOptions(screen.getByLabelText('Saved projects'), 'p1');
    await user.click(screen.getByRole('button', { name: 'Delete project' }));
    expect(e.sent('delete-project')).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Delete project' }));
    expect(confirm).toHaveBeenCalledTimes(2);
    expect(e.sent('delete-project')).toEqual([{ type: 'delete-project', projectId: 'p1' }]);
    expect(studio.store.getState().projectId).toBe('p2'); // another project was deleted: this one stays open
  });
});
