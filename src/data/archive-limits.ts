// The limits every archive the studio opens is held to (a dataset zip dropped in the UI, a project file),
// checked on the central directory before anything is inflated. fflate inflates each entry into a buffer
// of its declared size, so an entry that lies about its size cannot grow past it.

export interface ArchiveLimits {
  /** Most entries (folders included). */
  entries: number;
  /** Most bytes all entries declare uncompressed. */
  bytes: number;
  /** Largest uncompressed/compressed ratio of an entry over RATIO_MIN_BYTES: deflate of zeros reaches ~1030. */
  ratio: number;
}

/** Entries smaller than this may compress as well as they like (a JSON file of zeros is harmless). */
export const RATIO_MIN_BYTES = 1024 ** 2;

/** For dataset zips and project files alike. Project files may hold 4 GiB: a full-encoder run's checkpoints are ~2 GB. */
export const ARCHIVE_LIMITS = {
  dataset: { entries: 20_000, bytes: 2 * 1024 ** 3, ratio: 200 },
  project: { entries: 20_000, bytes: 4 * 1024 ** 3, ratio: 200 },
} satisfies Record<string, ArchiveLimits>;

const gib = (n: number) => `${(n / 1024 ** 3).toFixed(0)} GiB`;

/**
 * A checker fed each entry in central-directory order; returns the reason the whole archive is refused, or
 * null. `name` is the archive as the user knows it.
 */
export function archiveChecker(name: string, limits: ArchiveLimits): (entry: { name: string; size: number; originalSize: number }) => string | null {
  let count = 0;
  let total = 0;
  return (e) => {
    count += 1;
    total += e.originalSize;
    if (count > limits.entries) return `${name} has more than ${limits.entries.toLocaleString('en')} entries; split it into smaller archives`;
    if (total > limits.bytes) return `${name} expands to more than ${gib(limits.bytes)}; split it into smaller archives`;
    if (e.originalSize > RATIO_MIN_BYTES && e.originalSize > limits.ratio * Math.max(1, e.size)) {
      return `${name}: entry "${e.name}" expands ${Math.round(e.originalSize / Math.max(1, e.size))} times (${(e.originalSize / 1024 ** 2).toFixed(0)} MiB from ${(e.size / 1024).toFixed(0)} KiB), a zip bomb; refused`;
    }
    return null;
  };
}
