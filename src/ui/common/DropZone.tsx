// A drop target that is also a keyboard-operable picker: files, or a folder. A folder is picked through the
// File System Access API where the browser has it (read a directory at a time, no task that grows with the
// folder), else through <input webkitdirectory>; a drop walks its folders. Every way ends in `onFiles`.
import { useId, useState, type ReactNode } from 'react';
import { filesFromDrop, filesFromInput, type Walked } from './drop-files';
import { canPickDirectory, filesFromDirectory, pickDirectory } from './pick-directory';

export function DropZone({ label, onFiles, onReadError, folder, multiple, accept, children }: {
  label: string;
  onFiles: (walked: Walked[]) => void;
  /** A folder or drop that could not be read (a permission refused, a file gone meanwhile). */
  onReadError?: (message: string) => void;
  /** Pick a folder instead of files. */
  folder?: boolean;
  multiple?: boolean;
  accept?: string;
  children?: ReactNode;
}) {
  const id = useId();
  const [over, setOver] = useState(false);
  const [reading, setReading] = useState(false);
  const failed = (e: unknown) => onReadError?.(`could not read the ${folder ? 'folder' : 'files'}: ${(e as Error).message || String(e)}`);
  const read = (walk: Promise<Walked[] | null>) => {
    setReading(true);
    walk.then((walked) => walked && walked.length > 0 && onFiles(walked), failed).finally(() => setReading(false));
  };
  return (
    <div
      className={over ? 'dropzone over' : 'dropzone'}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        read(filesFromDrop(e.dataTransfer));
      }}
    >
      {children}
      <label htmlFor={id} className="button">{label}</label>
      {reading && <span className="muted" aria-live="polite"> Reading the {folder ? 'folder' : 'files'}…</span>}
      <input
        id={id}
        className="visually-hidden-input"
        type="file"
        multiple={multiple || folder}
        accept={accept}
        ref={(el) => {
          if (el && folder) el.setAttribute('webkitdirectory', '');
        }}
        onClick={(e) => {
          // The label's click and the keyboard both arrive here: the folder dialog replaces the file dialog.
          if (!folder || !canPickDirectory()) return;
          e.preventDefault();
          read(pickDirectory().then((dir) => (dir ? filesFromDirectory(dir) : null)));
        }}
        onChange={(e) => {
          const walked = filesFromInput(e.currentTarget.files);
          e.currentTarget.value = '';
          if (walked.length) onFiles(walked);
        }}
      />
    </div>
  );
}
