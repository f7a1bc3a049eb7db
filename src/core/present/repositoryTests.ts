// Each repository's tests once across a workspace's folders. Two folders can hold one repository (two git worktrees,
// or two clones): each is its own session with its own index, but the CI history, and so every test's figures, is
// the repository's. The view, the status bar and the test pickers list a test once, by repository and test key; the
// editor's marks stay per folder (each folder's files get their own).

export interface FolderTests<T> {
  readonly repository: string;
  /** The folder's id (its URI): the commands on a test act on this folder's files. */
  readonly folder: string;
  /** The folder the user is in (the active editor's, or the last one's). */
  readonly active: boolean;
  readonly tests: readonly T[];
}

export type RepositoryTest<T> = T & { readonly repository: string; readonly folder: string };

interface KeyedTest {
  readonly key: string;
  readonly location: { readonly file: string } | null;
}

/**
 * One entry per repository and test key, in the order first met (give the folders in workspace order). Of a test's
 * copies, the one kept is the active folder's when that folder holds the test's file, else the first folder's that
 * holds it, else the active folder's, else the first: its location and cause were read from that folder's sources,
 * and the commands on it (open, run locally) act there.
 */
export function repositoryTests<T extends KeyedTest>(folders: readonly FolderTests<T>[]): RepositoryTest<T>[] {
  const kept = new Map<string, { test: RepositoryTest<T>; rank: number }>();
  for (const folder of folders) {
    for (const test of folder.tests) {
      const key = `${folder.repository}\u001e${test.key}`;
      const rank = (test.location ? 0 : 2) + (folder.active ? 0 : 1);
      const current = kept.get(key);
      if (!current || rank < current.rank) {
        // A replaced entry keeps its place in the map's order.
        kept.set(key, { test: { ...test, repository: folder.repository, folder: folder.folder }, rank });
      }
    }
  }
  return [...kept.values()].map((k) => k.test);
}

/** The distinct repositories, in the order first met. */
export function repositoryNames(folders: readonly { readonly repository: string }[]): string[] {
  return [...new Set(folders.map((f) => f.repository))];
}
