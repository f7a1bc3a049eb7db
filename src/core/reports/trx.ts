// A streaming reader of .NET TRX reports (`dotnet test --logger trx`, Visual Studio, Azure DevOps).
//
// A TRX lists results (`<UnitTestResult testId testName outcome>`, failure text in `Output/ErrorInfo`) and, usually
// after them, the test definitions (`<UnitTest id><TestMethod className name/>`) that say each test's class. The
// results are kept (bounded) until the end and joined to their class there.
//
// Ids (framework `dotnet`): suite = the test's class, fully qualified (`DotnetTests.XUnitTests.CalculatorTests`, an
// assembly suffix `, Tests, Version=...` dropped; '' when the TRX does not say); id = the result's test name
// without the class prefix, as `dotnet test` prints it (`Passing_Test`, `Is_Even_Number(i: 2)`, a custom display
// name as written). Data-driven rows (`<InnerResults>`) are one outcome each, their parent none.

import type { TestOutcome } from '../model';
import { clip } from '../logs/failureText';
import { BoundedText, DEFAULT_MAX_CASES, MAX_NAME_CHARS, reportMessage, type ParsedReport, type ReportReader, type ReportReaderOptions } from './parsedReport';
import { XmlEventStream, type XmlHandler } from './xmlEventStream';

interface ResultState {
  readonly testId: string;
  readonly testName: string;
  readonly outcome: TestOutcome['outcome'];
  readonly duration: number | undefined;
  hasInner: boolean;
  message?: BoundedText;
  stackTrace?: BoundedText;
}

interface StoredResult {
  readonly testId: string;
  readonly testName: string;
  readonly outcome: TestOutcome['outcome'];
  readonly duration: number | undefined;
  readonly message: string | undefined;
}

export class TrxReader implements ReportReader, XmlHandler {
  private readonly xml: XmlEventStream;
  private readonly maxCases: number;
  private readonly results: StoredResult[] = [];
  private readonly classes = new Map<string, string>();
  private readonly resultStack: ResultState[] = [];
  private readonly path: string[] = [];
  private definitionId: string | undefined;
  private capturing: BoundedText | undefined;
  private sawRoot = false;

  constructor(options: ReportReaderOptions = {}) {
    this.xml = new XmlEventStream(this, 'The TRX report');
    this.maxCases = options.maxCases ?? DEFAULT_MAX_CASES;
  }

  push(chunk: Uint8Array | string): void {
    this.xml.push(chunk);
  }

  end(): ParsedReport {
    const { complete } = this.xml.end();
    const outcomes: TestOutcome[] = this.results.map((r) => {
      const suite = this.classes.get(r.testId) ?? '';
      const id = suite && r.testName.startsWith(`${suite}.`) ? r.testName.slice(suite.length + 1) : r.testName;
      return {
        id: clip(id, MAX_NAME_CHARS),
        suite: clip(suite, MAX_NAME_CHARS),
        framework: 'dotnet',
        outcome: r.outcome,
        attempt: 1,
        ...(r.outcome === 'fail' && r.message ? { message: r.message } : {}),
        ...(r.duration !== undefined ? { duration: r.duration } : {}),
      };
    });
    return { format: 'trx', dialect: 'trx', framework: 'dotnet', outcomes, errors: [...this.xml.errors], complete: complete && this.sawRoot };
  }

  open(rawName: string, attributes: Readonly<Record<string, string>>): void {
    const name = localName(rawName);
    this.path.push(name);
    if (this.path.length === 1) {
      if (name !== 'testrun') {
        this.xml.stop(`The file is XML but not a TRX report: its root element is <${rawName}>.`);
        return;
      }
      this.sawRoot = true;
    }
    switch (name) {
      case 'unittestresult': {
        const parent = this.resultStack[this.resultStack.length - 1];
        if (parent) parent.hasInner = true;
        this.resultStack.push({
          testId: attributes.testId ?? '',
          testName: attributes.testName ?? '',
          outcome: outcomeOf(attributes.outcome ?? ''),
          duration: durationOf(attributes.duration),
          hasInner: false,
        });
        break;
      }
      case 'message':
      case 'stacktrace': {
        const result = this.resultStack[this.resultStack.length - 1];
        if (result && this.parentIs('errorinfo')) {
          this.capturing = new BoundedText();
          if (name === 'message') result.message ??= this.capturing;
          else result.stackTrace ??= this.capturing;
        }
        break;
      }
      case 'unittest':
        this.definitionId = attributes.id;
        break;
      case 'testmethod':
        if (this.definitionId !== undefined && attributes.className) this.classes.set(this.definitionId, className(attributes.className));
        break;
      default:
        break;
    }
  }

  close(rawName: string): void {
    const name = localName(rawName);
    this.path.pop();
    switch (name) {
      case 'unittestresult': {
        const result = this.resultStack.pop();
        if (result && !result.hasInner) this.store(result);
        break;
      }
      case 'message':
      case 'stacktrace':
        this.capturing = undefined;
        break;
      case 'unittest':
        this.definitionId = undefined;
        break;
      default:
        break;
    }
  }

  text(text: string): void {
    this.capturing?.add(text);
  }

  private parentIs(name: string): boolean {
    return this.path[this.path.length - 2] === name;
  }

  private store(result: ResultState): void {
    if (this.results.length >= this.maxCases) {
      this.xml.stop(`The TRX report has more than ${this.maxCases} test results: the rest was not read.`);
      return;
    }
    const body = [result.message?.value() ?? '', result.stackTrace?.value() ?? ''].filter((t) => t.trim() !== '').join('\n');
    const truncated = (result.message?.truncated ?? false) || (result.stackTrace?.truncated ?? false);
    this.results.push({
      testId: result.testId,
      testName: clip(result.testName, MAX_NAME_CHARS),
      outcome: result.outcome,
      duration: result.duration,
      message: result.outcome === 'fail' ? reportMessage(undefined, body, truncated) : undefined,
    });
  }
}

/** TRX outcomes (the VSTest `TestOutcome` names) to ours. */
function outcomeOf(outcome: string): TestOutcome['outcome'] {
  switch (outcome.toLowerCase()) {
    case 'passed':
    case 'passedbutrunaborted':
    case 'completed':
    case 'warning':
      return 'pass';
    case 'failed':
    case 'error':
    case 'timeout':
    case 'aborted':
    case 'disconnected':
      return 'fail';
    default:
      // NotExecuted, Inconclusive, NotRunnable, Pending, InProgress
      return 'skip';
  }
}

/** `00:00:01.2345678` (or `1.02:03:04.5`) in seconds. */
function durationOf(value: string | undefined): number | undefined {
  const match = /^(?:(\d+)\.)?(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(value ?? '');
  if (!match) return undefined;
  const [, days = '0', hours = '0', minutes = '0', seconds = '0'] = match;
  return Number(days) * 86400 + Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds);
}

/** `Namespace.Class, Assembly, Version=1.0.0.0` → `Namespace.Class`. */
function className(value: string): string {
  const comma = value.indexOf(',');
  return (comma === -1 ? value : value.slice(0, comma)).trim();
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return (colon === -1 ? name : name.slice(colon + 1)).toLowerCase();
}

/** Reads a whole TRX document at once. */
export function parseTrx(content: Uint8Array | string, options: ReportReaderOptions = {}): ParsedReport {
  const reader = new TrxReader(options);
  reader.push(content);
  return reader.end();
}
