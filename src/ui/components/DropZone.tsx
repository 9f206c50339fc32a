// The drop target with its file input (data-testid drop-zone / file-input). It takes one
// file or several (the parts of a split dump); the format is found from the bytes.
import { useId, useState, type ChangeEvent, type DragEvent } from 'react';
import { openFiles } from '../state/session-actions';

export function DropZone() {
  const inputId = useId();
  const [dragging, setDragging] = useState(false);

  const onChange = (e: ChangeEvent<HTMLInputElement>) => {
    const files = Array.from(e.currentTarget.files ?? []);
    e.currentTarget.value = ''; // so choosing the same file again opens it again
    openFiles(files);
  };
  const onDragOver = (e: DragEvent) => {
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    setDragging(true);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    openFiles(Array.from(e.dataTransfer.files));
  };

  return (
    <div
      className={dragging ? 'drop-zone drop-zone-active' : 'drop-zone'}
      data-testid="drop-zone"
      onDragOver={onDragOver}
      onDragEnter={onDragOver}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <p className="drop-title">Drop a crash dump here</p>
      <p className="drop-detail">
        A vmcore (ELF, kdump-compressed or flattened), or all parts of a split dump at once — add the
        matching vmlinux for source lines and full types. Files are recognized by their contents, in any order.
        A shared crashlens report (.crashlens.json) opens here too.
      </p>
      <input
        id={inputId}
        className="visually-hidden"
        type="file"
        multiple
        data-testid="file-input"
        aria-describedby={`${inputId}-help`}
        onChange={onChange}
      />
      <label htmlFor={inputId} className="button button-primary">
        Choose files…
      </label>
      <p id={`${inputId}-help`} className="visually-hidden">
        Choose one dump file, or every part of a split dump, and optionally its vmlinux.
      </p>
    </div>
  );
}
