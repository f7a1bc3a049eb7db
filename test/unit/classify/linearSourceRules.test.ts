// Source rules rewritten to read a file once rather than once per line give what they gave before, on the
// classifier's fixtures, the flakycat corpus and seeded random lines; and a long hostile file still gets its verdict.
// Their speed is shown by `npm run bench hostile`, not here.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { outerLines } from '../../../src/core/classify/asyncWaitRules';
import { classify } from '../../../src/core/classify/classifier';
import { closedNames } from '../../../src/core/classify/resourceRules';
import { sourceView } from '../../../src/core/classify/sourceText';
import { verdict } from './classifyFixtures';
import { FLAKYCAT_DIR } from './flakycatCorpus';
import { seededRandom as random } from '../support/seededRandom';

function lines(pieces: readonly string[], seed: number, count: number): string[] {
  const next = random(seed);
  return Array.from({ length: count }, () => {
    let line = '';
    for (let parts = 1 + Math.floor(next() * 8); parts > 0; parts--) line += pieces[Math.floor(next() * pieces.length)];
    return line;
  });
}

/** Every source file of the fixtures and the corpus, as the rules read it (`bare` lines). */
function realSources(): (readonly string[])[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (!entry.name.endsWith('.md')) files.push(full);
    }
  };
  walk(path.join(__dirname, '..', '..', 'fixtures', 'classify'));
  if (existsSync(FLAKYCAT_DIR)) walk(FLAKYCAT_DIR);
  return files.map((file) => sourceView({ file, text: readFileSync(file, 'utf8'), startLine: 1 }, 'java', false).bare);
}

/** The head of each line's block as asyncWaitRules looked for it: back, line by line. */
function outerLineByWalk(all: readonly string[], index: number): number {
  const indentOf = (line: string) => /^[ \t]*/.exec(line)?.[0].length ?? 0;
  const indent = indentOf(all[index] ?? '');
  for (let at = index - 1; at >= 0; at -= 1) {
    const previous = all[at] ?? '';
    if (previous.trim() !== '' && indentOf(previous) < indent) return at;
  }
  return -1;
}

/** Whether `name` is closed somewhere, as resourceRules asked it of every line for each opened handle. */
function closedByExpression(all: readonly string[], name: string): boolean {
  const closed = new RegExp(`\\b${name}\\s*\\.\\s*(?:close|disconnect|shutdown\\w{0,10})\\s*\\(|closeQuietly\\s*\\(\\s*${name}\\b|\\bclose\\w{0,20}\\s*\\(\\s*${name}\\b`);
  return all.some((line) => closed.test(line));
}

describe('source rules that read a file once', () => {
  it('find the head of each line\'s block where the walk back found it', () => {
    const random = lines(['', ' ', '  ', '\t', 'for (;;) {', '}', 'x', '{', '\u00a0'], 1, 20_000);
    for (const all of [...realSources(), random]) {
      const outer = outerLines(all);
      all.forEach((line, index) => {
        if (line.trim() !== '') assert.equal(outer[index], outerLineByWalk(all, index), `line ${index}: ${JSON.stringify(line)}`);
      });
    }
  });

  it('find the handles closed where the expression made for each name found them', () => {
    const names = ['s', 'in', 'conn', 'close', 'x_1', 'closeAll'];
    const random = lines(['s', 'in', 'conn', '.', ' . ', 'close', 'close(', 'closeQuietly(', 'closeAll( ', 'disconnect', 'shutdownNow', '(', ')', ' ', 'x_1', '$', ';', 'a'], 2, 5_000);
    for (const all of [...realSources(), ...Array.from({ length: 500 }, (_, k) => random.slice(k * 10, k * 10 + 10))]) {
      const closed = closedNames(all);
      const opened = new Set([...names, ...all.flatMap((line) => [...line.matchAll(/\b([a-z_]\w{0,60})\s*=/g)].map((m) => m[1] ?? ''))]);
      for (const name of opened) assert.equal(closed.has(name), closedByExpression(all, name), `${name} in ${JSON.stringify(all.slice(0, 5))}`);
    }
  });

  it('still read a thread, then a long loop of sleeps, as a poll, and a long block of sleeps as a sleep for the thread', () => {
    const evidence = (head: string) => {
      const text = `new Thread(worker).start();\n${head}\n${'    Thread.sleep(1);\n'.repeat(6000)}}\nassertEquals(1, done.get());\n`;
      return verdict(classify({ language: 'java', testSource: { file: 'PollTest.java', text, startLine: 1 } }), 'async-wait')?.evidence;
    };
    const sleeps = [3, 4, 5, 6].map((line) => `PollTest.java:${line}: Thread.sleep(1);`);
    assert.deepEqual(evidence('for (;;) {'), sleeps);
    assert.deepEqual(evidence('{'), [...sleeps, 'PollTest.java:1: new Thread(worker).start();']);
  });

  it('still read thousands of handles closed at the end of a file as closed, and one more left open as not', () => {
    const text = `${Array.from({ length: 3000 }, (_, i) => `s${i} = new FileInputStream(f);`).join('\n')}\n${Array.from({ length: 3000 }, (_, i) => `s${i}.close();`).join('\n')}\n`;
    const evidence = (source: string) => verdict(classify({ language: 'java', testSource: { file: 'StreamsTest.java', text: source, startLine: 1 } }), 'resource')?.evidence;
    // The first line is evidence of file I/O, not of a handle left open.
    assert.deepEqual(evidence(text), ['StreamsTest.java:1: s0 = new FileInputStream(f);']);
    assert.deepEqual(evidence(`${text}x = new FileInputStream(f);\n`), ['StreamsTest.java:6001: x = new FileInputStream(f);', 'StreamsTest.java:1: s0 = new FileInputStream(f);']);
  });
});
