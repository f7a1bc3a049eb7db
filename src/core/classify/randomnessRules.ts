// Randomness: the test draws values from an unseeded generator, so a rare draw fails it and cannot be replayed.
// A generator seeded with a constant is deterministic and no sign; one seeded from the clock is.

import { handedOverLines } from './blockScopes';
import type { CategoryRules, MessageRule, Signal, SourceRule } from './signals';
import { anyLine, sourceSignal } from './signals';
import type { SourceView } from './sourceText';

interface DrawRule {
  readonly id: string;
  readonly weight: number;
  readonly draw: RegExp;
  /** A seeded generator in the same source, which makes the draws deterministic. */
  readonly seeded?: RegExp;
  readonly languages?: readonly SourceView['language'][];
}

const CLOCK_SEED = /\bSeed\w*\s*\(\s*time\.|\bNewSource\s*\(\s*time\.|\bRandom\s*\(\s*System\.(?:currentTimeMillis|nanoTime)|\bseed\s*\(\s*time\.|\bseed_from_u64\s*\(\s*\w+\.elapsed|\bfrom_entropy\s*\(|\bfrom_os_rng\s*\(/;

const DRAWS: readonly DrawRule[] = [
  { id: 'unseeded-rng', weight: 0.5, draw: /\brand::(?:random|thread_rng|rng|random_range|random_bool)\s*\(|\bthread_rng\s*\(|\bOsRng\b|\bfrom_entropy\s*\(|\bfrom_os_rng\s*\(|\bfastrand::\w+\s*\(/, seeded: /\bseed_from_u64\s*\(|\bfrom_seed\s*\(|\bSeedableRng\b/, languages: ['rust', 'unknown'] },
  { id: 'unseeded-rng', weight: 0.5, draw: /\brand\.(?:Int|Intn|IntN|Int31|Int31n|Int63|Int63n|Uint32|Uint64|Float32|Float64|Perm|Shuffle|N|ExpFloat64|NormFloat64)\s*\(/, seeded: /\brand\.New\s*\(\s*rand\.NewSource\s*\(\s*(?:\d|[A-Z]|seed)|\brand\.Seed\s*\(\s*(?:\d|[A-Z]|seed)|\brand\.New\s*\(\s*rand\.NewPCG\s*\(\s*(?:\d|seed)/, languages: ['go', 'unknown'] },
  { id: 'unseeded-rng', weight: 0.55, draw: /\bnew\s+Random\s*\(\s*\)|\bMath\.random\s*\(|\bThreadLocalRandom\b|\bRandom(?:StringUtils|Utils)\.\w+\s*\(|\bnew\s+SecureRandom\s*\(|\bRandom\.(?:Default|next\w+)\b|\.random\s*\(\s*\)|\.shuffled\s*\(\s*\)|\bCollections\.shuffle\s*\(\s*[\w.]+\s*\)/, languages: ['java', 'kotlin', 'unknown'] },
  { id: 'unseeded-rng', weight: 0.55, draw: /\bMath\.random\s*\(|\bfaker\.\w+|\bchance\.\w+\s*\(/, seeded: /\bfaker\.seed\s*\(|\bseedrandom\b|\bnew\s+Chance\s*\(\s*\w/, languages: ['typescript', 'javascript', 'unknown'] },
  { id: 'unseeded-rng', weight: 0.5, draw: /\brandom\.(?:random|randint|choice|choices|shuffle|sample|uniform|randrange|getrandbits|gauss|triangular)\s*\(|\bnp\.random\.(?:rand|randn|randint|choice|shuffle|random|permutation|normal|uniform)\s*\(|\bfake\.\w+\s*\(|\bFaker\s*\(\s*\)/, seeded: /\brandom\.seed\s*\(\s*\w|\bnp\.random\.seed\s*\(\s*\w|\brandom\.Random\s*\(\s*\w|\bdefault_rng\s*\(\s*\w|\bFaker\.seed\s*\(|\bfake\.seed\w*\s*\(/, languages: ['python', 'unknown'] },
  // Randomized testing (Lucene, Elasticsearch, junit-quickcheck): values drawn afresh on every run.
  { id: 'randomized-test-data', weight: 0.5, draw: /\brandom(?:Int|Long|Double|Float|Boolean|Byte|Short|Alpha\w{0,20}|Ascii\w{0,20}|Unicode\w{0,20}|Realistic\w{0,20}|From|Subset\w{0,20}|Between|IntBetween|NonNegative\w{0,10}|Positive\w{0,10}|Value\w{0,20}|Picks|Strings)\s*\(|(?<![\w.])random\s*\(\s*\)\.|\brarely\s*\(\s*\)|\bfrequently\s*\(\s*\)|\bRandomizedTest\b|\bRandomPicks\b|\bRandomStrings\b|\b(?:rand|random|rnd|rng|RANDOM|RAND)\.next(?:Int|Long|Double|Float|Boolean|Gaussian|Bytes)\s*\(/, seeded: /\bnew\s+Random\s*\(\s*[\w.]+\s*\)|\bsetSeed\s*\(/, languages: ['java', 'kotlin', 'unknown'] },
  // Draws from a generator under any name (`generator.nextInt(10)`, `r.nextGaussian()`); Scanner and iterators aside.
  { id: 'unseeded-rng', weight: 0.45, draw: /\b(?!(?:it|iter|iterator|scanner|sc|in|input|reader|tokens?)\.)[a-z]\w{0,30}\.next(?:Int|Long|Double|Float|Boolean|Gaussian)\s*\(/, seeded: /\bnew\s+Random\s*\(\s*[\w.]+\s*\)|\bsetSeed\s*\(/, languages: ['java', 'kotlin', 'unknown'] },
  // A helper that builds random test data (`randomModelState()`, `createRandomIndex(…)`).
  { id: 'random-helper', weight: 0.35, draw: /\b\w{0,40}[a-z]Random(?!\w{0,30}(?:UUID|Uuid|Name|Id|Ids|Bytes|String|Alphanumeric|Alphabetic|Collection|Index|Table|Topic|Queue|Bucket|Key|Port|Dir|File|Path)\s*\()[A-Z]\w{0,40}\s*\(|\brandom(?!\w{0,30}(?:UUID|Uuid|Name|Id|Ids|Bytes|String|Alphanumeric|Alphabetic|Collection|Index|Table|Topic|Queue|Bucket|Key|Port|Dir|File|Path)\s*\()[A-Z]\w{0,40}\s*\(|\bnew\s+Random\w{1,40}(?:Generator|Source|Data)\s*\(/, languages: ['java', 'kotlin', 'unknown'] },
  // Random names, ids and payloads: usually there to make things unique, rarely what the test checks.
  { id: 'random-ids', weight: 0.2, draw: /\b\w{0,40}[Rr]andom\w{0,30}(?:UUID|Uuid|Name|Id|Ids|Bytes|String|Alphanumeric|Alphabetic|Collection|Index|Table|Topic|Queue|Bucket|Key|Port|Dir|File|Path)\s*\(|\bUUID\.randomUUID\s*\(|\buuid\.uuid4\s*\(|\bUuid::new_v4\s*\(|\bcrypto\.randomUUID\s*\(|\buuid\.New\s*\(|\brandomBytes\s*\(|\bgetRandomValues\s*\(/ },
];

const messageRules: readonly MessageRule[] = [
  { id: 'reported-seed', category: 'randomness', weight: 0.5, all: [/\b(?:random )?seed\s*(?:=|:|is|was)?\s*-?\d|Falsifying example|minimal failing (?:input|case)|proptest|quickcheck|Randomized with seed|Shrunk|Trying example|Hypothesis/i] },
];

/** Random bytes or streams that fill a payload: `new Random().nextBytes(buf)`, `new RandomByteStream(new Random(), n)`. */
const RANDOM_PAYLOAD = /\.nextBytes\s*\(|\bnew\s+Random\w{0,30}(?:Stream|Bytes|Buffer|Data|Input)\w{0,10}\s*\(|\brandomBytes\s*\(/;
const PAYLOAD_WEIGHT = 0.2;

/** How much a draw made only in handed-over code (a thread body, a callback) counts. */
const HANDED_OVER_FACTOR = 0.6;

const unseededDraws: SourceRule = (source) => {
  const signals: Signal[] = [];
  const handedOver = handedOverLines(source);
  for (const rule of DRAWS) {
    if (rule.languages !== undefined && !rule.languages.includes(source.language)) continue;
    const index = source.bare.findIndex((line) => rule.draw.test(line));
    if (index < 0) continue;
    if (rule.seeded !== undefined && anyLine(source, rule.seeded) && !anyLine(source, CLOCK_SEED)) continue;
    // A draw only inside a worker's body or a callback spreads load (a random key per request) rather than
    // choosing what the test checks: it counts for less.
    const outside = source.bare.findIndex((line, at) => handedOver[at] !== true && rule.draw.test(line));
    // Random bytes that only fill a payload rarely decide the outcome: every draw used so counts as filler.
    const payloadOnly = source.bare.every((line) => !rule.draw.test(line) || RANDOM_PAYLOAD.test(line));
    const weight = payloadOnly ? Math.min(rule.weight, PAYLOAD_WEIGHT) : outside < 0 ? rule.weight * HANDED_OVER_FACTOR : rule.weight;
    signals.push(sourceSignal(source, outside < 0 ? index : outside, 'randomness', rule.id, weight));
  }
  // `new Random(seed)` with a constant seed is deterministic; seeded from the clock, it is not.
  const clockSeeded = source.code.findIndex((line) => CLOCK_SEED.test(line));
  if (clockSeeded >= 0) signals.push(sourceSignal(source, clockSeeded, 'randomness', 'clock-seeded-rng', 0.5));
  return signals;
};

export const randomnessRules: CategoryRules = {
  messageRules,
  sourceRules: [unseededDraws],
};

