// Reads `go test -json` events (test2json), as the raw command prints them and as gotestsum's `--jsonfile` keeps
// them: one JSON object a line, `{"Time":…,"Action":"pass","Package":"…","Test":"TestX","Elapsed":0.01}`. A test's
// `output` events are its messages. Results are held per package and listed when the package ends, so that a
// parent that failed only through its subtests can show the subtest's message, as the plain-text parser does.

import type { Outcome, TestOutcome } from '../model';
import { TextHead, clip } from './failureText';
import { GoTestOutput } from './goTestParser';
import { detached, markersOf, type OutcomeParser, type OutcomeParserOptions } from './outcomeParser';

const MAX_ERROR_CHARS = 500;
/** Tests with output buffers at once, per package; output of tests past this is dropped. */
const MAX_BUFFERED_TESTS = 256;
/** Packages in progress at once (go test runs a few in parallel; the events of each come in order). */
const MAX_OPEN_PACKAGES = 64;
/** Every line {@link GoTestJsonParser.line} reads holds this (JSON is never coloured inside), in every state. */
const MARKERS = markersOf('"Action":"');

interface TestEvent {
  readonly Action?: unknown;
  readonly Package?: unknown;
  readonly Test?: unknown;
  readonly Output?: unknown;
  readonly Elapsed?: unknown;
}

interface JsonResult {
  readonly id: string;
  readonly outcome: Outcome;
  readonly duration: number | undefined;
  readonly output: GoTestOutput | undefined;
}

class PackageRun {
  readonly results: JsonResult[] = [];
  readonly outputs = new Map<string, GoTestOutput>();
  /** Tests that started and have no result yet, in start order. */
  readonly running = new Set<string>();
  /** Output that belongs to no test: build errors, `FAIL pkg`, a panic outside tests. */
  readonly packageOutput = new TextHead(MAX_ERROR_CHARS);

  outputOf(test: string): GoTestOutput | undefined {
    let output = this.outputs.get(test);
    if (!output && this.outputs.size < MAX_BUFFERED_TESTS) {
      output = new GoTestOutput();
      this.outputs.set(test, output);
    }
    return output;
  }
}

export class GoTestJsonParser implements OutcomeParser {
  private readonly outcomes: TestOutcome[] = [];
  private readonly onError: ((message: string) => void) | undefined;
  private packages = new Map<string, PackageRun>();

  constructor(options: OutcomeParserOptions = {}) {
    this.onError = options.onError;
  }

  get markers(): readonly string[] {
    return MARKERS;
  }

  line(text: string): void {
    // Every event starts `{"Time":` (or `{"ImportPath":` for build output since Go 1.24); nothing else is looked at.
    if (text.charCodeAt(0) !== 123 /* { */ || text.charCodeAt(1) !== 34 /* " */ || !text.includes('"Action":"')) return;
    let event: TestEvent;
    try {
      event = JSON.parse(text) as TestEvent;
    } catch {
      return; // a line cut at the length bound, or not an event
    }
    const action = event.Action;
    const pkg = event.Package;
    if (typeof action !== 'string' || typeof pkg !== 'string' || pkg === '') return;
    const test = typeof event.Test === 'string' && event.Test !== '' ? event.Test : undefined;
    if (test === undefined) {
      this.packageEvent(pkg, action, event.Output);
      return;
    }
    const run = this.packageRun(pkg);
    if (!run) return;
    switch (action) {
      case 'run':
        run.running.add(test);
        break;
      case 'output':
        if (typeof event.Output === 'string') this.testOutput(run, test, event.Output);
        break;
      case 'pass':
      case 'fail':
      case 'skip': {
        run.running.delete(test);
        const outcome: Outcome = action === 'pass' ? 'pass' : action === 'fail' ? 'fail' : 'skip';
        const elapsed = typeof event.Elapsed === 'number' && Number.isFinite(event.Elapsed) ? event.Elapsed : undefined;
        run.results.push({ id: test, outcome, duration: elapsed, output: outcome === 'fail' ? run.outputs.get(test) : undefined });
        if (outcome !== 'fail') run.outputs.delete(test);
        break;
      }
      default:
        break;
    }
  }

