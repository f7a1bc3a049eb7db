// Checks that a packaged .vsix holds what a user needs and nothing of the development tree.
// A .vsix is a zip: its entry names are read from the zip's central directory, with no unzip tool needed.
import { readFileSync } from 'node:fs';

/** The names of the entries of a zip file (ZIP64 archives are not needed for a .vsix and not read). */
export function zipEntryNames(zipPath: string): string[] {
  const zip = readFileSync(zipPath);
  const endSignature = 0x06054b50;
  // The end-of-central-directory record is in the last 22 bytes plus up to 64 KiB of comment.
  let end = -1;
  for (let offset = zip.length - 22; offset >= Math.max(0, zip.length - 22 - 0xffff); offset--) {
    if (zip.readUInt32LE(offset) === endSignature) {
      end = offset;
      break;
    }
  }
  if (end < 0) throw new Error(`${zipPath} is not a zip file (no end of central directory).`);
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error(`${zipPath}: broken central directory entry ${i}.`);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    names.push(zip.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

const required: readonly { readonly what: string; readonly matches: (name: string) => boolean }[] = [
  { what: 'extension/package.json', matches: (name) => name === 'extension/package.json' },
  { what: 'extension/dist/extension.js', matches: (name) => name === 'extension/dist/extension.js' },
  { what: 'extension/media/ (icons)', matches: (name) => name.startsWith('extension/media/') },
  { what: 'a README', matches: (name) => /^extension\/readme(\.md)?$/i.test(name) },
];

const forbidden: readonly { readonly what: string; readonly matches: (name: string) => boolean }[] = [
  { what: 'sources (extension/src/)', matches: (name) => name.startsWith('extension/src/') },
  { what: 'tests (extension/test/)', matches: (name) => name.startsWith('extension/test/') },
  { what: 'compiled tests (extension/out/)', matches: (name) => name.startsWith('extension/out/') },
  { what: 'node_modules', matches: (name) => name.split('/').includes('node_modules') },
  { what: '.vscode-test/', matches: (name) => name.split('/').includes('.vscode-test') },
  { what: 'test results', matches: (name) => name.startsWith('extension/test-results/') },
  { what: 'TypeScript sources', matches: (name) => name.endsWith('.ts') && !name.endsWith('.d.ts') },
  { what: 'a nested .vsix', matches: (name) => name.endsWith('.vsix') },
];

/** Problems with the .vsix's contents, one sentence each; empty when it is what users need. */
export function vsixContentProblems(names: readonly string[]): string[] {
  const problems: string[] = [];
  for (const rule of required) {
    if (!names.some(rule.matches)) problems.push(`missing ${rule.what}`);
  }
  for (const rule of forbidden) {
    const found = names.filter(rule.matches);
    if (found.length > 0) {
      problems.push(`contains ${rule.what}: ${found.slice(0, 5).join(', ')}${found.length > 5 ? ` and ${found.length - 5} more` : ''}`);
    }
  }
  return problems;
}
