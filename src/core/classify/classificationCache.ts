// Classifications remembered across scans. The editor scans the stored history again after every sync, setting change
// and index update, and reading a test's sources costs far more than its statistics (helpers of 200 KiB that the
// failures point at, read for each test that points at them). A test whose inputs are unchanged gets its verdict
// back; one whose inputs changed in any way gets a fresh one, because the key is everything the classifier reads: the
// whole ClassifyInput (the test's slice, the related sources with their names and first lines, the messages, the
// failure pattern, the language, the name), long texts by their digest. Below that, what the rules found in each
// source is remembered the same way, so that a helper many tests point at is read once, in the first scan too.
// Bounded: the least recently used entries go first.

import { createHash } from 'node:crypto';
import type { Classification } from '../model';
import { classifying, type ClassifyInput, type SourceSignalMemory } from './classifier';
import type { Signal } from './signals';

/** Strings at least this long stand in a key by their digest. */
const DIGESTED_CHARS = 256;

export interface ClassificationCacheLimits {
  /** Classifications kept (one per flaky or failing test and state of its inputs). */
  readonly verdicts: number;
  /** Sources whose rule signals are kept (test slices and related sources). */
  readonly sources: number;
}

/** What one scan classifies through: the cache, with each distinct text digested once for the scan. */
export interface ScanClassifier {
  /** A test's verdict, made in steps (see classifier.ts `classifying`): none when the verdict is remembered. */
  classifying(input: ClassifyInput): Generator<void, Classification>;
}

export class ClassificationCache {
  private readonly verdicts: LeastRecentlyUsed<Classification>;
  private readonly sources: LeastRecentlyUsed<readonly Signal[]>;
  private readonly counts = { verdictHits: 0, verdictMisses: 0, sourceHits: 0, sourceMisses: 0 };

  constructor(limits: ClassificationCacheLimits = { verdicts: 4096, sources: 1024 }) {
    this.verdicts = new LeastRecentlyUsed(limits.verdicts);
    this.sources = new LeastRecentlyUsed(limits.sources);
  }

  /** How often a verdict and a source's signals were found, or made. */
  get stats(): { readonly verdictHits: number; readonly verdictMisses: number; readonly sourceHits: number; readonly sourceMisses: number } {
    return { ...this.counts };
  }

  get size(): { readonly verdicts: number; readonly sources: number } {
    return { verdicts: this.verdicts.size, sources: this.sources.size };
  }

  /**
   * A classifier for one scan. Its digests of texts live as long as it does: a scan reads each helper for many tests,
   * and digests it once; the next scan reads the files again, and digests them again.
   */
  forScan(): ScanClassifier {
    const { verdicts, sources, counts } = this;
    const digests = new Map<string, string>();
    const digestOf = (text: string): string => {
      let digest = digests.get(text);
      if (digest === undefined) {
        // As UTF-16 code units: UTF-8 would make every lone surrogate (a JSON report's `\ud800`) U+FFFD, and texts
        // that differ by one would share a digest.
        digest = createHash('sha256').update(text, 'utf16le').digest('base64');
        digests.set(text, digest);
      }
      return digest;
    };
    const memory: SourceSignalMemory = {
      signals: function* (this: void, source, language, related, read) {
        const key = JSON.stringify([source.file, source.startLine, language, related, digestOf(source.text)]);
        const known = sources.get(key);
        if (known !== undefined) {
          counts.sourceHits++;
          return known;
        }
        counts.sourceMisses++;
        const signals = yield* read();
        sources.set(key, signals);
        return signals;
      },
    };
    return {
      classifying: function* (this: void, input) {
        // The whole input, whatever fields it has: a field added to ClassifyInput is part of the key at once. A string
        // that starts as a digest does (a NUL, from CI) is digested too, so that none reads as another text's digest.
        const whole = JSON.stringify(input, (_, value: unknown) =>
          typeof value === 'string' && (value.length >= DIGESTED_CHARS || value.startsWith('\u0000')) ? `\u0000${digestOf(value)}` : value,
        );
        const key = createHash('sha256').update(whole).digest('base64');
        const known = verdicts.get(key);
        if (known !== undefined) {
          counts.verdictHits++;
          return known;
        }
        counts.verdictMisses++;
        const classification = yield* classifying(input, memory);
        verdicts.set(key, classification);
        return classification;
      },
    };
  }
}

/** A map of at most `capacity` entries that drops the one least recently read or written. */
class LeastRecentlyUsed<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      // A Map iterates in insertion order: inserted again, the entry is the newest.
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
    }
  }
}
