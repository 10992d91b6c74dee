// A seeded, stratified validation split carved from the training images when the data has none.
import { useMemo, useState } from 'react';
import { hasOwnValSplit } from '../../store/dataset-slice';
import { NumberField } from '../common/Field';
import { useApp } from '../common/studio-context';

export function ValSplitControl() {
  const samples = useApp((s) => s.samples);
  const valSplit = useApp((s) => s.valSplit);
  // Walks every sample: once per change of the samples or the split, not on every store event.
  const own = useMemo(() => hasOwnValSplit({ samples, valSplit }), [samples, valSplit]);
  const setValSplit = useApp((s) => s.setValSplit);
  const clearValSplit = useApp((s) => s.clearValSplit);
  const [fraction, setFraction] = useState(valSplit.fraction);
  const [seed, setSeed] = useState(valSplit.seed);
  if (own) return <p className="muted">Validation images come from your val/ folder.</p>;
  const carved = valSplit.moved.length;
  return (
    <fieldset className="inline-fields">
      <legend>Validation split</legend>
      <NumberField label="Validation fraction" value={fraction} min={0} max={0.9} step={0.05} onChange={setFraction} />
      <NumberField label="Split seed" value={seed} min={0} step={1} onChange={(v) => setSeed(Math.round(v))} />
      <button type="button" onClick={() => setValSplit(Math.min(0.9, Math.max(0, fraction)), seed)}>Carve validation split</button>
      {carved > 0 && (
        <>
          <span className="muted">{carved} images held out</span>
          <button type="button" className="link" onClick={clearValSplit}>Undo split</button>
        </>
      )}
    </fieldset>
  );
}
