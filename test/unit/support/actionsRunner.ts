// A model of how a GitHub Actions runner reads a step's output for workflow commands (actions/runner:
// ActionCommandManager.TryProcessCommand tries ActionCommand.TryParseV2, then the legacy TryParse), to check that
// what the CLI prints in a CI job holds the commands it means and no other.

/** The commands the runner knows (its command extensions, and stop-commands). */
const KNOWN = new Set(['set-env', 'set-output', 'save-state', 'add-mask', 'add-path', 'add-matcher', 'remove-matcher', 'debug', 'warning', 'error', 'notice', 'group', 'endgroup', 'echo', 'stop-commands']);

export interface RunnerCommand {
  readonly command: string;
  readonly properties: Readonly<Record<string, string>>;
  readonly data: string;
  /** The output line it was read from. */
  readonly line: string;
}

const DATA_ESCAPES: readonly [string, string][] = [
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%25', '%'],
];
const PROPERTY_ESCAPES: readonly [string, string][] = [['%0D', '\r'], ['%0A', '\n'], ['%3A', ':'], ['%2C', ','], ['%25', '%']];
const LEGACY_ESCAPES: readonly [string, string][] = [['%3B', ';'], ['%0D', '\r'], ['%0A', '\n'], ['%5D', ']'], ['%25', '%']];

function unescape(text: string, escapes: readonly [string, string][]): string {
  let out = text;
  for (const [token, replacement] of escapes) out = out.split(token).join(replacement);
  return out;
}

/**
 * Every command the runner would act on in `output`, in order. A `::name::` line is taken for one whatever its name
 * (the token of a `stop-commands` is a command until it is seen again); where the name is none the runner knows, it
 * reads the line for a legacy command too (TryProcessCommand tries TryParse when TryParseV2 finds no command).
 */
export function runnerCommands(output: string): RunnerCommand[] {
  const found: RunnerCommand[] = [];
  for (const line of output.split(/\r\n|\r|\n/)) {
    const command = parseV2(line);
    if (command) found.push(command);
    if (command && isKnown(command.command)) continue;
    const legacy = parseLegacy(line);
    if (legacy) found.push(legacy);
  }
  return found;
}

/** The runner's commands are named in any case (its set of them compares with OrdinalIgnoreCase). */
function isKnown(name: string): boolean {
  return KNOWN.has(name.toLowerCase());
}

function parseV2(line: string): RunnerCommand | undefined {
  const message = line.trimStart();
  if (!message.startsWith('::')) return undefined;
  const end = message.indexOf('::', 2);
  if (end === -1) return undefined;
  const info = message.slice(2, end);
  const space = info.indexOf(' ');
  const command = space === -1 ? info : info.slice(0, space);
  const properties: Record<string, string> = {};
  if (space > 0) {
    for (const part of info.slice(space + 1).split(',')) {
      if (part === '') continue;
      const eq = part.indexOf('=');
      if (eq > 0 && eq < part.length - 1) properties[part.slice(0, eq)] = unescape(part.slice(eq + 1), PROPERTY_ESCAPES);
    }
  }
  return { command, properties, data: unescape(message.slice(end + 2), DATA_ESCAPES), line };
}

function parseLegacy(line: string): RunnerCommand | undefined {
  const prefix = line.indexOf('##[');
  if (prefix === -1) return undefined;
  const close = line.indexOf(']', prefix);
  if (close === -1) return undefined;
  const info = line.slice(prefix + 3, close);
  const space = info.indexOf(' ');
  const command = space === -1 ? info : info.slice(0, space);
  if (!isKnown(command)) return undefined;
  const properties: Record<string, string> = {};
  if (space > 0) {
    for (const part of info.slice(space + 1).split(';')) {
      const eq = part.indexOf('=');
      if (eq > 0 && eq < part.length - 1) properties[part.slice(0, eq)] = unescape(part.slice(eq + 1), LEGACY_ESCAPES);
    }
  }
  return { command, properties, data: unescape(line.slice(close + 1), LEGACY_ESCAPES), line };
}
