// One writer per project: the tab that opens a project holds a Web Lock named after it until it opens
// another. A second tab on the same project gets no lock and opens it read-only (it saves nothing), so two
// tabs never overwrite each other's work.

export interface ProjectLock {
  release(): void;
}

interface LockManagerLike {
  request(name: string, options: { ifAvailable: boolean }, cb: (lock: unknown) => Promise<void> | void): Promise<unknown>;
}

const lockName = (projectId: string) => `proreg-project:${projectId}`;

/** The lock of `projectId`, or null when another tab holds it. Without Web Locks (Node) every open gets one. */
export function tryLockProject(projectId: string): Promise<ProjectLock | null> {
  const locks = (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks;
  if (!locks) return Promise.resolve({ release: () => {} });
  return new Promise((resolve, reject) => {
    locks.request(lockName(projectId), { ifAvailable: true }, (lock) => {
      if (!lock) {
        resolve(null);
        return;
      }
      // Held until release() settles this promise.
      return new Promise<void>((release) => resolve({ release }));
    }).catch(reject);
  });
}
