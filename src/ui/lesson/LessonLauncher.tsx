// The way into the bias lesson, in the studio's header: prominent while the studio is empty.
import { useState } from 'react';
import { useApp } from '../common/studio-context';
import { Lesson } from './Lesson';

export function LessonLauncher() {
  const [open, setOpen] = useState(false);
  const empty = useApp((s) => s.samples.length === 0 && s.runOrder.length === 0);
  return (
    <>
      <button type="button" className={empty ? 'primary' : 'secondary'} onClick={() => setOpen(true)}>Bias lesson</button>
      {empty && <span className="muted small">New here? The bias lesson shows in ten minutes what ProReg is for.</span>}
      {open && <Lesson onClose={() => setOpen(false)} />}
    </>
  );
}
