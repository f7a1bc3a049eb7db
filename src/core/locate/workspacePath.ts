// Small operations on workspace-relative paths (`/` separators, no leading `./`), shared by the locators.
// Paths here are plain strings: the core never touches the disk.

/** The workspace-relative form of a path: `/` separators, no `./` or empty segments, `..` folded where possible. */
export function normalizePath(path: string): string {
  const out: string[] = [];
  for (const segment of path.replace(/\\/g, '/').split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else out.push(segment);
  }
  return out.join('/');
}

/** The folder of a path, '' at the workspace root. */
export function dirname(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Joins segments and normalizes the result. */
export function joinPath(...parts: string[]): string {
  return normalizePath(parts.filter((p) => p !== '').join('/'));
}

/** `path` relative to the folder `base` ('' is the workspace root), or undefined when it lies outside. */
export function relativeTo(base: string, path: string): string | undefined {
  if (base === '') return path;
  if (path === base) return '';
  return path.startsWith(`${base}/`) ? path.slice(base.length + 1) : undefined;
}

/** True when `path` is `suffix` or ends with `/suffix`. */
export function hasPathSuffix(path: string, suffix: string): boolean {
  return path === suffix || (path.endsWith(suffix) && path.charCodeAt(path.length - suffix.length - 1) === 47);
}
