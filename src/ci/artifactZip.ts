// Reading a GitHub Actions artifact zip in memory, within limits, with yauzl. Nothing is written to disk: the zip
// is held as bytes (its size bounded), entries are listed from the central directory, and each entry is inflated
// as a stream straight into its reader.
//
// Artifacts are untrusted input, so every limit is checked before work is done where the zip allows it and again
// while inflating: the download size, the number of entries (from the end-of-central-directory record), each
// entry's declared size, and the bytes actually inflated (per entry and in total: a header that understates the
// size, as a zip bomb's does, is caught by the count). An entry whose path would leave the artifact's folder
// (`../`, an absolute path, a drive letter) makes the whole artifact rejected: such a zip was not made by
// upload-artifact. Bounds shared by several zips (what a run's artifacts, and a sync's, may cost) are
// ReadAllowances, charged as they are read.

import type { Readable } from 'node:stream';
import { fromBuffer, type Entry, type ZipFile } from 'yauzl';

export interface ZipLimits {
  /** The zip itself, as downloaded. */
  readonly maxZipBytes: number;
  readonly maxEntries: number;
  /** One entry, inflated. */
  readonly maxEntryBytes: number;
  /** All entries read from one zip, inflated. */
  readonly maxTotalBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxZipBytes: 256 * 1024 * 1024,
  maxEntries: 10_000,
  maxEntryBytes: 128 * 1024 * 1024,
  maxTotalBytes: 512 * 1024 * 1024,
};

export type ZipProblem = 'too-large' | 'larger-than-listed' | 'too-many-entries' | 'entry-too-large' | 'unsafe-path' | 'corrupt' | 'allowance-spent';

/** A zip that breaks a limit or cannot be read; the message is one sentence for the user. */
export class ArtifactZipError extends Error {
  constructor(
    readonly problem: ZipProblem,
    message: string,
    /** For `allowance-spent`: the allowance that was. */
    readonly allowance?: ReadAllowance,
  ) {
    super(message);
    this.name = 'ArtifactZipError';
  }
}

export interface ZipEntryInfo {
  /** The path inside the zip, `/`-separated. */
  readonly name: string;
  /** Inflated size as the central directory declares it. */
  readonly size: number;
  readonly compressedSize: number;
  readonly isDirectory: boolean;
}

const MIB = 1024 * 1024;

function mib(bytes: number): string {
  return `${Math.round((bytes / MIB) * 10) / 10} MiB`;
}

/** A size in the unit that shows it: bytes, KiB or MiB. */
function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < MIB) return `${Math.round((bytes / 1024) * 10) / 10} KiB`;
  return mib(bytes);
}

/**
 * The most an artifact's download may come to for the size its listing gives (`size_in_bytes`), within the
 * per-artifact `maxZipBytes`. The listed size is what the byte budgets are charged before the download (ByteBudget,
 * ReadAllowance), so a listing that understates it must not let the download run on to `maxZipBytes`. A slack of
 * max(1 MiB, 10%), a judgement rather than a measure: upload-artifact v4 lists the very zip it uploaded, but v3 (GHES
 * still has it) uploaded the files one by one and GitHub zips them as they are downloaded, so that zip differs from
 * the listed size (the files as uploaded) by its headers (about a hundred bytes a file) and its own compression: a
 * little, for the few files a report artifact holds. One of thousands of tiny files could pass it, and is left out
 * with a note that names both sizes. An unknown size (an old cache's artifact) is bounded by `maxZipBytes` alone.
 */
export function downloadBound(listedBytes: number, maxZipBytes: number): number {
  if (!Number.isFinite(listedBytes) || listedBytes < 0) return maxZipBytes;
  return Math.min(maxZipBytes, listedBytes + Math.max(MIB, Math.ceil(listedBytes / 10)));
}

/**
 * A bound on the bytes several artifacts cost together (a run's, a sync's): each one's download (its listed size
 * before, what came beyond it after), and every byte inflated from it. It bounds time, not memory (ByteBudget does that): each byte inflated is parsed,
 * and one zip alone may inflate to 512 MiB, so that twenty artifacts of a run made 10 GiB to read.
 */
export class ReadAllowance {
  private used = 0;
  /** Artifacts not read, or cut short, because it was spent. */
  leftOut = 0;

  constructor(
    readonly limit: number,
    /** Whose artifacts it bounds, `run` or `sync`, for the notes: the test reports of a run are read up to … */
    readonly per: string,
  ) {}

