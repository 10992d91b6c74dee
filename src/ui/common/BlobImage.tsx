// An image held as a Blob (a dropped file, an image unpacked from a zip), shown through an object URL made
// while it is on screen and revoked when it leaves: a dataset of ten thousand images costs the page only
// the URLs of the thumbnails in view, not one call to the browser per image at import.
import { useEffect, useState, type ImgHTMLAttributes, type ReactNode } from 'react';

export function useObjectUrl(blob: Blob | undefined): string | undefined {
  const [url, setUrl] = useState<{ blob: Blob; url: string }>();
  useEffect(() => {
    if (!blob) return;
    const made = { blob, url: URL.createObjectURL(blob) };
    setUrl(made);
    return () => URL.revokeObjectURL(made.url);
  }, [blob]);
  return url && url.blob === blob ? url.url : undefined;
}

/** `fallback` shows while there is no blob (after a reload the images live only in the engine) or its URL is being made. */
export function BlobImage({ blob, fallback = null, ...img }: { blob: Blob | undefined; fallback?: ReactNode } & Omit<ImgHTMLAttributes<HTMLImageElement>, 'src'>) {
  const url = useObjectUrl(blob);
  return url ? <img src={url} {...img} /> : <>{fallback}</>;
}
