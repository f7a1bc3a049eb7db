// The daily loop, walked in the real VS Code on the sample repository as a person walks it: the Flaky Tests view
// from the activity bar, a flaky test opened from it, the CodeLens above it, "Run ×N locally" (a real cargo run of a
// test that really is flaky here: wait_notify::atomic_wait_timeout_length allows its 20 ms wait only 150 µs of
// overshoot), "Re-run CI job" on the fake GitHub, and the decoration that changes after each. One screenshot per
// step. The steps run in order on one page and build on each other (the view opens the test, the test's CodeLens
// runs it); each still waits for what it needs, so a failure says what was expected and what was seen.
import type { Page } from 'playwright-core';
import { SAMPLE_TESTS } from '../../fakeGithub/sampleRepo';
import { waitFor } from '../waitFor';
import { activeEditor, afterDecorations, expect, saveScreenshot, type AfterDecoration, type UiCheck } from './uiTest';

/** The test the loop walks; the ui stage's history makes it flaky in CI (runVscodeTests.ts). */
export const loopTest = (() => {
  const id = 'wait_notify::atomic_wait_timeout_length';
  const test = SAMPLE_TESTS.find((t) => t.id === id);
  if (!test) throw new Error(`${id} is not in the sample repository's catalog (test/fakeGithub/sampleRepo.ts)`);
  return { id, name: id.split('::').pop() as string, file: test.file, line: test.line };
})();

/** `flakelens.localRunCount` in the ui stage: few runs, so that the local run takes seconds. */
export const loopLocalRunCount = 8;

// ---- The Flaky Tests view ----

/** One row of the Flaky Tests tree as it reads: a file (level 1) or a test (level 2), its label and description. */
export interface ViewRow {
  readonly level: number;
  readonly label: string;
  readonly description: string;
}

const flakyTestsTree = '.part.sidebar [role="tree"][aria-label="Flaky Tests"]';

export async function flakyTestsRows(page: Page): Promise<ViewRow[]> {
  return page.$$eval(`${flakyTestsTree} .monaco-list-row`, (rows) =>
    rows
      .map((row) => ({
        level: Number(row.getAttribute('aria-level') ?? '0'),
        // textContent, not innerText: the tree cuts long descriptions off with an ellipsis on screen.
        label: (row.querySelector('.label-name')?.textContent ?? '').trim(),
        description: (row.querySelector('.label-description')?.textContent ?? '').trim(),
        index: Number(row.getAttribute('data-index') ?? '0'),
      }))
      .sort((a, b) => a.index - b.index)
      .map(({ level, label, description }) => ({ level, label, description })),
  );
}

function describeRows(rows: readonly ViewRow[]): string {
  if (rows.length === 0) return 'no rows';
  return rows.map((r) => `${'  '.repeat(Math.max(0, r.level - 1))}${r.label}${r.description ? ` — ${r.description}` : ''}`).join(' | ');
}

/** `7% (24/363)` → 24/363; undefined when the text has no `(a/b)`. */
export function executionCounts(text: string): { failures: number; executions: number } | undefined {
  const match = /\((\d+)\/(\d+)\)/.exec(text);
  return match ? { failures: Number(match[1]), executions: Number(match[2]) } : undefined;
}

/** Sort key of a test row: failing first, then by flake rate, highest first. */
function rankKey(row: ViewRow): [number, number] | undefined {
  if (/^failing\b/.test(row.description)) return [0, 0];
  const counts = executionCounts(row.description);
  if (!counts || counts.executions === 0) return undefined;
  return [1, -counts.failures / counts.executions];
}

const comesBefore = (a: [number, number], b: [number, number]) => a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1]);

/**
 * Why the rows are not ranked failing first, then by flake rate (undefined when they are). The view groups the
 * ranked list by file: within a file the tests are ranked, and the files come in the order of their first test.
 */
