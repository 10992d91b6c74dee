// A fast content fingerprint for duplicate detection: 64-bit FNV-1a plus the length.
// Plain 32-bit integer math (four 16-bit limbs), no BigInt, so it stays fast in a worker.

/** FNV-1a 64 of the bytes as 16 hex digits. */
export function fnv1a64(bytes: Uint8Array): string {
  // Offset basis 0xcbf29ce484222325 as limbs, lowest first.
  let h0 = 0x2325, h1 = 0x8422, h2 = 0x9ce4, h3 = 0xcbf2;
  for (let i = 0; i < bytes.length; i++) {
    h0 ^= bytes[i];
    // h *= 0x100000001b3 = 2^40 + 0x1b3, i.e. h * 0x1b3 + (h << 40), carried limb by limb.
    const t0 = h0 * 0x1b3;
    const t1 = h1 * 0x1b3 + (t0 >>> 16);
    const t2 = h2 * 0x1b3 + (t1 >>> 16) + (h0 << 8);
    const t3 = h3 * 0x1b3 + (t2 >>> 16) + (h1 << 8);
    h0 = t0 & 0xffff;
    h1 = t1 & 0xffff;
    h2 = t2 & 0xffff;
    h3 = t3 & 0xffff;
  }
  const hex = (v: number) => v.toString(16).padStart(4, '0');
  return hex(h3) + hex(h2) + hex(h1) + hex(h0);
}

/** Key under which byte-identical files collide: length and hash (compare bytes on a hit). */
export function contentKey(bytes: Uint8Array): string {
  return `${bytes.length}:${fnv1a64(bytes)}`;
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
