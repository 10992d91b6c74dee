// The models to choose from, with the facts a person chooses by: the download size (from the hub's file
// listing), the training scopes that fit this backend's memory, and the speed to expect on this machine
// (the backend's micro-benchmark scaled by each model's FLOPs). Looked up on request: nothing is fetched
// until the person asks, and no weights are downloaded for it.
import type { ModelFacts } from '../../protocol/messages';
import { MODEL_SUGGESTIONS } from '../../store/model-slice';
import { formatBytes, formatCount } from '../common/format';
import { useApp, useBridge } from '../common/studio-context';

type Entry = ModelFacts | { error: string } | 'loading' | undefined;

function Fits({ facts }: { facts: ModelFacts }) {
  if (!facts.memory) return null;
  return (
    <>
      {facts.memory.map((m, i) => (
        <span key={m.scope} className={m.fits === false ? 'danger-text' : undefined} title={`about ${formatBytes(m.bytes)} at one image per pass`}>
          {i > 0 && ' · '}
          {m.scope} {m.fits === null ? `${formatBytes(m.bytes)}` : m.fits ? '✓' : `✗ (${formatBytes(m.bytes)} > 4 GB)`}
        </span>
      ))}
    </>
  );
}

function FactCells({ entry }: { entry: Entry }) {
  if (entry === undefined) return <td colSpan={4} className="muted">not looked up</td>;
  if (entry === 'loading') return <td colSpan={4} className="muted">looking up…</td>;
  if ('error' in entry) return <td colSpan={4} className="danger-text">{entry.error}</td>;
  if (entry.holds) return <td colSpan={4} className="danger-text">has {entry.holds}: not loadable here</td>;
  const speed = entry.imagesPerSec;
  return (
    <>
      <td className="num">{formatBytes(entry.downloadBytes)}</td>
      <td className="num">{entry.parameters ? formatCount(entry.parameters.total) : ''}</td>
      <td><Fits facts={entry} /></td>
      <td className="num" title={speed ? `${entry.visionGflops!.toFixed(1)} GFLOP per image at the measured ${speed.gflops.toFixed(1)} GFLOP/s (${speed.backend})` : 'choose the backend "auto" to measure this machine'}>
        {speed ? `~${speed.encode.toFixed(speed.encode < 10 ? 1 : 0)} / ~${speed.fullStep.toFixed(speed.fullStep < 10 ? 1 : 0)}` : '–'}
      </td>
    </>
  );
}

export function ModelPicker() {
  const bridge = useBridge();
  const modelId = useApp((s) => s.modelId);
  const setModelId = useApp((s) => s.setModelId);
  const facts = useApp((s) => s.modelFacts);
  const backend = useApp((s) => s.backend);
  // The worker judges fits for the backend it runs; facts with a verdict were judged for WASM's heap.
  const judgedForWasm = Object.values(facts).some((f) => typeof f === 'object' && 'memory' in f && f.memory?.some((m) => m.fits !== null));
  const typed = modelId.trim();
  const repos: string[] = [...MODEL_SUGGESTIONS];
  if (typed && !repos.includes(typed) && typed in facts) repos.push(typed);
  const lookUp = [...MODEL_SUGGESTIONS, ...(typed && !(MODEL_SUGGESTIONS as readonly string[]).includes(typed) ? [typed] : [])];
  return (
    <div className="model-picker">
      <table className="compact" aria-label="Models to choose from">
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col" className="num">Download</th>
            <th scope="col" className="num">Parameters</th>
            <th scope="col">Training scopes that fit {judgedForWasm || backend?.name === 'wasm' ? 'WASM (4 GB)' : backend ? backend.name : 'this backend'}</th>
            <th scope="col" className="num">Images/s here (encode / full step)</th>
          </tr>
        </thead>
        <tbody>
          {repos.map((repo) => (
            <tr key={repo} aria-label={repo}>
              <td>
                <button type="button" className="chip" aria-pressed={repo === modelId} onClick={() => setModelId(repo)}>{repo}</button>
              </td>
              <FactCells entry={facts[repo]} />
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={() => void bridge.lookUpModelFacts(lookUp)}>
        Look up sizes and fit
      </button>
      <span className="muted"> reads each repository's file list and config.json from huggingface.co, no weights</span>
    </div>
  );
}