  get left(): number {
    return Math.max(0, this.limit - this.used);
  }

  /** Whether `bytes` more go past it (0: whether it is past already). */
  exceededBy(bytes: number): boolean {
    return this.used + bytes > this.limit;
  }

  spend(bytes: number): void {
    // A size that is no number (an old cache's artifact) is not counted: what it inflates to still is.
    if (Number.isFinite(bytes) && bytes > 0) this.used += bytes;
  }

  /** Why reading stopped, as the end of a sentence. */
  reason(): string {
    const [unit, size] = this.limit >= 1024 * MIB ? ['GiB', 1024 * MIB] : this.limit >= MIB ? ['MiB', MIB] : ['KiB', 1024];
    return `the test reports of a ${this.per} are read up to ${Math.round((this.limit / size) * 10) / 10} ${unit}, downloaded and inflated`;
  }
}

/** The size an artifact's listing gives, and the size its download's answer announces, if any. */
export interface ListedSize {
  readonly listedBytes: number;
  readonly announcedBytes?: number;
}

/**
 * The bytes of a download, failing once they exceed `maxBytes` (the stream is cancelled then). With the artifact's
 * `listed` size (`maxBytes` is then its downloadBound), a download past it, or announced past it (then not read at
 * all), is an artifact larger than its listing says.
 */
