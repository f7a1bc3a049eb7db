// What a person sees: drives VS Code's web workbench with playwright-core and checks that Flakelens shows its
// decorations, hover and Problems entries on the sample workspace. The steps are exported one by one so that the
// packaged-extension check (and later suites) reuse them; `uiChecks` lists the checks the UI stage runs.
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { projectRoot } from '../offlineTools';
import { waitFor } from '../waitFor';

export const screenshotDir = path.join(projectRoot, 'test-results', 'screenshots');

/** The editor of the active editor group (where a file opened with Ctrl+P shows). */
export const activeEditor = '.editor-group-container.active .editor-instance .monaco-editor';

export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Waits until the workbench is drawn and the explorer shows the workspace's files. */
export async function waitForWorkbench(page: Page, timeoutMs = 60_000): Promise<void> {
  await page.waitForSelector('.monaco-workbench', { timeout: timeoutMs });
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: timeoutMs });
}

async function quickInputRows(page: Page): Promise<string[]> {
  return page.$$eval('.quick-input-widget .quick-input-list .monaco-list-row', (rows) =>
    rows.map((row) => (row as HTMLElement).innerText.replace(/\s+/g, ' ').trim()),
  );
}

/** Opens a workspace file as a person does: Ctrl+P, its path, Enter; waits until its editor shows its text. */
export async function openFile(page: Page, relativePath: string, timeoutMs = 30_000): Promise<void> {
  const baseName = path.posix.basename(relativePath);
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget .quick-input-box input', { state: 'visible', timeout: timeoutMs });
  await page.keyboard.type(relativePath);
  // Enter only once the file is listed: before the search answers, Enter would open nothing.
  await waitFor(
    async () => (await quickInputRows(page)).some((row) => row.includes(baseName)),
    { description: `quick open lists ${relativePath}`, timeoutMs },
  );
  await page.keyboard.press('Enter');
  let seen = '';
  await waitFor(
    async () => {
      const state = await page.evaluate(
        ({ editor, name }) => {
          const tab = document.querySelector('.editor-group-container.active .tab.active');
          const lines = document.querySelector(`${editor} .view-lines`);
          const quickOpen = document.querySelector<HTMLElement>('.quick-input-widget');
          return {
            open: Boolean(tab?.getAttribute('aria-label')?.includes(name) && lines && lines.textContent!.trim().length > 0),
            tab: tab?.getAttribute('aria-label') ?? '(no active tab)',
            quickOpen: Boolean(quickOpen && quickOpen.offsetParent !== null && getComputedStyle(quickOpen).display !== 'none'),
          };
        },
        { editor: activeEditor, name: baseName },
      );
      if (state.open) return true;
      // The list can be drawn again under the Enter (the search answers once more), which then opens nothing: while
      // quick open is still up, the file's row is chosen again.
      const rows = state.quickOpen ? await quickInputRows(page) : [];
      seen = `active tab: ${state.tab}; quick open ${state.quickOpen ? `up, rows: ${rows.join(' | ') || 'none'}` : 'closed'}`;
      const index = rows.findIndex((row) => row.includes(baseName));
      if (index >= 0) {
        await page
          .locator('.quick-input-widget .quick-input-list .monaco-list-row')
          .nth(index)
          .click({ timeout: 2_000 })
          .catch(() => undefined);
      }
      return false;
    },
    { description: `the editor of ${relativePath} is open and shows its text`, timeoutMs, intervalMs: 250 },
    () => seen,
  );
}

/** An `after` decoration (inline text after a line) as shown in the active editor. */
export interface AfterDecoration {
  /** The text of the line it is on, trimmed. */
  readonly line: string;
  /** The decoration's text, as CSS shows it. */
  readonly text: string;
}

/**
 * The after-decorations of the active editor's visible lines. Their text lives only in CSS: the decorated line
 * holds an empty `<span class="ced-…">` whose `::after` content is the text, in quotes.
 */
export async function afterDecorations(page: Page): Promise<AfterDecoration[]> {
  return page.evaluate((editor) => {
    const found: { line: string; text: string; top: number }[] = [];
    for (const line of document.querySelectorAll<HTMLElement>(`${editor} .view-lines .view-line`)) {
      for (const span of line.querySelectorAll<HTMLElement>('span[class*="ced-"]')) {
        const content = getComputedStyle(span, '::after').content;
        if (!content || content === 'none' || content === 'normal') continue;
        let text = content;
        try {
          text = JSON.parse(content) as string;
        } catch {
          // Not a plain quoted string (for example a counter()): keep the CSS text.
        }
        found.push({ line: (line.textContent ?? '').trim(), text, top: parseFloat(line.style.top) || 0 });
      }
    }
    return found.sort((a, b) => a.top - b.top).map(({ line, text }) => ({ line, text }));
  }, activeEditor);
}