  finish(): TestOutcome[] {
    // Packages whose final event never came (a log cut short): their results so far are kept, the running dropped.
    for (const [pkg, run] of this.packages) this.endPackage(pkg, run, false);
    this.packages = new Map();
    return this.outcomes.slice();
  }

  private packageRun(pkg: string): PackageRun | undefined {
    let run = this.packages.get(pkg);
    if (!run && this.packages.size < MAX_OPEN_PACKAGES) {
      run = new PackageRun();
      this.packages.set(pkg, run);
    }
    return run;
  }

  private packageEvent(pkg: string, action: string, output: unknown): void {
    if (action === 'output') {
      if (typeof output === 'string') this.packageRun(pkg)?.packageOutput.add(output.replace(/\n$/, ''));
      return;
    }
    if (action !== 'pass' && action !== 'fail' && action !== 'skip') return;
    const run = this.packages.get(pkg);
    this.packages.delete(pkg);
    if (run) this.endPackage(pkg, run, action === 'fail');
  }

  private testOutput(run: PackageRun, test: string, output: string): void {
    const line = output.endsWith('\n') ? output.slice(0, -1) : output;
    // The framing lines say what the events say already.
    if (line.startsWith('=== ') || isResultLine(line)) return;
    run.outputOf(test)?.add(dedent(line, 4 * (1 + slashes(test))));
  }

  private endPackage(name: string, run: PackageRun, failed: boolean): void {
    const pkg = detached(name);
    const results = run.results;
    if (failed) {
      // A timeout or a panic ends the binary: the tests still running are the ones it stopped.
      for (const test of run.running) results.push({ id: test, outcome: 'fail', duration: undefined, output: run.outputs.get(test) });
      if (!results.some((r) => r.outcome === 'fail')) {
        const detail = run.packageOutput.lineList().find((l) => l.trim() !== '' && !l.startsWith('FAIL')) ?? '';
        this.onError?.(detached(clip(`go: ${name} failed${detail ? `: ${detail.trim()}` : ''}`, MAX_ERROR_CHARS)));
      }
    }
    for (const result of results) {
      const id = detached(result.id);
      const { duration } = result;
      // The duration in the literal: added after it, it would take a property array of its own (40 bytes a test).
      const outcome: { -readonly [K in keyof TestOutcome]: TestOutcome[K] } =
        duration !== undefined ? { id, suite: pkg, framework: 'gotest', outcome: result.outcome, attempt: 1, duration } : { id, suite: pkg, framework: 'gotest', outcome: result.outcome, attempt: 1 };
      if (result.outcome === 'fail') {
        const source = result.output?.hasText ? result.output : firstFailedChild(results, result.id)?.output;
        const message = source?.headText();
        if (message) outcome.message = detached(message);
        if (source?.location !== undefined) outcome.failureLocation = detached(source.location);
      }
      this.outcomes.push(outcome);
    }
  }
}

function isResultLine(line: string): boolean {
  const trimmed = line.trimStart();
  return trimmed.startsWith('--- PASS: ') || trimmed.startsWith('--- FAIL: ') || trimmed.startsWith('--- SKIP: ');
}

function firstFailedChild(results: readonly JsonResult[], parent: string): JsonResult | undefined {
  const prefix = `${parent}/`;
  return results.find((r) => r.outcome === 'fail' && r.id.startsWith(prefix) && r.output?.hasText === true);
}

function slashes(name: string): number {
  let count = 0;
  for (let i = name.indexOf('/'); i !== -1; i = name.indexOf('/', i + 1)) count++;
  return count;
}

/** A test's log lines are indented by four spaces per subtest level under its framing: that indentation goes. */
function dedent(line: string, spaces: number): string {
  let i = 0;
  while (i < spaces && i < line.length && line.charCodeAt(i) === 32) i++;
  return i === 0 ? line : line.slice(i);
}
