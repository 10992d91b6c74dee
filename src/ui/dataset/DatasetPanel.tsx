// Dataset panel: drop or pick images (folders, loose files, zips), see what was accepted and refused,
// edit classes and labels, add groups, carve a validation split. Engine progress (decoding, zero-shot
// encoding) is read by its own small component, so it does not re-render the tables and the thumbnails.
import { useState } from 'react';
import { AfterPaint } from '../common/after-paint';
import { DropZone } from '../common/DropZone';
import { toDatasetFiles, type Walked } from '../common/drop-files';
import { Panel } from '../common/Panel';
import { ProgressView } from '../common/ProgressView';
import { useApp, useBridge } from '../common/studio-context';
import { ClassTable, UndoBar } from './ClassTable';
import { GroupImport } from './GroupImport';
import { PresetList } from './PresetList';
import { RejectedList } from './RejectedList';
import { ThumbGrid } from './ThumbGrid';
import { ValSplitControl } from './ValSplitControl';

export function DatasetPanel() {
  const bridge = useBridge();
  const count = useApp((s) => s.samples.length);
  const importing = useApp((s) => s.importing);
  const clearDataset = useApp((s) => s.clearDataset);
  const setError = useApp((s) => s.setError);

  const importWalked = async (walked: Walked[]) => {
    try {
      await bridge.importFiles(toDatasetFiles(walked));
    } catch (e) {
      setError('Dataset', `could not read the dropped files: ${(e as Error).message}`);
    }
  };
  const readError = (message: string) => setError('Dataset', message);

  return (
    <Panel
      name="Dataset"
      actions={count > 0 && <ClearButton count={count} clear={clearDataset} />}
    >
      <DropZone label="Choose image folder" folder onFiles={(w) => void importWalked(w)} onReadError={readError}>
        <p className={count ? 'muted' : 'empty'}>
          Drop a folder of images, one subfolder per class
          <span className="muted"> (train/ val/ test/ subfolders become splits; loose images and .zip files work too).</span>
        </p>
      </DropZone>
      <div className="row">
        <DropZone label="Add image or zip files" multiple accept="image/*,.zip" onFiles={(w) => void importWalked(w)} onReadError={readError} />
      </div>
      <PresetList />
      {importing && <p className="muted" aria-live="polite">Importing…</p>}
      <EngineActivity />
      <RejectedList />
      {count > 0 && (
        <>
          <ClassTable />
          <UndoBar />
          <div className="row wrap">
            <ValSplitControl />
            <GroupImport />
          </div>
          <AfterPaint placeholder={<p className="muted">Laying out the thumbnails…</p>}><ThumbGrid /></AfterPaint>
        </>
      )}
    </Panel>
  );
}

function EngineActivity() {
  const activity = useApp((s) => s.activity);
  return activity ? <ProgressView progress={activity} label="Engine activity" /> : null;
}

/** Clearing drops every image of the project: it asks first. */
function ClearButton({ count, clear }: { count: number; clear: () => void }) {
  const [asking, setAsking] = useState(false);
  if (!asking) return <button type="button" className="secondary" onClick={() => setAsking(true)}>Clear dataset</button>;
  return (
    <span className="row" role="alertdialog" aria-label="Clear the dataset?">
      <span className="warn small">Remove all {count} images?</span>
      <button type="button" className="danger" onClick={() => { clear(); setAsking(false); }}>Remove all images</button>
      <button type="button" className="secondary" onClick={() => setAsking(false)}>Keep them</button>
    </span>
  );
}
