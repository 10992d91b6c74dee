// @vitest-environment jsdom
// An image's object URL lives exactly as long as the image is on screen: made on mount, replaced with the
// blob, revoked on unmount, and none made for a missing blob (the fallback shows).
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BlobImage } from './BlobImage';

let live: Set<string>;
let made: number;
beforeEach(() => {
  live = new Set();
  made = 0;
  URL.createObjectURL = (b: Blob | MediaSource) => {
    const u = `blob:test/${made++}/${(b as Blob).size}`;
    live.add(u);
    return u;
  };
  URL.revokeObjectURL = (u: string) => void live.delete(u);
});
afterEach(() => cleanup());

describe('BlobImage', () => {
  it('makes one URL while shown, a new one for a new blob, and revokes each', () => {
    const a = new Blob(['aa']);
    const b = new Blob(['bbb']);
    const { rerender, unmount } = render(<BlobImage blob={a} alt="pic" fallback={<span>name</span>} />);
    expect(screen.getByRole('img', { name: 'pic' }).getAttribute('src')).toBe('blob:test/0/2');
    expect([...live]).toEqual(['blob:test/0/2']);
    rerender(<BlobImage blob={b} alt="pic" fallback={<span>name</span>} />);
    expect(screen.getByRole('img', { name: 'pic' }).getAttribute('src')).toMatch(/\/3$/);
    expect(live.size).toBe(1);
    unmount();
    expect(live.size).toBe(0);
  });

  it('shows the fallback and makes no URL without a blob', () => {
    render(<BlobImage blob={undefined} alt="pic" fallback={<span>cat.jpg</span>} />);
    expect(screen.getByText('cat.jpg')).toBeTruthy();
    expect(screen.queryByRole('img')).toBeNull();
    expect(made).toBe(0);
  });
});
