// A streaming reader of JUnit XML reports: `<testsuites>/<testsuite>/<testcase>` with `<failure>`, `<error>`,
// `<skipped>` and the retry elements, in every dialect (junitDialects.ts tells them apart and gives the ids).
//
// Memory is bounded by the number of test cases, not by the file: `<system-out>`/`<system-err>` are never kept,
// failure texts keep a bounded head, and names are clipped. A document that breaks off or has XML errors keeps
// what was read before the problem, and says what the problem was.

import { clip } from '../logs/failureText';
import { emptySigns, frameworkOf, isJvmProperty, noteCase, resolveDialect, toOutcomes, type DialectSigns, type RawCase } from './junitDialects';
import {
  BoundedText,
  DEFAULT_MAX_CASES,
  MAX_NAME_CHARS,
  reportMessage,
  secondsOf,
  type ParsedReport,
  type ReportReader,
  type ReportReaderOptions,
} from './parsedReport';
import { XmlEventStream, type XmlHandler } from './xmlEventStream';

interface SuiteFrame {
  readonly name: string;
  readonly file: string;
  readonly hostname: string;
}

type ResultElement = 'failure' | 'skipped' | 'flaky' | 'rerun';

interface CaseState {
  readonly classname: string;
  readonly name: string;
  readonly file: string;
  readonly phpClass: string;
  readonly duration: number | undefined;
  failed: boolean;
  skipped: boolean;
  /** gtest's `status="notrun"` / `result="skipped"`. */
  skippedByAttribute: boolean;
  flakyAttempts: number;
  reruns: number;
  failureMessage?: string;
  flakyMessage?: string;
}

interface Capture {
  readonly kind: ResultElement;
  readonly attribute: string | undefined;
  readonly text: BoundedText;
  /** Output nested in the element (nextest's `<system-err>` holds the panic): the message when there is no other. */
  readonly stderr: BoundedText;
  readonly stdout: BoundedText;
  /** The output element the text is in, if any. */
  stream: 'stderr' | 'stdout' | undefined;
  /** Depth of the capturing element's own children (Surefire's `<stackTrace>` inside `<flakyFailure>`). */
  depth: number;
}

/** Children of a result element whose text is output, not the failure. */
const OUTPUT_ELEMENTS = new Set(['system-out', 'system-err', 'properties', 'property']);

export class JUnitXmlReader implements ReportReader, XmlHandler {
  private readonly xml: XmlEventStream;
  private readonly maxCases: number;
  private readonly suites: SuiteFrame[] = [];
  private readonly cases: RawCase[] = [];
  private readonly signs: DialectSigns = emptySigns();
  private depth = 0;
  private current: CaseState | undefined;
  private capture: Capture | undefined;
  /** Depth inside an element whose text is skipped (`<system-out>` within a result element). */
  private ignoredDepth = 0;
  private sawJUnitRoot = false;

  constructor(options: ReportReaderOptions = {}) {
    this.xml = new XmlEventStream(this, 'The JUnit XML report');
    this.maxCases = options.maxCases ?? DEFAULT_MAX_CASES;
  }

  push(chunk: Uint8Array | string): void {
    this.xml.push(chunk);
  }

  end(): ParsedReport {
    const { complete } = this.xml.end();
    const errors = [...this.xml.errors];
    if (!this.sawJUnitRoot && errors.length === 0) errors.push('The file is XML but not a JUnit report: its root element is not <testsuites> or <testsuite>.');
    const dialect = resolveDialect(this.signs);
    const read = toOutcomes(dialect, this.cases);
    errors.push(...read.errors);
    return { format: 'junit', dialect, framework: frameworkOf(dialect), outcomes: read.outcomes, errors, complete: complete && this.sawJUnitRoot };
  }

