// Bytes in, XML events out, in bounded memory: the streaming layer under the report readers (JUnit XML, TRX).
//
// sax (strict mode) does the XML: entities, CDATA, comments, and text delivered in pieces of at most 64 KiB, so a
// report with a huge <system-out> never becomes one huge string. This file adds what reports need around it:
// decoding (UTF-8, a BOM, UTF-16, an encoding named in the XML declaration), errors as one readable sentence each
// with a line number, recovery (parsing goes on after an error, so what follows a bad spot is still read), and a
// clear word when the document ends early.

import { parser as saxParser, type SAXParser } from 'sax';

export interface XmlHandler {
  /** An element starts. `name` is as written (case kept); attribute values are decoded. */
  open(name: string, attributes: Readonly<Record<string, string>>): void;
  close(name: string): void;
  /** Character data (text or CDATA), in pieces. */
  text(text: string): void;
}

/** Errors after which the reader gives up on a document. */
const MAX_ERRORS = 20;
/**
 * Elements open at once past which the reader gives up: reports nest a few levels (suites in suites, a case, its
 * failure). sax keeps every open element on its stack, so without a bound 120 MB of `<x>` (a 120 KB zip entry)
 * grows that stack past the heap and the process dies.
 */
export const MAX_XML_DEPTH = 1000;
/** Characters handed to sax at once. */
const WRITE_SLICE = 64 * 1024;
/** How many bytes are looked at to choose the decoder. */
const SNIFF_BYTES = 256;
/** sax's own bound on a buffered token (`sax.MAX_BUFFER_LENGTH`). */
const SAX_BUFFER_LIMIT = 64 * 1024;
/** Buffers that may grow past sax's bound in a valid document: they are cut, not failed on. */
const CUTTABLE_BUFFERS = new Set(['attribValue', 'comment', 'doctype', 'sgmlDecl', 'procInstBody']);

export interface XmlEnd {
  /** The root element was opened and closed and nothing stopped the reader. */
  readonly complete: boolean;
}

export class XmlEventStream {
  readonly errors: string[] = [];
  private readonly parser: SAXParser;
  private decoder: TextDecoder | undefined;
  private head: Uint8Array[] = [];
  private headBytes = 0;
  private depth = 0;
  private sawRoot = false;
  private rootClosed = false;
  private stopped = false;
  private errorCount = 0;
  private openNames: string[] = [];

  /** `what` names the document in messages ("JUnit XML report"). */
  constructor(
    private readonly handler: XmlHandler,
    private readonly what: string,
  ) {
    this.parser = saxParser(true, { trim: false, normalize: false, position: true });
    this.parser.onopentag = (tag) => {
      if (this.stopped) return;
      if (this.rootClosed) {
        this.stop(`${this.what} has a second root element at line ${this.parser.line + 1}: only the first one was read.`);
        return;
      }
      this.sawRoot = true;
      if (this.depth >= MAX_XML_DEPTH) {
        this.stop(`${this.what} nests elements more than ${MAX_XML_DEPTH} deep (line ${this.parser.line + 1}): reading stopped there; the results before it were kept.`);
        return;
      }
      this.depth++;
      // The open element names are kept for the "ends inside" message; nesting in reports is shallow.
      if (this.openNames.length < 64) this.openNames.push(tag.name);
      handler.open(tag.name, tag.attributes as Record<string, string>);
    };
    this.parser.onclosetag = (name) => {
      if (this.stopped || this.depth === 0) return;
      this.depth--;
      if (this.openNames.length > this.depth) this.openNames.length = this.depth;
      if (this.depth === 0) this.rootClosed = true;
      handler.close(name);
    };
    this.parser.ontext = (text) => {
      if (!this.stopped && this.depth > 0) handler.text(text);
    };
    this.parser.oncdata = (text) => {
      if (!this.stopped && this.depth > 0) handler.text(text);
    };
    this.parser.onerror = (error) => this.onSaxError(error);
  }

  /** True once the reader gave up (too many errors, not XML, or {@link stop}). */
  get isStopped(): boolean {
    return this.stopped;
  }

  push(chunk: Uint8Array | string): void {
    if (this.stopped) return;
    if (typeof chunk === 'string') {
      this.decoder ??= new TextDecoder('utf-8');
      this.write(chunk);
      return;
    }
    if (this.decoder) {
      this.write(this.decoder.decode(chunk, { stream: true }));
      return;
    }
    // Wait for enough bytes to tell the encoding.
    this.head.push(chunk);
    this.headBytes += chunk.byteLength;
    if (this.headBytes >= SNIFF_BYTES) this.flushHead();
  }

