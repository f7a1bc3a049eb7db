// Scores of a classifier against labelled truth: per-category precision, recall and F1, macro and weighted F1, and
// the confusion matrix, with plain-text tables for the test's diagnostics and the results note.

export interface Labelled {
  readonly truth: string;
  readonly predicted: string;
}

export interface CategoryScore {
  readonly category: string;
  /** How many items carry this category in the truth. */
  readonly support: number;
  /** How many items the classifier gave this category. */
  readonly predicted: number;
  readonly truePositives: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

export interface Scores {
  readonly total: number;
  readonly correct: number;
  readonly accuracy: number;
  /** Items answered `unknown`. */
  readonly unknown: number;
  /** One row per category present in the truth, in the given order. */
  readonly perCategory: readonly CategoryScore[];
  /**
   * Mean F1 over the categories present in the truth. A prediction outside them (`unknown`, `platform`) counts
   * against the recall of the item's true category and gets no row of its own.
   */
  readonly macroF1: number;
  /** Macro F1 over every label seen in the truth or the predictions (scikit-learn's default), `unknown` included. */
  readonly macroF1AllLabels: number;
  /** F1 averaged with each category weighted by its support (the figure the FlakyCat study reports). */
  readonly weightedF1: number;
  /** Labels of the matrix rows (truth) and columns (predicted). */
  readonly rows: readonly string[];
  readonly columns: readonly string[];
  /** confusion[row][column]: items of truth `rows[row]` predicted `columns[column]`. */
  readonly confusion: readonly (readonly number[])[];
}

export function score(items: readonly Labelled[], order: readonly string[]): Scores {
  const truths = new Set(items.map((item) => item.truth));
  const predictions = new Set(items.map((item) => item.predicted));
  const rows = order.filter((label) => truths.has(label));
  for (const label of [...truths].sort()) if (!rows.includes(label)) rows.push(label);
  const columns = [...rows];
  for (const label of [...order, ...[...predictions].sort()]) if (predictions.has(label) && !columns.includes(label)) columns.push(label);
  const confusion = rows.map((row) => columns.map((column) => items.filter((item) => item.truth === row && item.predicted === column).length));

  const rowOf = (label: string): CategoryScore => {
    const support = items.filter((item) => item.truth === label).length;
    const predicted = items.filter((item) => item.predicted === label).length;
    const truePositives = items.filter((item) => item.truth === label && item.predicted === label).length;
    const precision = predicted === 0 ? 0 : truePositives / predicted;
    const recall = support === 0 ? 0 : truePositives / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { category: label, support, predicted, truePositives, precision, recall, f1 };
  };
  const perCategory = rows.map(rowOf);
  const total = items.length;
  const correct = items.filter((item) => item.truth === item.predicted).length;
  const allLabels = columns.map(rowOf);
  return {
    total,
    correct,
    accuracy: total === 0 ? 0 : correct / total,
    unknown: items.filter((item) => item.predicted === 'unknown').length,
    perCategory,
    macroF1: mean(perCategory.map((row) => row.f1)),
    macroF1AllLabels: mean(allLabels.map((row) => row.f1)),
    weightedF1: total === 0 ? 0 : perCategory.reduce((sum, row) => sum + row.f1 * row.support, 0) / total,
    rows,
    columns,
    confusion,
  };
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}

function fixed(value: number): string {
  return value.toFixed(2);
}

/** Short column heads for the confusion matrix, so it fits a terminal. */
const ABBREVIATIONS: Readonly<Record<string, string>> = {
  network: 'net',
  timing: 'time',
  'async-wait': 'async',
  concurrency: 'conc',
  order: 'order',
  'unordered-collection': 'unord',
  randomness: 'rand',
  resource: 'res',
  platform: 'plat',
  'floating-point': 'float',
  unknown: 'unkn',
};

function abbreviation(label: string): string {
  return ABBREVIATIONS[label] ?? label.slice(0, 5);
}

/** The figures as Markdown tables: a summary line, per-category scores, and the confusion matrix. */
export function scoresAsMarkdown(scores: Scores): string {
  const lines: string[] = [];
  lines.push(
    `${scores.total} tests, ${scores.correct} correct (accuracy ${fixed(scores.accuracy)}), ${scores.unknown} unknown; ` +
      `macro-F1 ${fixed(scores.macroF1)}, weighted F1 ${fixed(scores.weightedF1)} (macro-F1 over all labels, unknown included: ${fixed(scores.macroF1AllLabels)})`,
  );
  lines.push('');
  lines.push('| category | support | predicted | precision | recall | F1 |');
  lines.push('|---|---:|---:|---:|---:|---:|');
  for (const row of scores.perCategory) {
    lines.push(`| ${row.category} | ${row.support} | ${row.predicted} | ${fixed(row.precision)} | ${fixed(row.recall)} | ${fixed(row.f1)} |`);
  }
  lines.push('');
  lines.push(`| truth \\ predicted | ${scores.columns.map(abbreviation).join(' | ')} |`);
  lines.push(`|---|${scores.columns.map(() => '---:').join('|')}|`);
  scores.rows.forEach((row, index) => {
    lines.push(`| ${row} | ${(scores.confusion[index] ?? []).map((count) => (count === 0 ? '·' : String(count))).join(' | ')} |`);
  });
  return lines.join('\n');
}
