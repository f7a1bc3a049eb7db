// Reads Playwright Test's `list` and `line` reporters: `  ✓  1 [chromium] › tests/a.spec.ts:3:5 › suite › title
// (1.2s)` per attempt (list; `(retry #1)` on retries), `[3/9] (retries) [chromium] › ...` per started attempt (line),
// the numbered failure blocks (`  1) [chromium] › ... ───`, with `Retry #1 ───` between attempts), and the summary
// (`  1 failed`, `  1 flaky` with their tests listed under them, `  4 passed (6.8s)`). A test that failed and then
// passed on a retry is flaky. The id is the title path joined by ` › ` (model.ts: no project, no `file:line`), the
// suite the spec file; the project only keeps one browser's retries apart from another's while reading.

import type { Outcome, TestOutcome } from '../model';
import { JsFailureMessage } from './jsFailureText';
import { detached, markersOf, type OutcomeParser } from './outcomeParser';
import { RunOutcomes, type PendingOutcome } from './runOutcomes';

const SEPARATOR = ' › ';
/** Tests started (line reporter) remembered until the summary says which of them passed. */
const MAX_STARTED = 100_000;
const LIST_LINE = /^ {2}(✓|✘|×|-|ok|x) +(?:\d+ )?(.+)$/;
const LINE_START = /^\[\d+\/\d+\] (?:\(retries\) )?(.+)$/;
const SUMMARY = /^ {2}(\d+) (failed|flaky|skipped|passed|interrupted|did not run)\b/;

/** Outside a run, only its start matters: `Running 9 tests using 2 workers`. */
const IDLE_MARKERS = markersOf('using ');
/**
 * In a run: a new run, every line naming a test (`[chromium] › a.spec.ts:3:5 › title`: results, started attempts,
 * the summary's lists), a failure block's number (`  1) `) and the summary's counts (`  2 skipped`, `  1 interrupted`,
 * `  3 did not run`: the words cut to 6 characters, which V8 finds fastest).
 */
const RUN_MARKERS = markersOf('using ', '›', ') ', 'failed', 'flaky', 'kipped', 'passed', 'interr', 'did no');
/** In a failure block whose message, full, has no location yet: stack frames too. */
const BLOCK_FRAME_MARKERS = markersOf('using ', '›', ') ', 'failed', 'flaky', 'kipped', 'passed', 'interr', 'did no', 'at ', '❯', 'Retry #');

interface Title {
  readonly id: string;
  readonly file: string;
  /** 0 for the first attempt, N for `(retry #N)`. */
  readonly retry: number;
}

interface FailureBlock {
  readonly title: Title;
  readonly message: JsFailureMessage;
  /** Past `Retry #1 ───`: the first attempt's error is the message. */
  firstAttemptDone: boolean;
}

export class PlaywrightParser implements OutcomeParser {
  private readonly outcomes = new RunOutcomes('playwright');
  private inRun = false;
  private block: FailureBlock | undefined;
  /** The summary's list being read: `failed` or `flaky`. */
  private summaryList: 'failed' | 'flaky' | undefined;
  private skippedCount = 0;
  /** Line reporter: attempts started, by test, with the highest retry seen. */
  private started = new Map<string, Title>();
  /** List reporter: results were printed per attempt. */
  private listLines = false;

  /** In a failure block, every line matters until its first attempt's message is full. */
  get markers(): readonly string[] | undefined {
    if (!this.inRun) return IDLE_MARKERS;
    const block = this.block;
    if (!block || block.firstAttemptDone) return RUN_MARKERS;
    if (!block.message.full) return undefined;
    return block.message.location === undefined ? BLOCK_FRAME_MARKERS : RUN_MARKERS;
  }

