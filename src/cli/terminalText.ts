// What the CLI prints to a terminal, made inert: test names, messages and job names come from CI, and a control
// character in them would be acted on by the terminal (ESC sequences that recolour, move the cursor, write the
// clipboard (OSC 52) or hide a link (OSC 8); a CR that overwrites the line with "PASS"; bidirectional overrides that
// reorder what is shown). Each such character is shown instead: C0 controls as their Unicode control pictures
// (`␛`, `␍`), the others as `\u009b`. Newlines and tabs stay. JSON output needs none of this: JSON.stringify
// escapes the C0 controls, and a program, not a terminal, reads it.

// eslint-disable-next-line no-control-regex -- these are the characters looked for
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    return `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

// A GitHub Actions runner reads a step's output for workflow commands: a line that starts with `::` (after
// whitespace), and the legacy `##[name ...]` anywhere in a line when `name` is a command it knows (actions/runner,
// ActionCommand.TryParseV2 and TryParse). Run in a CI job, the CLI would otherwise hand the runner text from CI (a
// test named `x\n::error::...` in a JUnit report, a failure message quoting `##[error]`, a source line in evidence):
// a forged annotation, a value masked, or `stop-commands`, which turns command processing off for the rest of the
// step. A zero-width space between the two characters shows the same and is no command.
const LEGACY_COMMAND = /##\[/g;
const LINE_COMMAND = /^(\s*):(?=:)/gm;

/** `text` with nothing a GitHub Actions runner would act on as a workflow command (see above). */
export function commandSafe(text: string): string {
  return text.replace(LEGACY_COMMAND, '##\u200b[').replace(LINE_COMMAND, '$1:\u200b');
}

/**
 * JSON with nothing a runner would act on, and the same value: `[` after `##` written as its escape `\u005b`. (A line
 * of JSON.stringify's output never starts with `::`: CI text is only ever inside a string.)
 */
export function jsonCommandSafe(json: string): string {
  return json.replace(LEGACY_COMMAND, '##\\u005b');
}

/** Writes text meant for a terminal to stdout, made inert (see {@link terminalSafe} and {@link commandSafe}). */
export function printText(text: string): void {
  process.stdout.write(commandSafe(terminalSafe(text)));
}

/** Writes JSON to stdout: a program reads it, but a CI job's runner reads it first (see {@link jsonCommandSafe}). */
export function printJson(json: string): void {
  process.stdout.write(jsonCommandSafe(json));
}

/** Writes a line to stderr, made inert: error messages quote CI text too. */
export function printError(text: string): void {
  process.stderr.write(commandSafe(terminalSafe(text)));
}