export function rankingProblem(rows: readonly ViewRow[]): string | undefined {
  const groups: { file: string; tests: ViewRow[] }[] = [];
  for (const row of rows) {
    if (row.level === 1) groups.push({ file: row.label, tests: [] });
    else groups.at(-1)?.tests.push(row);
  }
  const show = (row: ViewRow) => `${row.label} (${row.description})`;
  let previousFirst: { row: ViewRow; key: [number, number] } | undefined;
  for (const group of groups) {
    let previous: { row: ViewRow; key: [number, number] } | undefined;
    for (const row of group.tests) {
      const key = rankKey(row);
      if (!key) return `${row.label} shows neither "failing" nor a rate with its sample ("N% (a/b)"): "${row.description}"`;
      if (previous && !comesBefore(previous.key, key)) return `in ${group.file}, ${show(row)} comes after ${show(previous.row)}`;
      if (!previous) {
        if (previousFirst && !comesBefore(previousFirst.key, key)) return `${group.file}, led by ${show(row)}, comes after the file led by ${show(previousFirst.row)}`;
        previousFirst = { row, key };
      }
      previous = { row, key };
    }
  }
  return undefined;
}

/** Opens the Flakelens view container from its activity bar icon (unless it is open) and waits for its tree. */
export async function openFlakelensView(page: Page, timeoutMs = 30_000): Promise<void> {
  const link = 'a.action-label[aria-label^="Flakelens"]';
  let labels: string[] = [];
  await waitFor(
    async () => {
      labels = await page.$$eval('.part.activitybar .action-item a.action-label', (links) => links.map((a) => a.getAttribute('aria-label') ?? ''));
      return labels.some((label) => label.startsWith('Flakelens'));
    },
    { description: 'the activity bar shows the Flakelens icon', timeoutMs },
    () => `activity bar icons: ${labels.join(', ')}`,
  );
  // Clicking the icon of the open container would close the side bar: click only when it is not open.
  // The item, not its link: the badge (the number of flaky tests) covers the link's centre.
  const item = page.locator('.part.activitybar li.action-item', { has: page.locator(link) });
  const open = await item.evaluate((li) => li.classList.contains('checked'));
  if (!open) await item.click();
  await page.waitForSelector(flakyTestsTree, { state: 'visible', timeout: timeoutMs });
}

// ---- The editor: CodeLens and the test's decoration ----

/** Whether the active editor shows a line that contains `text` (the editor writes spaces as no-break spaces). */
async function showsLine(page: Page, text: string): Promise<boolean> {
  return page.$$eval(`${activeEditor} .view-lines .view-line`, (lines, text) => lines.some((l) => (l.textContent ?? '').replace(/\u00a0/g, ' ').includes(text)), text);
}

/** The titles of the CodeLens nearest above the active editor's line that contains `declaration`. */
export async function codeLensAbove(page: Page, declaration: string): Promise<string[] | undefined> {
  return page.evaluate(
    ({ editor, declaration }) => {
      // The editor writes spaces as no-break spaces.
      const line = [...document.querySelectorAll<HTMLElement>(`${editor} .view-lines .view-line`)].find((l) => (l.textContent ?? '').replace(/\u00a0/g, ' ').includes(declaration));
      if (!line) return undefined;
      const lineTop = line.getBoundingClientRect().top;
      let best: { titles: string[]; distance: number } | undefined;
      for (const lens of document.querySelectorAll<HTMLElement>(`${editor} .codelens-decoration`)) {
        const box = lens.getBoundingClientRect();
        const distance = lineTop - box.bottom;
        if (box.height === 0 || distance < -2) continue; // hidden, or below the line
        const titles = [...lens.querySelectorAll('a')].map((a) => (a.textContent ?? '').trim()).filter(Boolean);
        if (titles.length > 0 && (!best || distance < best.distance)) best = { titles, distance };
      }
      return best?.titles;
    },
    { editor: activeEditor, declaration },
  );
}