function describeDecorations(decorations: readonly AfterDecoration[]): string {
  if (decorations.length === 0) return 'no after-decoration on the visible lines';
  return decorations.map((d) => `"${d.text}" on \`${d.line}\``).join('; ');
}

/** Waits until an after-decoration of the active editor satisfies `accept`, and returns it. */
export async function waitForAfterDecoration(
  page: Page,
  accept: (decoration: AfterDecoration) => boolean,
  description: string,
  timeoutMs = 60_000,
): Promise<AfterDecoration> {
  let last: AfterDecoration[] = [];
  return waitFor(
    async () => {
      last = await afterDecorations(page);
      return last.find(accept);
    },
    { description, timeoutMs, intervalMs: 250 },
    () => describeDecorations(last),
  );
}

/** The centre of the first occurrence of `word` in the active editor's visible text, found with a DOM Range. */
async function wordCentre(page: Page, word: string): Promise<{ x: number; y: number } | undefined> {
  return page.evaluate(
    ({ editor, word }) => {
      const lines = document.querySelector(`${editor} .view-lines`);
      if (!lines) return undefined;
      const walker = document.createTreeWalker(lines, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const index = node.textContent?.indexOf(word) ?? -1;
        if (index < 0) continue;
        const range = document.createRange();
        range.setStart(node, index);
        range.setEnd(node, index + word.length);
        const box = range.getBoundingClientRect();
        return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
      }
      return undefined;
    },
    { editor: activeEditor, word },
  );
}

async function visibleHoverText(page: Page): Promise<string> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.monaco-hover:not(.hidden) .hover-contents')]
      .map((element) => element.innerText.trim())
      .filter((text) => text.length > 0)
      .join('\n---\n'),
  );
}

/**
 * Moves the mouse onto `word` in the active editor (in steps, as a hand does) and waits until the hover's text
 * satisfies `accept`; returns that text. The mouse is moved again on each try, in case a hover was dismissed.
 */
export async function hoverWord(
  page: Page,
  word: string,
  accept: (text: string) => boolean = (text) => text.length > 0 && !/^Loading\b/.test(text),
  timeoutMs = 30_000,
): Promise<string> {
  let last = '';
  let moves = 0;
  return waitFor(
    async () => {
      const centre = await wordCentre(page, word);
      if (!centre) {
        last = `"${word}" is not on the visible lines`;
        return undefined;
      }
      last = await visibleHoverText(page);
      if (accept(last)) return last;
      if (last.length === 0 && moves++ % 10 === 0) {
        // From a little away, so that the editor sees the mouse arrive on the word.
        await page.mouse.move(centre.x - 40, centre.y + 30);
        await page.mouse.move(centre.x, centre.y, { steps: 8 });
      }
      return undefined;
    },
    { description: `the hover over ${word} shows what is expected`, timeoutMs, intervalMs: 200 },
    () => (last ? JSON.stringify(last) : 'no hover'),
  );
}

/** Runs a command from the command palette: F1, the text typed, Enter on the first matching entry. */
export async function runCommand(page: Page, text: string, timeoutMs = 20_000): Promise<void> {
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget .quick-input-box input', { state: 'visible', timeout: timeoutMs });
  await page.keyboard.type(text);
  await waitFor(async () => (await quickInputRows(page)).length > 0, { description: `the palette lists "${text}"`, timeoutMs });
  await page.keyboard.press('Enter');
}

/** The rows of the Problems panel: file rows and their problems, as their text reads. */
export async function problemsRows(page: Page): Promise<string[]> {
  return page.$$eval('.markers-panel .monaco-list-row', (rows) =>
    rows.map((row) => (row as HTMLElement).innerText.replace(/\s+/g, ' ').trim()),
  );
}