export async function readZipBytes(stream: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>, maxBytes: number, listed?: ListedSize): Promise<Buffer> {
  if (listed?.announcedBytes !== undefined && listed.announcedBytes > maxBytes) {
    if ('cancel' in stream) await stream.cancel().catch(() => undefined);
    throw largerThanListed(listed.listedBytes, `is ${sizeText(listed.announcedBytes)}`);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of stream as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      if (listed) throw largerThanListed(listed.listedBytes, `passed ${sizeText(maxBytes)}, where reading stopped`);
      throw new ArtifactZipError('too-large', `The artifact is larger than ${mib(maxBytes)}: it was not read.`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}

function largerThanListed(listedBytes: number, download: string): ArtifactZipError {
  return new ArtifactZipError('larger-than-listed', `The artifact's listing gives ${sizeText(listedBytes)}, but its download ${download}: it was not read.`);
}

/** Whether a zip entry's path stays inside the folder it would be extracted to. */
export function isSafeEntryPath(name: string): boolean {
  if (name === '' || name.includes('\0')) return false;
  if (/^[\\/]/.test(name) || /^[A-Za-z]:/.test(name)) return false;
  return !name.split(/[\\/]/).includes('..');
}

export class ArtifactZip {
  private total = 0;

  private constructor(
    private readonly zip: ZipFile,
    /** By the listed entry itself: two entries may bear one name (`a/r.xml` and `a\\r.xml` both become `a/r.xml`). */
    private readonly raw: ReadonlyMap<ZipEntryInfo, Entry>,
    readonly entries: readonly ZipEntryInfo[],
    private readonly limits: ZipLimits,
    private readonly allowances: readonly ReadAllowance[],
  ) {}

  /**
   * Opens a zip held in memory and lists its entries, checking the entry count and every path. What its entries
   * inflate to is charged to each of `allowances` as well.
   */
  static async open(bytes: Uint8Array, limits: Partial<ZipLimits> = {}, allowances: readonly ReadAllowance[] = []): Promise<ArtifactZip> {
    const all: ZipLimits = { ...DEFAULT_ZIP_LIMITS, ...limits };
    if (bytes.byteLength > all.maxZipBytes) {
      throw new ArtifactZipError('too-large', `The artifact is larger than ${mib(all.maxZipBytes)}: it was not read.`);
    }
    const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const zip = await new Promise<ZipFile>((resolve, reject) => {
      fromBuffer(buffer, { lazyEntries: true, decodeStrings: true, validateEntrySizes: true, strictFileNames: false }, (error, opened) => {
        if (error) reject(toZipError(error));
        else resolve(opened);
      });
    });
    if (zip.entryCount > all.maxEntries) {
      zip.close();
      throw new ArtifactZipError('too-many-entries', `The artifact has ${zip.entryCount} files, more than the ${all.maxEntries} that are read: it was not read.`);
    }
    const raw = new Map<ZipEntryInfo, Entry>();
    const entries: ZipEntryInfo[] = [];
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: Entry) => {
        const name = entry.fileName;
        if (!isSafeEntryPath(name)) {
          zip.close();
          reject(unsafePath(name));
          return;
        }
        if (entries.length >= all.maxEntries) {
          zip.close();
          reject(new ArtifactZipError('too-many-entries', `The artifact has more than ${all.maxEntries} files: it was not read.`));
          return;
        }
        const info: ZipEntryInfo = { name, size: entry.uncompressedSize, compressedSize: entry.compressedSize, isDirectory: name.endsWith('/') };
        raw.set(info, entry);
        entries.push(info);
        zip.readEntry();
      });
      zip.once('end', () => resolve());
      zip.once('error', (error: Error) => reject(toZipError(error)));
      zip.readEntry();
    });
    return new ArtifactZip(zip, raw, entries, all, allowances);
  }

  /**
   * An entry's content (one of {@link entries}), inflated as it is read. Fails when the entry is, or turns out to be, larger than
   * `maxEntryBytes`, when all entries read so far exceed `maxTotalBytes`, or when an allowance is spent.
   */
  async *read(entry: ZipEntryInfo): AsyncGenerator<Uint8Array> {
    const raw = this.raw.get(entry);
    if (!raw || entry.isDirectory) throw new ArtifactZipError('corrupt', `The artifact has no file ${entry.name}.`);
    const { maxEntryBytes, maxTotalBytes } = this.limits;
    if (raw.uncompressedSize > maxEntryBytes) {
      throw new ArtifactZipError('entry-too-large', `${entry.name} inflates to ${mib(raw.uncompressedSize)}, more than the ${mib(maxEntryBytes)} read per file: it was skipped.`);
    }
    if (this.total + raw.uncompressedSize > maxTotalBytes) {
      throw new ArtifactZipError('too-large', `The artifact's files inflate to more than ${mib(maxTotalBytes)}: ${entry.name} and the files after it were not read.`);
    }
    const short = this.allowances.find((a) => a.exceededBy(raw.uncompressedSize));
    if (short) throw this.spent(short, `${entry.name} and the files after it were not read`);
    const stream = await new Promise<Readable>((resolve, reject) => {
      this.zip.openReadStream(raw, (error, opened) => {
        if (error) reject(toZipError(error, entry.name));
        else resolve(opened);
      });
    });
    let size = 0;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        size += chunk.byteLength;
        this.total += chunk.byteLength;
        // The central directory's size is checked above; these catch a header that lies about it.
        if (size > maxEntryBytes) {
          throw new ArtifactZipError('entry-too-large', `${entry.name} inflates to more than ${mib(maxEntryBytes)}, more than its header says: the artifact looks like a zip bomb; the file was skipped.`);
        }
        if (this.total > maxTotalBytes) {
          throw new ArtifactZipError('too-large', `The artifact's files inflate to more than ${mib(maxTotalBytes)}: reading stopped in ${entry.name}.`);
        }
        for (const allowance of this.allowances) allowance.spend(chunk.byteLength);
        const spent = this.allowances.find((a) => a.exceededBy(0));
        if (spent) throw this.spent(spent, `reading stopped in ${entry.name}`);
        yield chunk;
      }
    } catch (error) {
      throw toZipError(error as Error, entry.name);
    } finally {
      stream.destroy();
    }
  }

  close(): void {
    this.zip.close();
  }

  private spent(allowance: ReadAllowance, what: string): ArtifactZipError {
    allowance.leftOut++;
    return new ArtifactZipError('allowance-spent', `${capitalized(allowance.reason())}: ${what}.`, allowance);
  }
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function unsafePath(name: string): ArtifactZipError {
  return new ArtifactZipError('unsafe-path', `The artifact has a file whose path leaves its folder (${JSON.stringify(name)}): the artifact was not read.`);
}

/** yauzl's errors in the words of this file. */
function toZipError(error: Error, entryName?: string): ArtifactZipError {
  if (error instanceof ArtifactZipError) return error;
  const message = error.message ?? String(error);
  const path = /^(?:absolute path|invalid relative path|invalid characters in fileName): (.*)$/s.exec(message);
  if (path) return unsafePath(path[1] as string);
  if (/too many bytes in the stream/.test(message)) {
    return new ArtifactZipError('entry-too-large', `${entryName ?? 'A file'} inflates to more than its header says: the artifact looks like a zip bomb; the file was skipped.`);
  }
  const where = entryName ? ` (${entryName})` : '';
  return new ArtifactZipError('corrupt', `The artifact is not a readable zip${where}: ${message.replace(/\.$/, '')}.`);
}