/** Clicks the CodeLens titled `title` above the declaration (found again each time: CodeLens are redrawn). */
async function clickCodeLens(page: Page, title: string): Promise<void> {
  const link = page.locator(`${activeEditor} .codelens-decoration a`, { hasText: title }).first();
  await link.click({ timeout: 10_000 });
}

const declarationText = `fn ${loopTest.name}()`;

/** The after-decoration on the loop test's declaration line, if it has one. */
async function loopDecoration(page: Page): Promise<AfterDecoration | undefined> {
  return (await afterDecorations(page)).find((d) => d.line.replace(/\u00a0/g, ' ').includes(declarationText));
}

function quoted(decoration: AfterDecoration | undefined): string {
  return decoration ? `"${decoration.text}"` : `no decoration on \`${declarationText}\``;
}

/**
 * The terminal panel as it reads: the title of its (single) terminal and the rows on screen. The rows are DOM only
 * with `terminal.integrated.gpuAcceleration: off` (the ui stage's setting); else the terminal draws on a canvas.
 */
async function terminalPanel(page: Page): Promise<{ title: string; text: string }> {
  return page.evaluate(() => ({
    title: (document.querySelector('.part.panel .single-terminal-tab')?.textContent ?? '').replace(/\s+/g, ' ').trim(),
    text: [...document.querySelectorAll<HTMLElement>('.part.panel .xterm-rows > div')]
      .map((row) => (row.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd())
      .join('\n')
      .trim(),
  }));
}

function lastLines(text: string, count: number): string {
  const lines = text.split('\n').filter((l) => l.trim());
  return lines.slice(-count).join('\n');
}

// ---- The steps ----

/** The loop's steps, with what they share (the decoration before the re-run). A fresh set for each page. */
export function loopChecks(): UiCheck[] {
  const localPattern = /local (\d+)\/(\d+) failed/;

  const viewCheck: UiCheck = {
    name: 'the Flakelens view lists the flaky tests from the activity bar, failing first, then by flake rate',
    async run(page, prefix) {
      let rows: ViewRow[] = [];
      try {
        await openFlakelensView(page);
        rows = await waitFor(
          async () => {
            rows = await flakyTestsRows(page);
            return rows.some((r) => r.label === loopTest.name && executionCounts(r.description)) ? rows : undefined;
          },
          { description: `the Flaky Tests view lists ${loopTest.name} with its rate`, timeoutMs: 60_000, intervalMs: 250 },
          () => describeRows(rows),
        );
      } finally {
        await saveScreenshot(page, `${prefix}loop-1-view`);
      }
      const tests = rows.filter((r) => r.level === 2);
      expect(tests.length >= 2, `expected several tests in the view, saw: ${describeRows(rows)}`);
      expect(/^failing\b/.test(tests[0]?.description ?? ''), `expected a failing test first, saw: ${describeRows(rows)}`);
      const problem = rankingProblem(rows);
      expect(problem === undefined, `expected the view ranked failing first, then by flake rate, but ${problem}; rows: ${describeRows(rows)}`);
    },
  };

  const openTestCheck: UiCheck = {
    name: `clicking ${loopTest.name} in the view opens ${loopTest.file} at its line`,
    async run(page, prefix) {
      let seen = '';
      try {
        await openFlakelensView(page);
        // On its name: the row's middle is where its inline "Run Test Locally N Times" action shows on hover.
        await page.locator(`${flakyTestsTree} .monaco-list-row .label-name`, { hasText: new RegExp(`^${loopTest.name}$`) }).click();
        const fileName = loopTest.file.split('/').pop() as string;
        await waitFor(
          async () => {
            const state = await page.evaluate(() => ({
              tab: document.querySelector('.editor-group-container.active .tab.active')?.getAttribute('aria-label') ?? '',
              selection: (document.querySelector<HTMLElement>('[id="status.editor.selection"]')?.innerText ?? '').trim(),
            }));
            seen = `active tab "${state.tab}", cursor "${state.selection}"`;
            return state.tab.includes(fileName) && new RegExp(`\\bLn ${loopTest.line}\\b`).test(state.selection);
          },
          { description: `${fileName} is the active editor with the cursor on line ${loopTest.line}`, timeoutMs: 30_000 },
          () => seen,
        );
        await waitFor(
          () => showsLine(page, declarationText),
          { description: `the editor shows \`${declarationText}\``, timeoutMs: 10_000 },
        );
        // showTestDetails opens the test's hover too: wait for it, so the screenshot shows what a person sees.
        await waitFor(
          () => page.evaluate(() => [...document.querySelectorAll<HTMLElement>('.monaco-hover:not(.hidden) .hover-contents')].some((h) => /\d+\s*%/.test(h.innerText))),
          { description: 'the hover of the opened test shows its rate', timeoutMs: 15_000 },
        );
      } finally {
        await saveScreenshot(page, `${prefix}loop-2-test-opened`);
        await page.keyboard.press('Escape');
      }
    },
  };

  const codeLensCheck: UiCheck = {
    name: `the CodeLens above ${loopTest.name} shows its rate, Run ×${loopLocalRunCount} locally, Re-run CI job and Open last failure`,
    async run(page, prefix) {
      let titles: string[] | undefined;
      const expected = [`Run ×${loopLocalRunCount} locally`, 'Re-run CI job', 'Open last failure'];
      try {
        titles = await waitFor(
          async () => {
            titles = await codeLensAbove(page, declarationText);
            return titles && titles.length >= 4 ? titles : undefined;
          },
          { description: `CodeLens show above \`${declarationText}\``, timeoutMs: 30_000, intervalMs: 250 },
          () => (titles ? JSON.stringify(titles) : `no CodeLens above \`${declarationText}\``),
        );
      } finally {
        await saveScreenshot(page, `${prefix}loop-3-codelens`);
      }
      expect(/^⚠ flaky \d+% \(\d+\/\d+\)/.test(titles[0] ?? ''), `expected the first CodeLens to be the rate with its sample ("⚠ flaky N% (a/b)"), saw ${JSON.stringify(titles)}`);
      expect(
        JSON.stringify(titles.slice(1)) === JSON.stringify(expected),
        `expected the CodeLens ${JSON.stringify(expected)} after the rate, saw ${JSON.stringify(titles)}`,
      );
      const decoration = await loopDecoration(page);
      expect(
        decoration !== undefined && executionCounts(decoration.text) !== undefined,
        `expected the decoration of \`${declarationText}\` to show the rate with its sample, saw ${quoted(decoration)}`,
      );
    },
  };

  const localRunCheck: UiCheck = {
    name: `Run ×${loopLocalRunCount} locally runs ${loopTest.name} with cargo in a task terminal and shows "local k/${loopLocalRunCount} failed"`,
    async run(page, prefix) {
      let decoration: AfterDecoration | undefined;
      let terminal = { title: '', text: '' };
      let lens: string[] | undefined;
      const terminalEnd = () => (terminal.text ? `the terminal "${terminal.title}" ends with:\n${lastLines(terminal.text, 10)}` : `the terminal "${terminal.title}" shows no readable text`);
      try {
        await clickCodeLens(page, `Run ×${loopLocalRunCount} locally`);
        // A cold cargo build of the sample, then the runs: seconds on an idle machine, more on a busy one.
        decoration = await waitFor(
          async () => {
            decoration = await loopDecoration(page);
            terminal = await terminalPanel(page);
            return decoration && localPattern.test(decoration.text) ? decoration : undefined;
          },
          { description: `the decoration of \`${declarationText}\` says "local k/${loopLocalRunCount} failed"`, timeoutMs: 180_000, intervalMs: 500 },
          () => `${quoted(decoration)}; ${terminalEnd()}`,
        );
        // CodeLens are asked for again a little after a change: wait for the local figures there too, then take
        // the picture.
        const figures = (localPattern.exec(decoration.text) as RegExpExecArray)[0];
        await waitFor(
          async () => {
            lens = await codeLensAbove(page, declarationText);
            return lens?.[0]?.includes(figures);
          },
          { description: `the rate's CodeLens shows "${figures}" as the decoration does`, timeoutMs: 15_000, intervalMs: 250 },
          () => JSON.stringify(lens),
        );
      } finally {
        await saveScreenshot(page, `${prefix}loop-4-local-runs`);
      }
      const local = localPattern.exec(decoration.text) as RegExpExecArray;
      const [failed, runs] = [Number(local[1]), Number(local[2])];
      terminal = await terminalPanel(page);
      expect(runs === loopLocalRunCount, `expected ${loopLocalRunCount} local runs counted, saw ${quoted(decoration)} (did cargo run? ${terminalEnd()})`);
      expect(executionCounts(decoration.text) !== undefined, `expected the CI figures "(a/b)" beside the local ones, saw ${quoted(decoration)}`);
      const title = `run ${loopTest.id} ×${loopLocalRunCount}`;
      expect(terminal.title.includes(title), `expected the task terminal "${title}", saw ${terminal.title ? `"${terminal.title}"` : 'no terminal'}`);
      // What stays on screen of the last run: its `test … ok` line, or the panic and the `failures:` list.
      expect(
        terminal.text.includes(loopTest.id) && terminal.text.includes('test result:'),
        `expected the terminal to show cargo's report on ${loopTest.id}; ${terminalEnd()}`,
      );
      expect(terminal.text.includes(`local: ${failed}/${runs} failed`), `expected the terminal to say "local: ${failed}/${runs} failed" as the decoration does; ${terminalEnd()}`);
      return `the decoration reads ${quoted(decoration)}`;
    },
  };

  const rerunCheck: UiCheck = {
    name: `Re-run CI job re-runs the job of the last failure, and the decoration and CodeLens count one more execution`,
    async run(page, prefix) {
      let decoration = await loopDecoration(page);
      const start = decoration;
      const startCounts = start && executionCounts(start.text);
      expect(startCounts !== undefined, `expected a decoration with "(a/b)" on \`${declarationText}\` before the re-run, saw ${quoted(start)}`);
      let lens: string[] | undefined;
      try {
        await clickCodeLens(page, 'Re-run CI job');
        // The fake GitHub completes the re-run at once; the extension follows the run and syncs.
        decoration = await waitFor(
          async () => {
            decoration = await loopDecoration(page);
            const counts = decoration && executionCounts(decoration.text);
            return counts && counts.executions > startCounts.executions ? decoration : undefined;
          },
          { description: `the execution count of ${quoted(start)} grows after the re-run`, timeoutMs: 90_000, intervalMs: 250 },
          () => quoted(decoration),
        );
        const counts = executionCounts(decoration.text) as { failures: number; executions: number };
        const figures = `(${counts.failures}/${counts.executions})`;
        // CodeLens are asked for again a little after a change: wait for them to agree, then take the picture.
        await waitFor(
          async () => {
            lens = await codeLensAbove(page, declarationText);
            return lens?.[0]?.includes(figures);
          },
          { description: `the rate's CodeLens shows ${figures} as the decoration does`, timeoutMs: 15_000, intervalMs: 250 },
          () => JSON.stringify(lens),
        );
      } finally {
        await saveScreenshot(page, `${prefix}loop-5-rerun`);
      }
      const grown = (executionCounts(decoration.text)?.executions ?? 0) - startCounts.executions;
      expect(grown === 1, `expected one more execution (the re-run job's), saw ${quoted(start)} become ${quoted(decoration)}`);
      const local = start && localPattern.exec(start.text);
      if (local) {
        expect(decoration.text.includes(local[0]), `expected the local figures "${local[0]}" to stay after the re-run, saw ${quoted(decoration)}`);
      }
      return `the decoration went from ${quoted(start)} to ${quoted(decoration)}`;
    },
  };

  return [viewCheck, openTestCheck, codeLensCheck, localRunCheck, rerunCheck];
}
