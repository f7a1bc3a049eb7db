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

/** Writes text meant for a terminal to stdout, made inert (see {@link terminalSafe}). */
export function printText(text: string): void {
  process.stdout.write(terminalSafe(text));
}

/** Writes a line to stderr, made inert: error messages quote CI text too. */
export function printError(text: string): void {
  process.stderr.write(terminalSafe(text));
}