  line(text: string): void {
    const c = text.charCodeAt(0);
    if (c === 82 /* R */ && text.startsWith('Running ') && / tests? using \d+ workers?/.test(text)) {
      this.endRun();
      this.inRun = true;
      return;
    }
    if (!this.inRun) return;
    if (c === 91 /* [ */) {
      const start = LINE_START.exec(text);
      if (start?.[1]) this.startedLine(start[1]);
      return;
    }
    if (c !== 32 || text.charCodeAt(1) !== 32) {
      if (text !== '' && this.block && !this.block.firstAttemptDone) this.block.message.add(text);
      return;
    }
    const c2 = text.charCodeAt(2);
    if (c2 >= 48 && c2 <= 57 /* 0-9 */) {
      const numbered = /^ {2}\d+\) (.+)$/.exec(text);
      if (numbered?.[1]) {
        this.startBlock(numbered[1]);
        return;
      }
      const summary = SUMMARY.exec(text);
      if (summary?.[1] && summary[2]) {
        this.summaryLine(summary[2], Number(summary[1]));
        return;
      }
    }
    if (this.summaryList && text.startsWith('    ')) {
      const title = parseTitle(text.trim());
      if (title) this.listed(title, this.summaryList);
      return;
    }
    if (this.block) {
      const line = text.startsWith('    ') ? text.slice(4) : text.trimStart();
      if (line.startsWith('Retry #') && line.endsWith('─')) this.block.firstAttemptDone = true;
      else if (!this.block.firstAttemptDone) this.block.message.add(line);
      return;
    }
    const listed = LIST_LINE.exec(text);
    if (listed?.[1] && listed[2]) this.listLine(listed[1], listed[2]);
  }

  startStep(): void {
    this.endRun();
  }

  finish(): TestOutcome[] {
    this.endRun();
    // The project was part of the key while reading: `[chromium] › Checkout › pays` → `Checkout › pays`.
    return this.outcomes.list().map((o) => (o.id.startsWith('[') ? { ...o, id: withoutProject(o.id) } : o));
  }

  private listLine(marker: string, rest: string): void {
    const title = parseTitle(rest);
    if (!title) return;
    this.listLines = true;
    const outcome: Outcome = marker === '✓' || marker === 'ok' ? 'pass' : marker === '-' ? 'skip' : 'fail';
    if (title.retry > 0) this.outcomes.attempt(title.id, title.file, outcome, title.retry + 1);
    else this.outcomes.add(title.id, title.file, outcome);
  }

  private startedLine(rest: string): void {
    const title = parseTitle(rest);
    if (!title) return;
    const key = `${title.file}\u001f${title.id}`;
    const known = this.started.get(key);
    if (!known && this.started.size >= MAX_STARTED) return;
    if (!known || title.retry > known.retry) this.started.set(key, title);
  }

  private startBlock(rest: string): void {
    this.endBlock();
    this.summaryList = undefined;
    const title = parseTitle(rest.replace(/ ─+$/, '').trim());
    if (title) this.block = { title, message: new JsFailureMessage(), firstAttemptDone: false };
  }

  private endBlock(): void {
    const block = this.block;
    if (!block) return;
    this.block = undefined;
    const result = this.outcomes.find(block.title.id, block.title.file) ?? this.outcomes.add(block.title.id, block.title.file, 'fail');
    if (result.message !== undefined) return;
    const message = block.message.text();
    if (message !== '') result.message = detached(message);
    if (block.message.location !== undefined) result.failureLocation = detached(block.message.location);
  }

  private summaryLine(kind: string, count: number): void {
    this.endBlock();
    this.summaryList = kind === 'failed' || kind === 'flaky' ? kind : undefined;
    if (kind === 'skipped') this.skippedCount = count;
    if (kind === 'passed') this.endRun();
  }

  /** A test under `1 failed` or `1 flaky` in the summary. */
  private listed(title: Title, kind: 'failed' | 'flaky'): void {
    const key = `${title.file}\u001f${title.id}`;
    const started = this.started.get(key);
    const attempts = (started?.retry ?? 0) + 1;
    const result: PendingOutcome | undefined = this.outcomes.find(title.id, title.file);
    if (!result) {
      this.outcomes.add(title.id, title.file, kind === 'flaky' ? 'flaky' : 'fail', kind === 'flaky' ? Math.max(2, attempts) : attempts);
      return;
    }
    result.attempt = Math.max(result.attempt, attempts);
    if (kind === 'flaky' && result.outcome !== 'flaky') {
      result.outcome = 'flaky';
      result.attempt = Math.max(2, result.attempt);
    }
  }

  private endRun(): void {
    this.endBlock();
    if (this.inRun && !this.listLines && this.skippedCount === 0) {
      // Line reporter: tests that started and are neither failed nor flaky passed (when nothing was skipped).
      for (const title of this.started.values()) {
        if (!this.outcomes.find(title.id, title.file)) this.outcomes.add(title.id, title.file, 'pass');
      }
    }
    this.inRun = false;
    this.summaryList = undefined;
    this.skippedCount = 0;
    this.started = new Map();
    this.listLines = false;
    this.outcomes.forgetRetries();
  }
}

function withoutProject(id: string): string {
  const end = id.indexOf(`]${SEPARATOR}`);
  return end === -1 ? id : id.slice(end + 1 + SEPARATOR.length);
}

/** `[chromium] › tests/a.spec.ts:3:5 › suite › title (retry #1) (1.2s)`. */
function parseTitle(text: string): Title | undefined {
  let rest = text.replace(/ ─+$/, '').trim().replace(/ \((?:\d+(?:\.\d+)?(?:ms|s|m)|\d+m \d+s)\)$/, '');
  let retry = 0;
  const retryMatch = / \(retry #(\d+)\)$/.exec(rest);
  if (retryMatch?.[1]) {
    retry = Number(retryMatch[1]);
    rest = rest.slice(0, retryMatch.index);
  }
  const parts = rest.split(SEPARATOR);
  let project: string | undefined;
  if (parts[0]?.startsWith('[') && parts[0].endsWith(']')) project = parts.shift();
  const location = parts.shift();
  if (location === undefined || parts.length === 0) return undefined;
  const file = location.replace(/:\d+:\d+$/, '');
  if (file === location || file === '') return undefined;
  if (project !== undefined) parts.unshift(project);
  return { id: parts.join(SEPARATOR), file, retry };
}
