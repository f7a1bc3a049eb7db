// Run a test N times on this machine to confirm a flake: a VS Code task whose pseudoterminal spawns the runner
// (program and argument array, no shell), streams its output, reads the outcomes with the same parsers as CI logs,
// and keeps "local: 2/50 failed" beside the CI figures. Refused in untrusted workspaces: it runs workspace code.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { localCommand, localRunRefusal, type LocalCommand } from '../core/localRun/localCommand';
import { JobLogReader } from '../core/logs/jobLogReader';
import type { TestDeclaration } from '../core/model';
import { testKey } from '../core/model';
import type { ScanTest } from '../core/scan/scanResult';

export interface LocalResult {
  readonly runs: number;
  readonly failures: number;
  /** Runs whose output did not mention the test (it did not build, or the filter matched nothing). */
  readonly missing: number;
  readonly command: string;
  readonly finishedAt: string;
  readonly cancelled: boolean;
}

export class LocalRuns implements vscode.Disposable {
  private readonly results = new Map<string, LocalResult>();
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with the test key whose local result changed. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly folder: vscode.WorkspaceFolder) {}

  resultOf(test: Pick<ScanTest, 'framework' | 'suite' | 'id'>): LocalResult | undefined {
    return this.results.get(testKey(test));
  }

  /** Runs the test `times` times in a task; resolves with the result when the task ends. */
  async run(test: Pick<ScanTest, 'framework' | 'suite' | 'id'>, declaration: TestDeclaration | undefined, times: number): Promise<LocalResult | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Flakelens: running tests runs the workspace\'s code; trust this workspace first.', 'Manage Workspace Trust').then((c) => {
        if (c) {
          void vscode.commands.executeCommand('workbench.trust.manage');
        }
      });
      return undefined;
    }
    const refusal = localRunRefusal(test, declaration);
    if (refusal !== undefined) {
      void vscode.window.showWarningMessage(`Flakelens: ${refusal}`);
      return undefined;
    }
    const command = localCommand(test, declaration, times);
    if (!command) {
      void vscode.window.showInformationMessage(`Flakelens: running ${test.framework} tests locally is not supported yet.`);
      return undefined;
    }
    const key = testKey(test);
    let resolveResult: (result: LocalResult) => void = () => undefined;
    const done = new Promise<LocalResult>((resolve) => {
      resolveResult = resolve;
    });
    const execution = new vscode.CustomExecution(async () => new LocalRunTerminal(this.folder.uri.fsPath, command, test.id, times, (result) => {
      this.results.set(key, result);
      this.changed.fire(key);
      resolveResult(result);
    }));
    const task = new vscode.Task({ type: 'flakelens', test: test.id }, this.folder, `run ${test.id} ×${times}`, 'flakelens', execution);
    task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated, clear: true };
    await vscode.tasks.executeTask(task);
    return done;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** The task's terminal: runs the command the asked number of times, one after another, and counts the outcomes. */
class LocalRunTerminal implements vscode.Pseudoterminal {
  private readonly writer = new vscode.EventEmitter<string>();
  private readonly closer = new vscode.EventEmitter<number>();
  readonly onDidWrite = this.writer.event;
  readonly onDidClose = this.closer.event;
  private child: ChildProcess | undefined;
  private cancelled = false;

  constructor(
    private readonly root: string,
    private readonly command: LocalCommand,
    private readonly testId: string,
    private readonly times: number,
    private readonly report: (result: LocalResult) => void,
  ) {}

  open(): void {
    void this.runAll();
  }

  close(): void {
    this.cancelled = true;
    this.child?.kill();
  }

  private write(text: string): void {
    this.writer.fire(text.replace(/\r?\n/g, '\r\n'));
  }

  private async runAll(): Promise<void> {
    let runs = 0;
    let failures = 0;
    let missing = 0;
    const invocations = Math.ceil(this.times / this.command.repetitionsPerRun);
    this.write(`Flakelens: ${this.command.display}  (×${this.times})\n\n`);
    for (let i = 0; i < invocations && !this.cancelled; i++) {
      const outcomes = await this.runOnce();
      const mine = outcomes.filter((o) => o.id === this.testId && o.outcome !== 'skip');
      if (mine.length === 0) {
        missing++;
      }
      runs += mine.length;
      failures += mine.filter((o) => o.outcome === 'fail').length;
      this.write(`\n\x1b[1mFlakelens: ${runs}/${this.times} runs, ${failures} failed\x1b[0m\n`);
    }
    const result: LocalResult = { runs, failures, missing, command: this.command.display, finishedAt: new Date().toISOString(), cancelled: this.cancelled };
    this.write(`\nFlakelens: local: ${failures}/${runs} failed${missing ? ` (${missing} invocation(s) did not run the test)` : ''}.\n`);
    this.report(result);
    this.closer.fire(failures > 0 ? 1 : 0);
  }

  private runOnce(): Promise<{ id: string; outcome: string }[]> {
    return new Promise((resolveOnce) => {
      let settled = false;
      const resolve = (outcomes: { id: string; outcome: string }[]) => {
        if (!settled) {
          settled = true;
          resolveOnce(outcomes);
        }
      };
      const reader = new JobLogReader();
      const child = spawn(this.command.program, [...this.command.args], {
        cwd: path.join(this.root, this.command.cwd),
        shell: false,
        env: { ...process.env, CARGO_TERM_COLOR: 'never' },
      });
      this.child = child;
      const onData = (chunk: Buffer) => {
        reader.push(chunk);
        this.write(chunk.toString('utf8'));
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.on('error', (error) => {
        this.write(`\nFlakelens: could not start ${this.command.program}: ${error.message}\n`);
        resolve([]);
      });
      child.on('close', () => {
        this.child = undefined;
        resolve(reader.end().outcomes);
      });
    });
  }
}
