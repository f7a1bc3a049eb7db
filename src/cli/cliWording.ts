// The sync's errors in the words of a command line. ci/ writes them for the extension ("sign in again", "try
// Refresh later", "the flakelens.workflows setting"), which a terminal user cannot act on: here the token is an
// environment variable and the settings are options.

const CLI_WORDS: readonly (readonly [RegExp, string])[] = [
  [/: sign in again or set a new token\.$/, ': set a valid token in GITHUB_TOKEN or GH_TOKEN.'],
  [/sign in with an account that can read it\.$/, 'set GITHUB_TOKEN or GH_TOKEN to a token that can read it.'],
  [/; Flakelens keeps the last synced data, try Refresh later\.$/, ': try again later.'],
  [/; Flakelens keeps the last synced data\./, '.'],
  [/the API URL setting for GitHub Enterprise Server/, '--api-url for GitHub Enterprise Server'],
  [/the API URL setting \(/, '--api-url ('],
  [/check the flakelens\.workflows setting\.$/, 'check --workflow.'],
  [/check the branches and workflows settings\.$/, 'check --branch, --workflow and --days.'],
];

/** `message` (one of ci/'s errors) with what it asks the user to do said as a command-line user does it. */
export function inCliWords(message: string): string {
  let text = message;
  for (const [extensionWords, cliWords] of CLI_WORDS) text = text.replace(extensionWords, cliWords);
  return text;
}