  open(rawName: string, attributes: Readonly<Record<string, string>>): void {
    this.depth++;
    const name = localName(rawName);
    if (this.depth === 1) {
      if (name !== 'testsuites' && name !== 'testsuite') {
        this.xml.stop(`The file is XML but not a JUnit report: its root element is <${rawName}>.`);
        return;
      }
      this.sawJUnitRoot = true;
      if (name === 'testsuites') {
        this.signs.rootName = attributes.name ?? '';
        this.signs.rootHasId = attributes.id !== undefined;
      }
    }
    const current = this.current;
    if (current) {
      this.openInCase(current, name, attributes);
      return;
    }
    switch (name) {
      case 'testsuite':
        this.openSuite(attributes);
        break;
      case 'testcase':
        this.openCase(attributes);
        break;
      case 'property':
        this.noteProperty(attributes.name ?? '');
        break;
      default:
        break;
    }
  }

  close(rawName: string): void {
    this.depth--;
    const name = localName(rawName);
    const current = this.current;
    if (current) {
      if (name === 'testcase' && this.capture === undefined && this.ignoredDepth === 0) {
        this.closeCase(current);
        return;
      }
      this.closeInCase(current, name);
      return;
    }
    if (name === 'testsuite') this.suites.pop();
  }

  text(text: string): void {
    const capture = this.capture;
    if (!capture) return;
    if (this.ignoredDepth === 0) capture.text.add(text);
    else if (capture.stream === 'stderr') capture.stderr.add(text);
    else if (capture.stream === 'stdout') capture.stdout.add(text);
  }

  private openSuite(attributes: Readonly<Record<string, string>>): void {
    const parent = this.suites[this.suites.length - 1];
    const name = attributes.name ?? '';
    this.suites.push({
      name: clip(name, MAX_NAME_CHARS),
      file: clip(attributes.file ?? attributes.filepath ?? parent?.file ?? '', MAX_NAME_CHARS),
      hostname: attributes.hostname ?? '',
    });
    this.signs.suites++;
    if (attributes.hostname !== undefined && attributes.hostname !== '') this.signs.suitesWithHostname++;
    if (name === 'pytest') this.signs.pytestSuiteName = true;
    const schema = attributes['xsi:noNamespaceSchemaLocation'] ?? '';
    if (/surefire|failsafe/i.test(schema)) this.signs.jvmProperty = true;
  }

  private noteProperty(name: string): void {
    if (name === 'go.version') this.signs.goProperty = true;
    else if (isJvmProperty(name)) this.signs.jvmProperty = true;
  }

  private openCase(attributes: Readonly<Record<string, string>>): void {
    if (this.cases.length >= this.maxCases) {
      this.xml.stop(`The JUnit XML report has more than ${this.maxCases} test cases: the rest was not read.`);
      return;
    }
    const suite = this.suites[this.suites.length - 1];
    const status = (attributes.status ?? '').toLowerCase();
    const result = (attributes.result ?? '').toLowerCase();
    this.current = {
      classname: clip(attributes.classname ?? attributes.class ?? '', MAX_NAME_CHARS),
      name: clip(attributes.name ?? '', MAX_NAME_CHARS),
      file: clip(attributes.file ?? attributes.filepath ?? suite?.file ?? '', MAX_NAME_CHARS),
      phpClass: attributes.class !== undefined && attributes.classname !== undefined ? clip(attributes.class, MAX_NAME_CHARS) : '',
      duration: secondsOf(attributes.time),
      failed: false,
      skipped: false,
      skippedByAttribute: status === 'notrun' || status === 'disabled' || result === 'skipped' || result === 'suppressed',
      flakyAttempts: 0,
      reruns: 0,
    };
  }

