// `npm run bench`: every figure the issues ask for, printed as a table. Benchmarks read the clock; tests never do.
import { benchAccuracy } from './accuracy';
import { runBundled } from './bundled';
import { benchLargeFiles, benchWorkspace } from './locate';
import { benchLogParsing } from './logParsing';
import { benchParsers, printParserTable } from './parserThroughput';
import { benchSync } from './sync';
import { benchTriageAccuracy } from './triageAccuracy';

interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
}

function print(section: string, figures: readonly Figure[]): void {
  console.log(`\n${section}`);
  for (const f of figures) {
    const value = Number.isInteger(f.value) ? String(f.value) : f.value.toFixed(f.value < 10 ? 2 : 1);
    console.log(`  ${f.name.padEnd(72)} ${value.padStart(10)} ${f.unit}`);
  }
}

async function main(): Promise<void> {
  const only = process.argv[2];
  console.log(`Flakelens benchmarks (node ${process.version}, ${new Date().toISOString()})`);
  if (!only || only === 'sync') print('Sync against the fake GitHub (100 runs × 3 OSes)', await benchSync());
  if (!only || only === 'parse') print('Log parsing (split + normalize + libtest + go test parsers)', await benchLogParsing());
  if (!only || only === 'decorations') print('Decorations (locate + join findings + text), from memory, as bundled in the extension', runBundled('decorations'));
  if (!only || only === 'locate') {
    print('Locating tests in one large file, as bundled in the extension (esbuild, minified)', runBundled('locate'));
    print('Locating tests in one large file, under tsx (the same code, transpiled on the fly)', benchLargeFiles([10_000]));
    print('Indexing a 20,000-file workspace with the extension\'s time-sliced indexer', benchWorkspace());
  }
  if (!only || only === 'accuracy') print('Accuracy on histories no test has seen', await benchAccuracy());
  if (!only || only === 'parsers') {
    // Issue 3: a ~200 MB log per runner, each parser alone and all of them auto-detecting, beside grep -cE.
    console.log('\nParsers on ~200 MB logs of their own runner, typical and dense (MB/s, beside grep -cE on the same file; RSS+ = peak resident over the baseline)');
    printParserTable(benchParsers(process.argv.slice(3)));
  }
  if (!only || only === 'accuracy' || only === 'triage') print('Triage accuracy on histories no test has seen', await benchTriageAccuracy());
}

void main();
