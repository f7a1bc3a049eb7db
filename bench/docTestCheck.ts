// The index's Python doctests against CPython's DocTestFinder list (bench/doctestLines.py), for locateAccuracy's
// --doctest-lines: each listed doctest on its line, and each declared one that the list lacks.
import { locatePythonFile } from '../src/core/locate/pythonLocator';
import type { TestDeclaration } from '../src/core/model';

/** A Python doctest's place as DocTestFinder gives it, by its name (`pkg.mod.Class.method`). */
export interface DocTestLine {
  readonly file: string;
  readonly line: number;
}

export interface DocTestCheck {
  /** Listed doctests declared with the same name on the same line. */
  readonly same: number;
  /** Listed doctests declared elsewhere or not at all. */
  readonly mismatches: readonly string[];
  /** Doctests the index declares. */
  readonly declared: number;
  /** Declared doctests that DocTestFinder does not list. */
  readonly unlisted: readonly TestDeclaration[];
}

export function checkDocTests(
  files: readonly string[],
  declarations: readonly TestDeclaration[],
  lines: (file: string) => string[],
  listed: ReadonlyMap<string, DocTestLine>,
): DocTestCheck {
  const declared = new Map(declaredDocTests(files, declarations, lines).map((d) => [d.id, d]));
  let same = 0;
  const mismatches: string[] = [];
  for (const [name, place] of listed) {
    const d = declared.get(name);
    if (d && d.line === place.line && (d.file === place.file || d.file.endsWith(`/${place.file}`))) same++;
    else mismatches.push(`${name}: DocTestFinder ${place.file}:${place.line}, index ${d ? `${d.file}:${d.line}` : 'none'}`);
  }
  const unlisted = [...declared.values()].filter((d) => !listed.has(d.id));
  return { same, mismatches, declared: declared.size, unlisted };
}

/** The doctests the index declares: its unittest declarations on the lines the Python scanner gives doctests. */
function declaredDocTests(files: readonly string[], declarations: readonly TestDeclaration[], lines: (file: string) => string[]): TestDeclaration[] {
  const byFile = new Map<string, TestDeclaration[]>();
  for (const d of declarations) if (d.framework === 'unittest') byFile.set(d.file, [...(byFile.get(d.file) ?? []), d]);
  const found: TestDeclaration[] = [];
  for (const file of files) {
    const own = byFile.get(file);
    if (!file.endsWith('.py') || !own) continue;
    for (const doc of locatePythonFile(file, lines(file).join('\n'), { tests: false }).docTests) {
      const suffix = doc.path.join('.');
      const d = own.find((x) => x.line === doc.line && (suffix === '' || x.id === suffix || x.id.endsWith(`.${suffix}`)));
      if (d) found.push(d);
    }
  }
  return found;
}