  private openInCase(current: CaseState, name: string, attributes: Readonly<Record<string, string>>): void {
    if (this.capture) {
      this.capture.depth++;
      if (OUTPUT_ELEMENTS.has(name)) {
        this.ignoredDepth++;
        if (this.ignoredDepth === 1) this.capture.stream = name === 'system-err' ? 'stderr' : name === 'system-out' ? 'stdout' : undefined;
      }
      return;
    }
    if (this.ignoredDepth > 0 || OUTPUT_ELEMENTS.has(name)) {
      this.ignoredDepth++;
      return;
    }
    const kind = resultKind(name);
    if (!kind) {
      this.ignoredDepth++;
      return;
    }
    switch (kind) {
      case 'failure':
        current.failed = true;
        break;
      case 'skipped':
        current.skipped = true;
        if ((attributes.type ?? '').startsWith('pytest.')) this.signs.pytestSkipType = true;
        break;
      case 'flaky':
        current.flakyAttempts++;
        break;
      case 'rerun':
        current.reruns++;
        break;
    }
    const wantsText = (kind === 'failure' && current.failureMessage === undefined) || (kind === 'flaky' && current.flakyMessage === undefined);
    // A capture is opened for every result element so that its close is recognised; only some keep text.
    this.capture = {
      kind,
      attribute: wantsText ? attributes.message : undefined,
      text: new BoundedText(wantsText ? undefined : 0),
      stderr: new BoundedText(wantsText ? undefined : 0),
      stdout: new BoundedText(wantsText ? undefined : 0),
      stream: undefined,
      depth: 0,
    };
  }

  private closeInCase(current: CaseState, name: string): void {
    const capture = this.capture;
    if (capture) {
      if (capture.depth > 0) {
        capture.depth--;
        if (OUTPUT_ELEMENTS.has(name) && this.ignoredDepth > 0) {
          this.ignoredDepth--;
          if (this.ignoredDepth === 0) capture.stream = undefined;
        }
        return;
      }
      this.capture = undefined;
      const message =
        reportMessage(capture.attribute, capture.text.value(), capture.text.truncated) ??
        reportMessage(undefined, capture.stderr.value(), capture.stderr.truncated) ??
        reportMessage(undefined, capture.stdout.value(), capture.stdout.truncated);
      if (capture.kind === 'failure' && current.failureMessage === undefined) current.failureMessage = message ?? '';
      if (capture.kind === 'flaky' && current.flakyMessage === undefined) current.flakyMessage = message ?? '';
      return;
    }
    if (this.ignoredDepth > 0) this.ignoredDepth--;
  }

  private closeCase(current: CaseState): void {
    this.current = undefined;
    const suite = this.suites[this.suites.length - 1];
    const result: RawCase['result'] = current.failed ? 'fail' : current.skipped || current.skippedByAttribute ? 'skip' : 'pass';
    const message = result === 'fail' ? current.failureMessage : current.flakyAttempts > 0 ? current.flakyMessage : undefined;
    const raw: RawCase = {
      classname: current.classname,
      name: current.name,
      file: current.file,
      phpClass: current.phpClass,
      suiteName: suite?.name ?? '',
      suiteHostname: suite?.hostname ?? '',
      result,
      flakyAttempts: current.flakyAttempts,
      reruns: current.reruns,
      ...(message ? { message } : {}),
      ...(current.duration !== undefined ? { duration: current.duration } : {}),
    };
    noteCase(this.signs, raw);
    this.cases.push(raw);
  }
}

function resultKind(name: string): ResultElement | undefined {
  switch (name) {
    case 'failure':
    case 'error':
      return 'failure';
    case 'skipped':
      return 'skipped';
    case 'flakyfailure':
    case 'flakyerror':
      return 'flaky';
    case 'rerunfailure':
    case 'rerunerror':
      return 'rerun';
    default:
      return undefined;
  }
}

/** The element name without a namespace prefix, lower case (`flakyFailure` → `flakyfailure`). */
function localName(name: string): string {
  const colon = name.indexOf(':');
  return (colon === -1 ? name : name.slice(colon + 1)).toLowerCase();
}

/** Reads a whole JUnit XML document at once. */
export function parseJUnitXml(content: Uint8Array | string, options: ReportReaderOptions = {}): ParsedReport {
  const reader = new JUnitXmlReader(options);
  reader.push(content);
  return reader.end();
}
