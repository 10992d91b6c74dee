// Model panel: a Hugging Face id or a local folder, load progress, what the engine reports about the model.
import { useId } from 'react';
import { MODEL_SUGGESTIONS } from '../../store/model-slice';
import { DropZone } from '../common/DropZone';
import { droppedFolderName, modelFilesByName, type Walked } from '../common/drop-files';
import { Panel } from '../common/Panel';
import { ProgressView } from '../common/ProgressView';
import { useApp, useAppShallow, useBridge } from '../common/studio-context';
import { BackendView } from './BackendView';
import { CachedModels } from './CachedModels';
import { ModelInfoView } from './ModelInfoView';
import { ModelPicker } from './ModelPicker';

export function ModelPanel() {
  const bridge = useBridge();
  const { modelId, loading, progress, source } = useAppShallow((s) => ({
    modelId: s.modelId, loading: s.modelLoading, progress: s.modelProgress, source: s.modelSource,
  }));
  const setModelId = useApp((s) => s.setModelId);
  const info = useApp((s) => s.modelInfo);
  const setError = useApp((s) => s.setError);
  const listId = useId();
  const inputId = useId();

  const loadFiles = (walked: Walked[]) => {
    if (walked.length) void bridge.loadModel({ kind: 'files', files: modelFilesByName(walked), name: droppedFolderName(walked) ?? undefined });
  };

  return (
    <Panel name="Model">
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          const repo = modelId.trim();
          if (repo) void bridge.loadModel({ kind: 'hub', repo });
        }}
      >
        <div className="field grow">
          <label htmlFor={inputId}>Model id</label>
          <input
            id={inputId} list={listId} value={modelId} placeholder="openai/clip-vit-base-patch32" spellCheck={false}
            onChange={(e) => setModelId(e.currentTarget.value)}
          />
          <datalist id={listId}>
            {MODEL_SUGGESTIONS.map((m) => <option key={m} value={m} />)}
          </datalist>
        </div>
        <button type="submit" disabled={loading || !modelId.trim()}>Load model</button>
      </form>
      <ModelPicker />
      <DropZone
        label="Choose model folder"
        folder
        onFiles={loadFiles}
        onReadError={(m) => setError('Model', m)}
      >
        <p className="muted">…or drop a local model folder (config.json, model.safetensors or pytorch_model.bin, vocab.json, merges.txt).</p>
      </DropZone>
      {loading && (
        <div aria-live="polite">
          <p className="muted">Loading {source}…</p>
          {progress && <ProgressView progress={progress} label="Model load progress" />}
        </div>
      )}
      {info ? <ModelInfoView info={info} /> : !loading && <p className="empty">No model loaded yet. Pick one above: ViT-B/32 is the quickest.</p>}
      <BackendView />
      <CachedModels />
    </Panel>
  );
}