  /** Ends the document. */
  end(): XmlEnd {
    if (!this.decoder) this.flushHead();
    if (!this.stopped) {
      const tail = this.decoder?.decode() ?? '';
      if (tail) this.write(tail);
    }
    if (!this.stopped) {
      // sax's own end-of-input errors are replaced by the clearer message below.
      this.parser.onerror = () => this.parser.resume();
      try {
        this.parser.close();
      } catch {
        // reported below
      }
    }
    if (!this.sawRoot && !this.stopped) {
      this.errors.push(`${this.what} is empty: it has no XML element.`);
    } else if (this.sawRoot && !this.rootClosed && !this.stopped) {
      const inside = this.openNames[this.openNames.length - 1];
      this.errors.push(`${this.what} ends inside <${inside ?? '?'}>: the file looks cut off; the results before the cut were kept.`);
    }
    return { complete: this.sawRoot && this.rootClosed && !this.stopped };
  }

  /** Stops reading, with the reason as an error. */
  stop(reason: string): void {
    if (this.stopped) return;
    this.errors.push(reason);
    this.stopped = true;
  }

  private flushHead(): void {
    const bytes = concat(this.head, this.headBytes);
    this.head = [];
    this.headBytes = 0;
    this.decoder = decoderFor(bytes);
    if (bytes.byteLength > 0) this.write(this.decoder.decode(bytes, { stream: true }));
  }

  private write(text: string): void {
    if (this.stopped || text.length === 0) return;
    try {
      // In slices, so that a stop (the depth bound above) takes effect within a large chunk too: sax goes on to the
      // end of what it is given.
      for (let at = 0; at < text.length && !this.stopped; at += WRITE_SLICE) {
        this.parser.write(at === 0 && text.length <= WRITE_SLICE ? text : text.slice(at, at + WRITE_SLICE));
      }
    } catch (error) {
      // sax throws only when an error was left unresumed; onerror resumes, so this is a bug guard.
      this.stop(`${this.what} could not be read: ${(error as Error).message.split('\n')[0]}.`);
    }
  }

  private onSaxError(error: Error): void {
    const parser = this.parser;
    const message = error.message.split('\n')[0] ?? 'XML error';
    const overflow = /^Max buffer length exceeded: (\w+)$/.exec(message);
    if (overflow) {
      const buffer = overflow[1] as string;
      if (CUTTABLE_BUFFERS.has(buffer)) {
        // A huge attribute (a failure message written as `message="..."`) or comment: keep its head, go on.
        // Cutting to half the bound keeps sax's next check far away, so this costs O(size) overall.
        const fields = parser as unknown as Record<string, string>;
        fields[buffer] = (fields[buffer] ?? '').slice(0, SAX_BUFFER_LIMIT / 2);
        parser.resume();
        return;
      }
      parser.resume();
      this.stop(`${this.what} has an XML name or entity longer than ${SAX_BUFFER_LIMIT} characters (line ${parser.line + 1}): it is not a report that can be read.`);
      return;
    }
    parser.resume();
    if (this.stopped) return;
    if (!this.sawRoot) {
      this.stop(`${this.what} is not XML: ${lowerFirst(message)} (line ${parser.line + 1}, column ${parser.column + 1}).`);
      return;
    }
    this.errorCount++;
    if (this.errorCount <= 5) {
      this.errors.push(`${this.what} has an XML error at line ${parser.line + 1}, column ${parser.column + 1}: ${lowerFirst(message)}; reading went on after it.`);
    }
    if (this.errorCount >= MAX_ERRORS) {
      this.stop(`${this.what} has too many XML errors (${MAX_ERRORS}): reading stopped at line ${parser.line + 1}; the results before it were kept.`);
    }
  }
}

function lowerFirst(text: string): string {
  return text.length > 0 ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

function concat(parts: readonly Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0] as Uint8Array;
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

/** The decoder for a document that starts with `bytes`: a BOM first, then the XML declaration, else UTF-8. */
export function decoderFor(bytes: Uint8Array): TextDecoder {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be');
  // UTF-16 without a BOM: `<` followed or preceded by a zero byte.
  if (bytes[0] === 0x3c && bytes[1] === 0x00) return new TextDecoder('utf-16le');
  if (bytes[0] === 0x00 && bytes[1] === 0x3c) return new TextDecoder('utf-16be');
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let declaration = '';
  for (let i = start; i < Math.min(bytes.byteLength, SNIFF_BYTES); i++) {
    const c = bytes[i] as number;
    if (c >= 0x80) break;
    declaration += String.fromCharCode(c);
    if (c === 0x3e) break; // '>'
  }
  const named = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(declaration)?.[1];
  // A declared UTF-16 with ASCII bytes is a wrong declaration (real UTF-16 was told by its zero bytes above).
  if (named && !/^utf-?(8|16)/i.test(named)) {
    try {
      return new TextDecoder(named);
    } catch {
      // an encoding TextDecoder does not know: read as UTF-8, which keeps ASCII markup intact
    }
  }
  return new TextDecoder('utf-8');
}
