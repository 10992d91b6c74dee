// Files leave the page through an <a download> on an object URL: nothing is uploaded anywhere.
// An object so tests can replace `save`.
export const downloads = {
  save(blob: Blob, name: string): void {
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.hidden = true;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  },
};

/** Bytes from the engine as a Blob (copied out of a possibly shared view). */
export function bytesBlob(bytes: ArrayBuffer | Uint8Array, type: string): Blob {
  return new Blob([bytes instanceof Uint8Array ? new Uint8Array(bytes) : bytes], { type });
}
