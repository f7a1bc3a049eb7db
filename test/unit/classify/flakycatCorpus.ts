// The FlakyCat corpus (../shared/corpus/flakycat, see its README): real Java flaky tests, each labelled by the study
// with its cause and mapped to our categories in labels.csv. Read in place, never copied into the project.

import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

export const FLAKYCAT_DIR = path.resolve(__dirname, '../../../../shared/corpus/flakycat');
/** The notes that list the corpus files read while the rules were written (every `NNN-….java.txt` named in it). */
export const FLAKYCAT_NOTES = path.resolve(__dirname, '../../fixtures/classify/FLAKYCAT-NOTES.md');

export interface FlakyTest {
  /** The corpus file name, `NNN-Project.Class.method.java.txt`. */
  readonly file: string;
  /** The project: the file name's segment after `NNN-`. */
  readonly project: string;
  /** Our category (labels.csv `category`). */
  readonly category: string;
  /** The study's own label. */
  readonly originalLabel: string;
  readonly text: string;
}

export function corpusAvailable(): boolean {
  return existsSync(path.join(FLAKYCAT_DIR, 'labels.csv'));
}

/** One CSV line split into fields; double-quoted fields may hold commas and doubled quotes. */
export function csvFields(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else field += c;
  }
  fields.push(field);
  return fields;
}

/** The project of a corpus file: `005-activemq.DurableConsumerTest.….java.txt` → `activemq`. */
export function projectOfFile(file: string): string {
  const name = file.replace(/^\d+-/, '');
  return name.slice(0, Math.max(0, name.indexOf('.'))) || name;
}

export function readFlakyCat(): FlakyTest[] {
  const lines = readFileSync(path.join(FLAKYCAT_DIR, 'labels.csv'), 'utf8').split(/\r?\n/).filter((line) => line.trim() !== '');
  const header = csvFields(lines[0] ?? '');
  const column = (name: string): number => header.indexOf(name);
  return lines.slice(1).map((line) => {
    const fields = csvFields(line);
    const file = fields[column('file')] ?? '';
    return {
      file,
      project: projectOfFile(file),
      category: fields[column('category')] ?? '',
      originalLabel: fields[column('original_label')] ?? '',
      text: readFileSync(path.join(FLAKYCAT_DIR, file), 'utf8'),
    };
  });
}

/** The corpus files the notes say were looked at while writing rules. */
export function filesLookedAt(): Set<string> {
  if (!existsSync(FLAKYCAT_NOTES)) return new Set();
  const notes = readFileSync(FLAKYCAT_NOTES, 'utf8');
  return new Set([...notes.matchAll(/`(\d{3}-[^`\s]{1,300}\.java\.txt)`/g)].map((match) => match[1] as string));
}
