// Paths inside an exported project: relative, '/'-separated, never leaving the project. The export must not
// carry the user's absolute paths, and no entry may be written outside the folder it goes to.

/** A dataset path as a safe relative path ('a/b.png'), or an error naming what is wrong with it. */
export function safeRelativePath(path: string): string {
  const p = path.replace(/\\/g, '/');
  if (p.startsWith('/') || /^[A-Za-z]:/.test(p) || p.startsWith('~')) throw new Error(`"${path}" is an absolute path; a project holds only paths relative to its data folder`);
  const parts = p.split('/').filter((s) => s !== '' && s !== '.');
  if (parts.length === 0) throw new Error('an empty image path cannot go into a project');
  if (parts.includes('..')) throw new Error(`"${path}" leaves its folder ("..")`);
  return parts.join('/');
}