/** Opens the Problems panel (command `workbench.actions.view.problems`) and waits for rows that satisfy `accept`. */
export async function openProblems(
  page: Page,
  accept: (rows: readonly string[]) => boolean,
  timeoutMs = 30_000,
): Promise<string[]> {
  await runCommand(page, 'workbench.actions.view.problems');
  await page.waitForSelector('.markers-panel', { state: 'visible', timeout: timeoutMs });
  let last: string[] = [];
  return waitFor(
    async () => {
      last = await problemsRows(page);
      return accept(last) ? last : undefined;
    },
    { description: 'the Problems panel lists the expected entries', timeoutMs, intervalMs: 250 },
    () => (last.length ? last.join(' | ') : 'no rows'),
  );
}

export function expect(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

// ---- The checks of the UI stage, each named as the sentence it verifies ----

export interface UiCheck {
  readonly name: string;
  /** Resolves with a note worth printing under the check's line (what it saw), if any. */
  run(page: Page, screenshotPrefix: string): Promise<string | void>;
}

export const sampleFiles = {
  rustTls: 'tests/all/tls.rs',
  rustFlakyTest: 'tls_sample_application',
  goPoll: 'sysfs/poll_test.go',
} as const;

export const tlsDecorationCheck: UiCheck = {
  name: `${sampleFiles.rustTls} shows a "flaky" decoration`,
  async run(page, prefix) {
    await openFile(page, sampleFiles.rustTls);
    try {
      // The first check waits the longest: it includes the extension's activation and first sync.
      await waitForAfterDecoration(page, (d) => d.text.includes('flaky'), `a decoration of ${sampleFiles.rustTls} says "flaky"`, 60_000);
    } finally {
      await saveScreenshot(page, `${prefix}tls-decoration`);
    }
  },
};

export const tlsHoverCheck: UiCheck = {
  name: `hovering ${sampleFiles.rustFlakyTest} shows its flake rate and its network cause`,
  async run(page, prefix) {
    await openFile(page, sampleFiles.rustTls);
    const showsRate = (text: string) => /\d\s*%/.test(text);
    const namesNetwork = (text: string) => /example\.com|network/i.test(text);
    let text: string;
    try {
      // Waits for the hover that has both; on a timeout, the error quotes the last hover seen.
      text = await hoverWord(page, sampleFiles.rustFlakyTest, (t) => showsRate(t) && namesNetwork(t));
    } finally {
      await saveScreenshot(page, `${prefix}tls-hover`);
    }
    expect(showsRate(text), `the hover shows no flake rate: ${JSON.stringify(text)}`);
    expect(namesNetwork(text), `the hover names no network cause: ${JSON.stringify(text)}`);
    await page.keyboard.press('Escape');
  },
};

export const pollDecorationCheck: UiCheck = {
  name: `${sampleFiles.goPoll} shows a decoration that names windows`,
  async run(page, prefix) {
    await openFile(page, sampleFiles.goPoll);
    try {
      // Shorter than the first check's wait: the sync is done by now, only this file's decorations are awaited.
      await waitForAfterDecoration(page, (d) => /windows/i.test(d.text), `a decoration of ${sampleFiles.goPoll} names windows`, 30_000);
    } finally {
      await saveScreenshot(page, `${prefix}poll-decoration`);
    }
  },
};

export const problemsCheck: UiCheck = {
  name: 'the Problems panel lists Flakelens entries',
  async run(page, prefix) {
    try {
      await openProblems(page, (rows) => rows.some((row) => /flakelens|flaky/i.test(row)));
    } finally {
      await saveScreenshot(page, `${prefix}problems`);
    }
  },
};

export const uiChecks: readonly UiCheck[] = [tlsDecorationCheck, tlsHoverCheck, pollDecorationCheck, problemsCheck];

export interface CheckResult {
  readonly name: string;
  readonly error?: Error;
  readonly ms: number;
}

/** Runs the checks one after another (a failed one does not stop the next) and reports each as it ends. */
export async function runUiChecks(
  page: Page,
  checks: readonly UiCheck[],
  screenshotPrefix: string,
  report: (line: string) => void = console.log,
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of checks) {
    const start = Date.now();
    try {
      const note = await check.run(page, screenshotPrefix);
      results.push({ name: check.name, ms: Date.now() - start });
      report(`  ✔ ${check.name} (${((Date.now() - start) / 1000).toFixed(1)} s)${note ? `\n${indent(note)}` : ''}`);
    } catch (error) {
      const err = error instanceof Error ? error : new Error(String(error));
      results.push({ name: check.name, error: err, ms: Date.now() - start });
      report(`  ✖ ${check.name}\n${indent(err.message)}`);
      await page.keyboard.press('Escape').catch(() => undefined);
    }
  }
  return results;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `      ${line}`)
    .join('\n');
}
