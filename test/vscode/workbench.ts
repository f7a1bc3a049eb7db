// Opens VS Code's web workbench from a running server in headless Chromium (playwright-core, no browser download),
// optionally with an extension-development and extension-tests payload, and relays the workbench's automation log
// (mocha's report included) and the tests' exit code.
import { format } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { offlineTools } from './offlineTools';
import type { VscodeServer } from './vscodeServer';

export interface WorkbenchOptions {
  readonly server: VscodeServer;
  /** The workspace folder to open, or a `.code-workspace` file for a multi-root workspace (absolute paths here). */
  readonly folder: string;
  /** Run this folder's extension as in development (F5). */
  readonly extensionDevelopmentPath?: string;
  /** The bundled test entry (`out/test/suite/index.js`) whose `run()` the extension host calls. */
  readonly extensionTestsPath?: string;
  /** Receives each workbench log line, formatted (`printf`-style, as the workbench sends them). */
  readonly onLog?: (type: string, line: string) => void;
  readonly viewport?: { readonly width: number; readonly height: number };
}

export interface Workbench {
  readonly browser: Browser;
  readonly page: Page;
  /** Settles with the tests' exit code: 0 when `run()` resolved, 1 when it rejected or could not load. */
  readonly testsExited: Promise<number>;
  close(): Promise<void>;
}

const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function workbenchUrl(options: WorkbenchOptions): string {
  const { server } = options;
  const payload: [string, string][] = [];
  if (options.extensionDevelopmentPath) {
    payload.push(['extensionDevelopmentPath', server.remoteUri(options.extensionDevelopmentPath)]);
  }
  if (options.extensionTestsPath) {
    payload.push(['extensionTestsPath', server.remoteUri(options.extensionTestsPath)]);
  }
  payload.push(['skipWelcome', 'true'], ['skipReleaseNotes', 'true']);
  const open = options.folder.endsWith('.code-workspace') ? 'workspace' : 'folder';
  return `${server.url}/?${open}=${encodeURIComponent(options.folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

export async function openWorkbench(options: WorkbenchOptions): Promise<Workbench> {
  const browser = await chromium.launch({ executablePath: offlineTools.chromium, headless: true, args: chromiumArgs });
  try {
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1440, height: 900 } });
    const page = await context.newPage();
    let resolveExit: (code: number) => void = () => undefined;
    const testsExited = new Promise<number>((resolve) => {
      resolveExit = resolve;
    });
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      options.onLog?.(type, format(...(Array.isArray(args) ? args : [args])));
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => {
      resolveExit(code);
    });
    await page.goto(workbenchUrl(options));
    return {
      browser,
      page,
      testsExited,
      close: () => browser.close(),
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
