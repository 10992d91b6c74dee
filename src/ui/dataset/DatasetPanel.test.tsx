// @vitest-environment jsdom
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { FakeEngine } from '../../store/testing/fake-engine';
import { SUMMARY } from '../../store/testing/fixtures';
import { renderWithStudio } from '../testing/render-studio';
import { DatasetPanel } from './DatasetPanel';

function engine() {
  return new FakeEngine()
    .on('import-files', () => SUMMARY)
    .on('set-dataset', (r) => ({ samples: r.samples.length, classes: r.classes.length }));
}

describe('Dataset panel', () => {
  it('starts empty with a hint', () => {
    renderWithStudio(<DatasetPanel />, engine());
    expect(screen.getByText(/Drop a folder of images, one subfolder per class/)).toBeTruthy();
  });

  it('imports picked files, lists classes per split and every rejected file with its reason', async () => {
    const e = engine();
    renderWithStudio(<DatasetPanel />, e);
    const files = [new File(['x'], 'a.jpg', { type: 'image/jpeg' }), new File(['t'], 'notes.txt')];
    await userEvent.setup({ applyAccept: false }).upload(screen.getByLabelText('Add image or zip files'), files);
    expect(e.sent('import-files')[0].files.map((f) => f.path)).toEqual(['a.jpg', 'notes.txt']);
    const classes = await screen.findByRole('table', { name: 'Classes' });
    const climbing = await within(classes).findByRole('row', { name: /climbing/ }); // rendered as a deferred value
    expect(within(climbing).getAllByRole('cell').map((c) => c.textContent).slice(0, 3)).toEqual(['2', '0', '2']);
    expect(screen.queryByRole('list', { name: 'Rejected files' })).toBeNull(); // rendered once opened
    await userEvent.click(screen.getByText(/^2 files rejected \(/));
    const list = await screen.findByRole('list', { name: 'Rejected files' });
    expect(within(list).getByText('train/diving/broken.jpg')).toBeTruthy();
    expect(within(list).getByText('corrupt')).toBeTruthy();
    expect(within(list).getByText('text file, not an image')).toBeTruthy();
  });

  it('renames and deletes classes, sending the edited dataset', async () => {
    const e = engine();
    const { studio } = renderWithStudio(<DatasetPanel />, e);
    await act(() => studio.bridge.importFiles([{ path: 'x.jpg', blob: new Blob(['x']) }]));
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Rename class diving' }));
    const input = screen.getByLabelText('New name for diving');
    await user.clear(input);
    await user.type(input, 'diving person{Enter}');
    await act(() => new Promise((r) => setTimeout(r, 5)));
    expect(e.sent('set-dataset').at(-1)?.classes).toEqual(['climbing', 'diving person']);
    await user.click(screen.getByRole('button', { name: 'Delete class climbing' }));
    await user.click(screen.getByRole('button', { name: 'Confirm delete class climbing' }));
    await act(() => new Promise((r) => setTimeout(r, 5)));
    const last = e.sent('set-dataset').at(-1)!;
    expect(last.classes).toEqual(['diving person']);
    expect(last.samples.map((s) => s.id)).toEqual([2, 3]);
  });

  it('carves a seeded validation split and imports groups from CSV', async () => {
    const e = engine();
    const { studio } = renderWithStudio(<DatasetPanel />, e);
    await act(() => studio.bridge.importFiles([{ path: 'x.jpg', blob: new Blob(['x']) }]));
    const user = userEvent.setup();
    const fraction = screen.getByLabelText('Validation fraction');
    await user.clear(fraction);
    await user.type(fraction, '0.5');
    await user.click(screen.getByRole('button', { name: 'Carve validation split' }));
    expect(screen.getByText('2 images held out')).toBeTruthy();
    expect(studio.store.getState().samples.some((s) => s.split === 'val')).toBe(true);
    const csv = new File(['path,group\ntrain/climbing/a.jpg,rock\nb.jpg,ice\n'], 'groups.csv', { type: 'text/csv' });
    await user.upload(screen.getByLabelText('Import groups (CSV or JSON)'), csv);
    expect(await screen.findByText('2 images matched in groups.csv')).toBeTruthy();
    await act(() => new Promise((r) => setTimeout(r, 5)));
    expect(e.sent('set-dataset').at(-1)?.samples.filter((s) => s.group).map((s) => s.group)).toEqual(['rock', 'ice']);
  });

  it('asks before clearing, and asks before a rename merges two classes, with undo', async () => {
    const e = engine();
    const { studio } = renderWithStudio(<DatasetPanel />, e);
    await act(() => studio.bridge.importFiles([{ path: 'x.jpg', blob: new Blob(['x']) }]));
    const user = userEvent.setup();
    // An empty or blank name cannot be saved.
    await user.click(screen.getByRole('button', { name: 'Rename class diving' }));
    const input = screen.getByLabelText('New name for diving');
    await user.clear(input);
    await user.type(input, '   ');
    expect((screen.getByRole('button', { name: 'Save' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText('A class name cannot be empty.')).toBeTruthy();
    // A name that exists asks first; nothing changes until the merge is confirmed.
    await user.clear(input);
    await user.type(input, 'climbing{Enter}');
    const ask = screen.getByRole('alertdialog', { name: 'Merge diving into climbing?' });
    expect(studio.store.getState().classes).toEqual(['climbing', 'diving']);
    await user.click(within(ask).getByRole('button', { name: 'Merge classes' }));
    expect(studio.store.getState().classes).toEqual(['climbing']);
    expect(screen.getByText('Merged "diving" into "climbing".')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Undo merge' }));
    expect(studio.store.getState().classes).toEqual(['climbing', 'diving']);
    expect(studio.store.getState().samples.map((x) => x.label)).toEqual([0, 0, 1, 1]);
    await act(() => new Promise((r) => setTimeout(r, 5)));
    expect(e.sent('set-dataset').at(-1)?.classes).toEqual(['climbing', 'diving']);
    // Clear asks, and Keep keeps.
    await user.click(screen.getByRole('button', { name: 'Clear dataset' }));
    await user.click(screen.getByRole('button', { name: 'Keep them' }));
    expect(studio.store.getState().samples).toHaveLength(4);
    await user.click(screen.getByRole('button', { name: 'Clear dataset' }));
    expect(screen.getByRole('alertdialog', { name: 'Clear the dataset?' }).textContent).toMatch(/Remove all 4 images\?/);
    await user.click(screen.getByRole('button', { name: 'Remove all images' }));
    expect(studio.store.getState().samples).toHaveLength(0);
    await act(() => new Promise((r) => setTimeout(r, 5)));
    expect(e.sent('set-dataset').at(-1)).toEqual({ type: 'set-dataset', classes: [], samples: [] });
  });

  it('imports BAR\'s own metadata.json as groups (keys without extensions, objects per image)', async () => {
    const { studio } = renderWithStudio(<DatasetPanel />, engine());
    await act(() => studio.bridge.importFiles([{ path: 'x.jpg', blob: new Blob(['x']) }]));
    const meta = JSON.stringify({ a: { cls: 'climbing', source: 'google', detail: { query: 'ice+climbing' } }, c: { cls: 'diving', source: 'bing' } });
    await userEvent.setup().upload(screen.getByLabelText('Import groups (CSV or JSON)'), new File([meta], 'metadata.json', { type: 'application/json' }));
    expect(await screen.findByText('2 images matched in metadata.json')).toBeTruthy();
    expect(studio.store.getState().samples.map((x) => x.group)).toEqual(['ice climbing', undefined, 'bing', undefined]);
  });
});
