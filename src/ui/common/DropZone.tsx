// A drop target that is also a keyboard-operable picker (files, or a folder via webkitdirectory).
import { useId, useState, type ReactNode } from 'react';

export function DropZone({ label, onDrop, onPick, folder, multiple, accept, children }: {
  label: string;
  onDrop: (dt: DataTransfer) => void;
  onPick: (files: FileList | null) => void;
  /** Pick a folder instead of files. */
  folder?: boolean;
  multiple?: boolean;
  accept?: string;
  children?: ReactNode;
}) {
  const id = useId();
  const [over, setOver] = useState(false);
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
        onDrop(e.dataTransfer);
      }}
    >
      {children}
      <label htmlFor={id} className="button">{label}</label>
      <input
        id={id}
        className="visually-hidden-input"
        type="file"
        multiple={multiple || folder}
        accept={accept}
        ref={(el) => {
          if (el && folder) el.setAttribute('webkitdirectory', '');
        }}
        onChange={(e) => {
          onPick(e.currentTarget.files);
          e.currentTarget.value = '';
        }}
      />
    </div>
  );
}
