// Whether one file-system path lies within another, by whole path segments (both separators, for Windows paths).

/** Whether `child` is `parent` or inside it: `/x/app-web` is not inside `/x/app`, `/x/app/web` is. */
export function isWithin(child: string, parent: string): boolean {
  const trimmed = parent.replace(/[\\/]+$/, '');
  return child === trimmed || child.startsWith(`${trimmed}/`) || child.startsWith(`${trimmed}\\`);
}
