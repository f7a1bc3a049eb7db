// Concurrency: threads, goroutines or tasks that share state without enough synchronisation, so the result depends
// on the interleaving. Race detectors and deadlock reports are near-certain signs; thread APIs in a test are weaker.

import { handedOverLines } from './blockScopes';
import { LOOP_HEAD } from './codePatterns';
import type { CategoryRules, MessageRule, Signal, SourceRule } from './signals';
import { anyLine, sourceSignal } from './signals';

/** Starting concurrent work, across languages: the calls and types that name it (see {@link startsConcurrentWork}). */
const SPAWN_NAMED =
  /\bthread::(?:spawn|scope)\b|\btokio::(?:spawn|task::spawn\w*)\b|^\s*go\s+(?:func\b|[\w.]+\s*\()|\bnew\s+\w{0,40}Thread\s*\(|\bnew(?:Cached|Fixed|Scheduled|SingleThread|WorkStealing)\w{0,20}(?:ThreadPool|Executor)\s*\(|::(?:submit|execute)\b|\bThread\s*\{|\bthread\s*\{|\bExecutors\.\w+\s*\(|\bExecutorService\b|\.submit\s*\(|\bCompletableFuture\.\w+Async\b|\bForkJoinPool\b|\.parallelStream\s*\(|\.parallel\s*\(\s*\)|\bthreading\.Thread\s*\(|\bThreadPoolExecutor\s*\(|\bProcessPoolExecutor\s*\(|\bmultiprocessing\.\w+|\bnew\s+Worker\s*\(|\bworker_threads\b|\bpar_iter\w*\s*\(|\brayon::|\bcrossbeam::|\blaunch\s*\{|\bGlobalScope\.|\bnew\s+Runnable\s*\(/;
/** `worker.start()`, `readerThread.start()`: a thread or task started by a name that says so. */
const SPAWN_STARTED = /\b\w{0,40}(?:[Tt]hread|[Ww]orker|[Tt]ask|[Rr]unner|[Pp]roducer|[Cc]onsumer|[Rr]eader|[Ww]riter)\w{0,20}(?:\[\w{1,20}\])?\.start\s*\(\s*\)/;
/** `executor.execute(…)`, `pool.schedule(…)`. */
const SPAWN_SUBMITTED = /\b\w{0,40}(?:[Ee]xecutor|[Pp]ool)\w{0,20}\.(?:execute|invokeAny|schedule\w{0,20})\s*\(/;

/**
 * Whether a line starts concurrent work. The two patterns led by `\w{0,40}` are tried from every word of a line, and
 * took a tenth of the classifier's time on large sources: each is only tried on a line that holds the text it needs.
 */
export function startsConcurrentWork(line: string): boolean {
  return SPAWN_NAMED.test(line) || (line.includes('.start') && SPAWN_STARTED.test(line)) || (SUBMITTING.test(line) && SPAWN_SUBMITTED.test(line));
}

/** The text every match of SPAWN_SUBMITTED holds. */
const SUBMITTING = /\.(?:execute|invokeAny|schedule)/;

/** Synchronisation primitives: concurrency is in play, and the test relies on getting it right. */
const SYNCHRONISATION =
  /\bsynchronized\b|\bvolatile\b|\bMutex\b|\bRwLock\b|\bCondvar\b|\bBarrier\b|\bsync\.(?:WaitGroup|Mutex|RWMutex|Once|Cond)\b|\bAtomic\w+|\bReentrant\w*Lock\b|\bCountDownLatch\b|\bCyclicBarrier\b|\bSemaphore\b|\bPhaser\b|\bthreading\.(?:Lock|RLock|Event|Condition|Barrier|Semaphore)\b|\bConcurrent[A-Z]\w{0,40}|\bCopyOnWrite\w+|\bCollections\.synchronized\w{1,30}\s*\(|\bArc::new\s*\(|\bLongAdder\b|\bThreadLocal\b|\b\w{0,30}BlockingQueue\b|\bStampedLock\b|\bExchanger\b|\.(?:lock|unlock|tryLock)\s*\(\s*\)|\.interrupt\s*\(\s*\)|\bisInterrupted\s*\(|\bThread\.interrupted\s*\(|\.(?:incrementAndGet|getAndIncrement|decrementAndGet|getAndDecrement|addAndGet|getAndAdd|compareAndSet|getAndSet|countDown)\s*\(/;

/** Names that say the code is about concurrency (`numThreads`, `concurrentReaders`, `parallelism`). */
const CONCURRENCY_NAME = /\b(?:\w{0,30}[Tt]hreads|\w{0,30}[Cc]oncurren(?:t|cy)\w{0,30}|\w{0,30}[Pp]arallel\w{0,30}|\w{0,30}MultiThread\w{0,30})\b/;
/** The text every match of CONCURRENCY_NAME holds: most lines hold none, and are passed over at once. */
const CONCURRENCY_NAME_TEXT = /hreads|oncurren|arallel|MultiThread/;

/** Joining or awaiting the concurrent work before the checks. */
export const JOIN =
  /\.join\s*\(|\bjoin!\s*\(|\.wait\s*\(|\bWait\s*\(\s*\)|\bawaitTermination\s*\(|\.get\s*\(|\bawait\b|\.await\b|\binvokeAll\s*\(|(?:^\s*|[=(,]\s*|\bcase\s+|\breturn\s+)<-\s*\w|\ballOf\s*\(|\bPromise\.all\b|\bscope\s*\(/;

const messageRules: readonly MessageRule[] = [
  { id: 'data-race', category: 'concurrency', weight: 0.9, all: [/DATA RACE|ThreadSanitizer|data race|race detected|\brace condition\b/i] },
  { id: 'deadlock', category: 'concurrency', weight: 0.8, all: [/\bdeadlock|all goroutines are asleep|lock order inversion|potential deadlock/i] },
  { id: 'concurrent-modification', category: 'concurrency', weight: 0.8, all: [/ConcurrentModificationException|concurrent map (?:read and map write|writes|iteration and map write)|concurrent modification/i] },
  { id: 'broken-synchronisation', category: 'concurrency', weight: 0.6, all: [/IllegalMonitorStateException|BrokenBarrierException|send on closed channel|close of closed channel|sync: negative WaitGroup counter|WaitGroup is reused|unlock of unlocked mutex|RejectedExecutionException/i] },
  { id: 'poisoned-lock', category: 'concurrency', weight: 0.45, all: [/PoisonError|poisoned lock|lock poisoned|\bpoisoned\b/i] },
  // A test that hangs until the runner kills it is often a deadlock.
  { id: 'hang', category: 'concurrency', weight: 0.25, all: [/test timed out after|has been running for over 60 seconds|SLOW \[>|Timeout - Async callback was not invoked|goroutine \d+ \[(?:semacquire|chan receive|chan send|sync\.Mutex\.Lock|select)/i] },
];

/** Threads or goroutines started by the test; several of them, or one started in a loop, can race. */
const concurrentWork: SourceRule = (source) => {
  const signals: Signal[] = [];
  const spawns: number[] = [];
  source.bare.forEach((line, index) => {
    if (startsConcurrentWork(line)) spawns.push(index);
  });
  const first = spawns[0];
  if (first !== undefined) {
    const inLoop = spawns.some((index) => source.bare.slice(Math.max(0, index - 3), index).some((previous) => LOOP_HEAD.test(previous)));
    const weight = spawns.length >= 3 || inLoop ? 0.5 : spawns.length === 2 ? 0.4 : 0.3;
    signals.push(sourceSignal(source, first, 'concurrency', 'spawn', weight));
    if (!anyLine(source, JOIN)) signals.push(sourceSignal(source, first, 'concurrency', 'not-joined', 0.25, { wholeTest: true }));
  }
  const synchronised = source.bare.findIndex((line) => SYNCHRONISATION.test(line));
  // Synchronisation alone says concurrency is in play; beside spawned work that is joined, it mostly says it is handled.
  if (synchronised >= 0) signals.push(sourceSignal(source, synchronised, 'concurrency', 'synchronisation', first === undefined ? 0.2 : 0.15));
  const named = source.bare.findIndex((line) => CONCURRENCY_NAME_TEXT.test(line) && CONCURRENCY_NAME.test(line));
  if (named >= 0) signals.push(sourceSignal(source, named, 'concurrency', 'concurrency-names', 0.2));
  return signals;
};

/** A local variable the test declares (`final List<String> seen = new ArrayList<>();`, `int[] count = {0};`). */
const LOCAL_DECLARATION = /^\s*(?:final\s+)?(?:[A-Z][\w.]{0,60}(?:<[^;=(){}]{0,120}>)?(?:\[\])*|int|long|boolean|double|int\[\]|long\[\]|boolean\[\])\s+([a-z_]\w{0,60})\s*=/;
/** Types that hand one result or signal from a thread to the test: writing them is synchronisation, not a race. */
const HANDOFF_TYPE = /Latch|Barrier|Semaphore|Future|Phaser|Queue|Reference|Exchanger|Promise|Holder/;
/** Writes that accumulate into a variable: collection and buffer updates, increments (a single assignment is a hand-off). */
const WRITE_OF = (name: string): RegExp =>
  new RegExp(`\\b${name}\\s*\\.\\s*(?:add\\w{0,10}|append|put\\w{0,10}|remove\\w{0,10}|clear|increment\\w{0,10}|getAndIncrement|addAndGet|getAndAdd|accumulate)\\s*\\(|\\b${name}\\s*(?:\\+\\+|--|[+*-]=)|(?:\\+\\+|--)\\s*${name}\\b`);

/**
 * State the test declares and then changes from code it hands to other threads (callbacks, listeners, runnables,
 * handlers): the writes interleave with each other and with the test's own reads, so what it finds depends on the
 * schedule (Luo et al.'s atomicity and order violations). Signalling a latch or completing a future is
 * synchronisation, not such a write.
 */
const sharedWrites: SourceRule = (source) => {
  const handedOver = handedOverLines(source);
  const locals: string[] = [];
  source.bare.forEach((line, index) => {
    const name = handedOver[index] === true ? undefined : LOCAL_DECLARATION.exec(line)?.[1];
    if (name !== undefined && locals.length < 30 && !HANDOFF_TYPE.test(line)) locals.push(name);
  });
  const writers: number[] = [];
  const written = new Set<string>();
  source.bare.forEach((line, index) => {
    if (handedOver[index] !== true) return;
    for (const name of locals) {
      if (WRITE_OF(name).test(line) && !new RegExp(`^\\s*(?:final\\s+)?[\\w.<>\\[\\]]+\\s+${name}\\s*=`).test(line)) {
        writers.push(index);
        written.add(name);
      }
    }
  });
  const first = writers[0];
  if (first === undefined) return [];
  const checked = [...written].some((name) => source.bare.some((line, index) => handedOver[index] !== true && ASSERTION_OF(line) && new RegExp(`\\b${name}\\b`).test(line)));
  const weight = writers.length >= 2 && checked ? 0.45 : checked ? 0.35 : 0.2;
  return [sourceSignal(source, first, 'concurrency', 'shared-writes', weight)];
};

function ASSERTION_OF(line: string): boolean {
  return /\bassert\w*\s*\(|\bverify\w*\s*\(|\bfail\s*\(|\bassertThat\s*\(/.test(line);
}

export const concurrencyRules: CategoryRules = {
  messageRules,
  sourceRules: [concurrentWork, sharedWrites],
};
