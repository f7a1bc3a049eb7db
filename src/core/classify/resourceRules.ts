// Resource: the test competes for something finite or shared on the machine (a fixed port, a fixed file or temp
// path, file handles, disk, memory), or leaks what it opened so a later test or run finds it taken.

import { hostLiteral } from './hosts';
import type { CategoryRules, MessageRule, Signal, SourceRule } from './signals';
import { sourceSignal } from './signals';
import { stringLiterals } from './sourceText';

const LISTEN_API =
  /\bbind\s*\(|\blisten\s*\(|\bListen\w*\s*\(|\bnew\s+(?:ServerSocket|InetSocketAddress|DatagramSocket)\s*\(|\bcreateServer\b|\bTcpListener::bind\s*\(|\bUdpSocket::bind\s*\(|\bListenAndServe\w*\s*\(|\bHTTPServer\s*\(|\bTCPServer\s*\(|\bserve\s*\(|\bsetPort\s*\(|\bport\s*\(/;
const PORT_NUMBER = /(?<![\w.:])([1-9]\d{3,4})(?![\w.])/;
const PORT_ASSIGNMENT = /\bport\s*[:=]\s*([1-9]\d{3,4})\b|\bPORT\s*=\s*([1-9]\d{3,4})\b/i;
const TEMP_ROOT =
  /\btemp_dir\s*\(\s*\)|\bos\.TempDir\s*\(\s*\)|\bjava\.io\.tmpdir\b|\btempfile\.gettempdir\s*\(|\bos\.tmpdir\s*\(\s*\)|\bPath\.GetTempPath\s*\(|\bgetTempDirectory\w*\s*\(/;
const UNIQUE_NAME =
  /\btempdir\s*\(|\bTempDir\b|\bmkdtemp\w*\s*\(|\bcreateTemp\w*\s*\(|\bNamedTemporaryFile\b|\bTemporaryDirectory\b|\btmp_path\b|\btmpdir\b|\buuid|\bUUID\b|\brandom|\bRandom|\bgetpid\s*\(|\bprocess\.pid\b|\bprocess::id\s*\(|\bos\.Getpid\s*\(|\bnanoTime\b|\bcurrentTimeMillis\b|\bMkdirTemp\s*\(|\bCreateTemp\s*\(|\bTempFile\b|\btempfile::/;
const FIXED_FILE_WRITE =
  /\bFile::create\s*\(\s*"|\bfs::write\s*\(\s*"|\bos\.(?:Create|WriteFile|Mkdir|MkdirAll)\s*\(\s*"|\bnew\s+File(?:OutputStream|Writer)?\s*\(\s*"|\bopen\s*\(\s*["'][^"']{1,200}["']\s*,\s*["'][wa]|\bfs\.(?:writeFileSync|mkdirSync|appendFileSync)\s*\(\s*["'`]|\bFiles\.(?:write|createFile|createDirector\w+)\s*\(\s*(?:Paths\.get|Path\.of)\s*\(\s*"/;

const messageRules: readonly MessageRule[] = [
  { id: 'address-in-use', category: 'resource', weight: 0.85, all: [/address already in use|EADDRINUSE|Only one usage of each socket address|BindException|os error 98\b|os error 10048\b|port is already allocated|AddrInUse/i] },
  { id: 'file-handles', category: 'resource', weight: 0.85, all: [/Too many open files|EMFILE|ENFILE|os error 24\b/i] },
  { id: 'disk-full', category: 'resource', weight: 0.85, all: [/No space left on device|ENOSPC|os error 28\b|not enough space on the disk|disk (?:is )?full|DiskFull|StorageFull|quota exceeded/i] },
  { id: 'memory', category: 'resource', weight: 0.75, all: [/out of memory|OutOfMemoryError|Cannot allocate memory|ENOMEM|memory allocation of \d+ bytes failed|\bMemoryError\b|JavaScript heap out of memory|runtime: out of memory|GC overhead limit exceeded/i] },
  { id: 'killed', category: 'resource', weight: 0.5, all: [/signal: killed|SIGKILL|exit code 137|OOMKilled|signal 9\b/i] },
  { id: 'file-in-use', category: 'resource', weight: 0.7, all: [/being used by another process|os error 32\b|ERROR_SHARING_VIOLATION|\bEBUSY\b|resource busy|Text file busy|ETXTBSY|os error 26\b/i] },
  { id: 'file-exists', category: 'resource', weight: 0.45, all: [/File exists|EEXIST|os error 17\b|os error 183\b|FileAlreadyExistsException|already exists/i], none: [/\b(?:table|database|schema|index|relation|topic|queue|bucket|user|record|row|namespace|collection)\b/i] },
  { id: 'directory-not-empty', category: 'resource', weight: 0.5, all: [/Directory not empty|ENOTEMPTY|os error 39\b|os error 145\b|DirectoryNotEmptyException/i] },
  { id: 'busy-lock', category: 'resource', weight: 0.55, all: [/database is locked|SQLITE_BUSY|could not (?:obtain|acquire) (?:a |the )?lock|LockObtainFailedException|Blocking waiting for file lock|lock file .{0,80}exists/i] },
  { id: 'temporarily-unavailable', category: 'resource', weight: 0.45, all: [/Resource temporarily unavailable|EAGAIN|os error 11\b|WouldBlock/i] },
  { id: 'access-denied', category: 'resource', weight: 0.35, all: [/Access is denied|Permission denied|EACCES|EPERM|os error 5\b|os error 13\b|AccessDeniedException/i] },
  { id: 'leak', category: 'resource', weight: 0.45, all: [/\bleak(?:ed|s|ing)?\b|LeakSanitizer|ResourceWarning|unclosed (?:file|socket|resource|transport)|not closed|still open/i] },
];

/** A port number fixed in code: two tests, or two jobs on one machine, ask for the same one. */
const fixedPort: SourceRule = (source) => {
  for (let index = 0; index < source.code.length; index += 1) {
    const line = source.code[index] ?? '';
    for (const literal of stringLiterals(line, source.language)) {
      const found = hostLiteral(literal.startsWith(':') ? `localhost${literal}` : literal);
      if (found?.kind === 'host-port' && !found.outside && found.port !== 0) {
        return [sourceSignal(source, index, 'resource', 'fixed-port', LISTEN_API.test(line) ? 0.55 : 0.45, { focus: line.indexOf(literal) })];
      }
    }
    const number = PORT_NUMBER.exec(line);
    if (LISTEN_API.test(line) && number?.[1] !== undefined && Number(number[1]) >= 1024 && Number(number[1]) <= 65535) {
      return [sourceSignal(source, index, 'resource', 'fixed-port', 0.5, { focus: number.index })];
    }
    if (PORT_ASSIGNMENT.test(line)) return [sourceSignal(source, index, 'resource', 'fixed-port', 0.45)];
  }
  return [];
};

/** A temp path or a file with a fixed name: parallel tests and reruns on one machine collide on it. */
const fixedPath: SourceRule = (source) => {
  const signals: Signal[] = [];
  for (let index = 0; index < source.code.length && signals.length < 2; index += 1) {
    const line = source.code[index] ?? '';
    if (UNIQUE_NAME.test(line)) continue;
    const literals = stringLiterals(line, source.language);
    const fixedTemp = literals.some((literal) => /^(?:\/tmp\/|\/var\/tmp\/|[A-Za-z]:\\\\(?:Temp|tmp)\\\\)./i.test(literal));
    if (fixedTemp || (TEMP_ROOT.test(line) && literals.length > 0)) {
      signals.push(sourceSignal(source, index, 'resource', 'fixed-temp-path', 0.45));
    } else if (FIXED_FILE_WRITE.test(line)) {
      signals.push(sourceSignal(source, index, 'resource', 'fixed-file', 0.3));
    }
  }
  return signals;
};

/** Files written, created or deleted through the file system (Java and Kotlin APIs). */
const FILE_IO =
  /\bnew\s+(?:File(?:Input|Output)Stream|RandomAccessFile|FileWriter|FileReader|PrintWriter)\s*\(|\bFiles\.(?:write\w{0,10}|newOutputStream|newBufferedWriter|newByteChannel|delete\w{0,10}|createFile|createDirector\w{1,10}|copy|move)\s*\(|\.(?:createFile|createNewFile|mkdirs?|deleteOnExit)\s*\(|\bFileUtils\.(?:write\w{0,20}|copy\w{0,20}|delete\w{0,20}|forceDelete\w{0,10}|cleanDirectory|touch)\s*\(|\bFileChannel\b|\bFileLock\b/;
/** Checks of memory, handles or threads left over, and the collector run by hand. */
const LEAK_CHECK =
  /\bRuntime\.getRuntime\s*\(\s*\)\.(?:freeMemory|totalMemory|maxMemory)\s*\(|\bSystem\.gc\s*\(|\bMemoryMXBean\b|\bgetHeapMemoryUsage\s*\(|\b(?:Weak|Phantom|Soft)Reference\b|\bReferenceQueue\b|\bThread\.activeCount\s*\(|\bgetOpenFileDescriptorCount\s*\(|\bgetThreadCount\s*\(|\bResourceLeakDetector\b|\b\w{0,30}[Ll]eak(?:s|ed|ing|Detector)?\w{0,20}\s*\(/;
/** Pools of connections or buffers that a test leases from and must give back. */
const POOLED_RESOURCE =
  /\.(?:lease|borrow\w{0,20})\s*\(|\b(?:get|set)Max(?:Total|PerRoute|Connections|PoolSize|Idle)\s*\(|\bget(?:Available|Leased|Idle)(?:Connections|Count|Size|Entries)?\s*\(|\b\w{0,20}Pool\s*<|\bnew\s+\w{0,30}Pool\s*\(/;

/** The test writes or deletes files, which parallel tests and reruns on one machine can collide on. */
const fileIo: SourceRule = (source) => {
  const index = source.bare.findIndex((line) => FILE_IO.test(line));
  return index < 0 ? [] : [sourceSignal(source, index, 'resource', 'file-io', 0.25)];
};

/** The test measures memory, handles or threads, or forces a collection: what it checks depends on leftovers. */
const leakCheck: SourceRule = (source) => {
  const index = source.bare.findIndex((line) => LEAK_CHECK.test(line));
  return index < 0 ? [] : [sourceSignal(source, index, 'resource', 'leak-check', 0.45)];
};

/** The test leases pooled connections or buffers: one not given back starves the next lease. */
const pooledResource: SourceRule = (source) => {
  const lines = source.bare.flatMap((line, index) => (POOLED_RESOURCE.test(line) ? [index] : []));
  const first = lines[0];
  return first === undefined ? [] : [sourceSignal(source, first, 'resource', 'pooled-resource', lines.length >= 2 ? 0.4 : 0.25)];
};

/** Handles a Java test opens itself and must close: streams, readers, JDBC statements and connections, sockets. */
const OPENED_HANDLE =
  /\b([a-z_]\w{0,60})\s*=\s*(?:\(\s*\w+\s*\)\s*)?(?:new\s+(?:File(?:Input|Output)Stream|FileReader|FileWriter|Buffered(?:Reader|Writer|InputStream|OutputStream)|RandomAccessFile|ZipFile|JarFile|PrintWriter|InputStreamReader|OutputStreamWriter|Object(?:Input|Output)Stream|Scanner|Socket|ServerSocket|DatagramSocket)\s*\(|(?:[\w.]{1,80}\.)?(?:getConnection|openConnection|openStream|createStatement|prepareStatement|prepareCall|newInputStream|newOutputStream|newBufferedReader|newBufferedWriter|getFileOutputStream|getFileInputStream|open(?:Input|Output)Stream)\s*\()/;

/**
 * Java/Kotlin: a stream, statement, connection or socket the test opens and never closes (no `close()`, no
 * try-with-resources): its handle or lock outlives the test and a later test or a rerun finds it taken.
 */
const unclosedHandle: SourceRule = (source) => {
  if (source.language !== 'java' && source.language !== 'kotlin') return [];
  const managed = tryResourceLines(source.bare);
  let closed: Set<string> | undefined;
  for (let index = 0; index < source.bare.length; index += 1) {
    const line = source.bare[index] ?? '';
    const name = OPENED_HANDLE.exec(line)?.[1];
    if (name === undefined || managed.has(index)) continue;
    closed ??= closedNames(source.bare);
    if (closed.has(name)) continue;
    return [sourceSignal(source, index, 'resource', 'unclosed-handle', 0.3)];
  }
  return [];
};

/**
 * Where a handle is closed, the name each way of closing it names: `name.close(`, `name.disconnect(`,
 * `name.shutdownNow(`, `closeQuietly(name`, `closeAll(name`. Each is found at every place it can start (the name in
 * a lookahead, so that `close(close(a))` gives `close` and `a`), as the expression made for each opened name found
 * it; read once for all names, as that expression read every line again for each opened handle (a 128 KiB file of
 * handles closed at its end: 1.9 s).
 */
const CLOSINGS = [/\b(?=(\w+)\s*\.\s*(?:close|disconnect|shutdown\w{0,10})\s*\()/g, /closeQuietly\s*\(\s*(?=(\w+))/g, /\bclose\w{0,20}\s*\(\s*(?=(\w+))/g];

export function closedNames(lines: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const line of lines) {
    if (!line.includes('close') && !line.includes('disconnect') && !line.includes('shutdown')) continue;
    for (const closing of CLOSINGS) for (const match of line.matchAll(closing)) names.add(match[1] ?? '');
  }
  return names;
}

/** Lines inside the resource list of a `try (…)`: what they open is closed by the try. */
function tryResourceLines(lines: readonly string[]): Set<number> {
  const managed = new Set<number>();
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    const start = /\btry\s*\(/.exec(line);
    if (start === null) continue;
    let depth = 0;
    let at = index;
    let column = start.index;
    // Walk to the parenthesis that closes the resource list, over a few lines at most.
    for (; at < Math.min(lines.length, index + 8); at += 1, column = 0) {
      managed.add(at);
      const text = lines[at] ?? '';
      let closed = false;
      for (let i = column; i < text.length; i += 1) {
        if (text[i] === '(') depth += 1;
        else if (text[i] === ')') {
          depth -= 1;
          if (depth === 0) {
            closed = true;
            break;
          }
        }
      }
      if (closed) break;
    }
  }
  return managed;
}

export const resourceRules: CategoryRules = {
  messageRules,
  sourceRules: [fixedPort, fixedPath, fileIo, leakCheck, pooledResource, unclosedHandle],
};
