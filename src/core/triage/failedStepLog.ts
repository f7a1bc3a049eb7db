// The log lines that say why a step failed: for each step that ended in a runner error (`##[error]Process completed
// with exit code 1.`, `##[error]The process '/usr/bin/git' failed ...`), the step's last output lines before it.
// A failed job where no test failed is explained by these (a toolchain download, a checkout, a service container).
// Fed line by line by the job log reader (its `onLine`), with bounded memory: a ring of the current step's last lines.
import type { FailedStepExcerpt } from '../model';
import { normalizeLogLine, type LogLineKind } from '../logs/logLines';

/** Lines kept per failed step, and failed steps kept per job. */
export const EXCERPT_LINES = 12;
export const MAX_FAILED_STEPS = 3;
const MAX_LINE_CHARS = 500;

/** The runner's closing line of a failed `run:` step: it says that, not why. */
const EXIT_CODE_LINE = /^Process completed with exit code \d+\.?$/;

export class FailedStepLog {
  private title: string | undefined;
  private step = 0;
  private inHeader = false;
  private ring: string[] = [];
  private readonly excerpts: { step: number; title: string; lines: string[] }[] = [];

  /** One raw line of the job log (timestamps and colours are removed here). */
  line(raw: string): void {
    const line = normalizeLogLine(raw);
    this.cleanLine(line.text, line.kind);
  }

  /** One line of the job log, cleaned: as {@link normalizeLogLine} or the job log reader's `onLine` gives it. */
  cleanLine(text: string, kind: LogLineKind): void {
    switch (kind) {
      case 'group':
        if (text.startsWith('Run ')) {
          // A new step: its header group (the command, `shell:`, `env:`) is not what the step printed.
          this.title = clip(text);
          this.step++;
          this.ring = [];
          this.inHeader = true;
        }
        return;
      case 'endgroup':
        this.inHeader = false;
        return;
      case 'error':
        this.onError(text);
        return;
      case 'text':
      case 'command':
        if (!this.inHeader && text.trim() !== '') {
          this.keep(kind === 'command' ? `$ ${text}` : text);
        }
        return;
      default:
        return;
    }
  }

  /** The failed steps seen, in log order. */
  result(): FailedStepExcerpt[] {
    return this.excerpts.map((e) => ({ title: e.title, lines: e.lines.slice() }));
  }

  private keep(text: string): void {
    this.ring.push(clip(text));
    if (this.ring.length > EXCERPT_LINES) {
      this.ring.shift();
    }
  }

  private onError(text: string): void {
    if (!EXIT_CODE_LINE.test(text.trim())) {
      this.keep(`Error: ${text}`);
    }
    const last = this.excerpts[this.excerpts.length - 1];
    if (last && last.step === this.step) {
      last.lines = this.ring.slice();
      return;
    }
    if (this.excerpts.length < MAX_FAILED_STEPS) {
      this.excerpts.push({ step: this.step, title: this.title ?? 'Set up job', lines: this.ring.slice() });
    }
  }
}

function clip(text: string): string {
  return text.length > MAX_LINE_CHARS ? `${text.slice(0, MAX_LINE_CHARS)}…` : text;
}

// Words of lines that say why something failed, in the many forms tools print them.
const CAUSE = /\b(error|fatal|failed|failure|denied|refused|unreachable|timed? ?out|unable|cannot|can't|could not|no space|not found|exception|panic(ked)?|killed|lost|reset)\b/i;

/** The one line of an excerpt that best says why the step failed: the last line that names an error. */
export function failureReason(lines: readonly string[]): string {
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = (lines[i] ?? '').trim();
    // `The process '/usr/bin/git' failed with exit code 128` says that a tool failed; the line before says why.
    if (line !== '' && CAUSE.test(line) && !/exit code \d+/i.test(line)) {
      return line;
    }
  }
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = (lines[i] ?? '').trim();
    if (line !== '') {
      return line;
    }
  }
  return '';
}
