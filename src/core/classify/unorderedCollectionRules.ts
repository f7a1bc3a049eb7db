// Unordered collections: the test compares something whose order is not specified (hash map and set iteration, Go
// map ranges, reflection, directory listings, JSON object keys) with a value in one fixed order. The strongest sign
// is a failure whose expected and actual values hold the same items in another order.

import { ASSERTION } from './codePatterns';
import type { CategoryRules, MessageCheck, Signal, SourceRule } from './signals';
import { anyLine, messageSignal, sourceSignal } from './signals';
import { withChain, type SourceView } from './sourceText';

const HASH_COLLECTION =
  /(?<!Linked)\bHash(?:Map|Set)\b|\bHashtable\b|\bhash(?:Map|Set)Of\s*\(|\bFxHash(?:Map|Set)\b|\bAHash(?:Map|Set)\b|\bConcurrentHash(?:Map|Set)\b|\bConcurrentHashMap\.newKeySet\s*\(|\b(?:Sets|Maps)\.new(?:Concurrent)?Hash(?:Set|Map)\s*\(|\bSets\.newConcurrentHashSet\s*\(|\bHashMultimap\b|\bHashMultiset\b/;
/** The variable a hash map or set is stored in: `Map<K, V> params = new HashMap<>()`, `let mut m = HashMap::new()`. */
const HASH_VARIABLE =
  /\b([A-Za-z_]\w{0,60})\s*(?::\s*[\w<>, ]{1,80})?=\s*(?:new\s+)?(?:(?:Sets|Maps)\.new)?(?:Concurrent)?(?:Hash(?:Map|Set|Multimap|Multiset)|Hashtable|hash(?:Map|Set)Of)\b/;
const ORDER_SENSITIVE_USE =
  /\.(?:keys|values|iter|into_iter|drain|entrySet|keySet|entries|toString|toArray|stream|forEach)\s*\(|\bfor\s*\([\w<>, ?]{1,80}\s\w+\s*:\s*[\w.()]+\)|\bfor\s+\(?\w+(?:,\s*\w+)?\)?\s+in\b|\bformat!\s*\(|\{:\?\}|\bString\.join\s*\(|\bArrays\.toString\s*\(|\.join\s*\(|\bCollectors\.(?:toList|joining)\b|\.collect(?:::<\s*Vec)?/;
const ORDER_RESTORED =
  /\bsort\w*|\bSort\w*|\bsorted\b|\bBTree(?:Map|Set)\b|\bTree(?:Map|Set)\b|\bLinkedHash(?:Map|Set)\b|\bElementsMatch\b|InAnyOrder\b|\bassertCountEqual\b|\barrayContaining\b|\bunordered\b|\bIndex(?:Map|Set)\b|\bOrderedDict\b|\bassertSameElements\b|\bhas_same_elements\b|\bcontainsOnly\b|\bto_set\b|\btoSet\s*\(|\bhasSameElementsAs\b|\bassertSetEquals\b|\bIgnoringOrder\b|\bJSONAssert\b|\bassertJsonEquals\b|\bJsonAssert\w*/;
const LITERAL_VALUE = /"|'|\bvec!\s*\[|\[\s*["'\d]|\bList\.of\s*\(|\bArrays\.asList\s*\(|\blistOf\s*\(|\[\]\w+\s*\{|\bSet\.of\s*\(/;

const GO_MAP_DECLARATION = /\b(\w+)\s*:?=\s*(?:make\s*\(\s*)?map\[|\bvar\s+(\w+)\s+map\[|\b(\w+)\s+map\[\w/;
const GO_RANGE = /\brange\s+([\w.]+)\s*\{|\brange\s+map\[/;
const PYTHON_SET_DECLARATION = /\b(\w+)\s*=\s*(?:set|frozenset)\s*\(|\b(\w+)\s*=\s*\{[^:{}]{1,200}\}\s*$/;
const REFLECTION_ORDER =
  /\.getDeclared(?:Methods|Fields|Constructors|Classes|Annotations)\s*\(\s*\)|\.get(?:Methods|Fields|Constructors|Annotations)\s*\(\s*\)|\bReflectionToStringBuilder\b|\breflectionToString\s*\(|\bgetPropertyDescriptors\s*\(|\bFieldUtils\.getAllFields\w*\s*\(/;
const DIRECTORY_LISTING =
  /\bread_dir\s*\(|\.listFiles\s*\(|\bos\.listdir\s*\(|\bos\.scandir\s*\(|\bglob\.i?glob\s*\(|\breaddir(?:Sync)?\s*\(|\bFiles\.(?:list|walk|newDirectoryStream)\s*\(|\.iterdir\s*\(|\bos\.walk\s*\(/;
const JSON_SERIALISER =
  /\btoJson\w*\s*\(|\btoJSONString\s*\(|\bwriteValueAsString\s*\(|\bserde_json::to_string\w*\s*\(|\bjson\.dumps\s*\(|\bJSONObject\b|\bGson\b|\bObjectMapper\b|\bJsonOutput\b/;
const JSON_TEXT = /"\{\\"|'\{"|"\{'|"\[\{\\"|'\[\{"/;
/** A second key in a JSON object literal (`,\"b\":`), so that there is an order to get wrong. */
const JSON_SECOND_KEY = /,\s?\\?"[\w-]{1,60}\\?"\s?:|,\s?'[\w-]{1,60}'\s?:/;

function firstIndex(source: SourceView, test: (line: string, index: number) => boolean): number {
  return source.code.findIndex(test);
}

/** Rust, Java and Kotlin hash maps and sets read in iteration order and compared with a literal. */
const hashIteration: SourceRule = (source) => {
  if (anyLine(source, ORDER_RESTORED)) return [];
  const declaration = firstIndex(source, (line) => HASH_COLLECTION.test(line));
  if (declaration < 0) return [];
  // The collection read in iteration order, or handed to code that will read it so (`format(params)`).
  const name = HASH_VARIABLE.exec(source.bare[declaration] ?? '')?.[1];
  const handedOn = name === undefined ? undefined : new RegExp(`[(,]\\s*${name}\\s*[,)]`);
  const uses = source.code
    .map((line, index) => ({ line, index }))
    .filter(({ line, index }) => index >= declaration && (ORDER_SENSITIVE_USE.test(line) || handedOn?.test(line) === true) && !HASH_COLLECTION.test(line));
  const compared = uses.find(({ line, index }) => isCheckedAgainstLiteral(source, line, index));
  const use = compared ?? uses[0];
  if (use === undefined) return [];
  const weight = compared ? 0.5 : 0.3;
  return [
    sourceSignal(source, use.index, 'unordered-collection', 'hash-iteration', weight),
    sourceSignal(source, declaration, 'unordered-collection', 'hash-iteration', weight - 0.05),
  ];
};

function isCheckedAgainstLiteral(source: SourceView, line: string, index: number): boolean {
  const checksLiteral = (text: string): boolean => ASSERTION.test(text) && LITERAL_VALUE.test(text) && !HASH_COLLECTION.test(text);
  return checksLiteral(line) || source.code.slice(index + 1, index + 8).some(checksLiteral);
}

/** Go: ranging over a map (Go randomises the order on purpose) and checking what came out. */
const goMapRange: SourceRule = (source) => {
  if (source.language !== 'go' && source.language !== 'unknown') return [];
  if (anyLine(source, ORDER_RESTORED)) return [];
  const maps = new Set<string>();
  const signals: Signal[] = [];
  source.code.forEach((line, index) => {
    const declared = GO_MAP_DECLARATION.exec(line);
    const name = declared?.[1] ?? declared?.[2] ?? declared?.[3];
    if (name !== undefined) maps.add(name);
    const ranged = GO_RANGE.exec(line);
    if (ranged === null || signals.length > 0) return;
    const target = ranged[1];
    const overMap = target === undefined || maps.has(target) || maps.has(target.slice(target.lastIndexOf('.') + 1));
    if (!overMap) return;
    const weight = source.code.slice(index + 1).some((next) => ASSERTION.test(next)) ? 0.45 : 0.3;
    signals.push(sourceSignal(source, index, 'unordered-collection', 'map-range', weight));
  });
  return signals;
};

/** Python: a set turned into a list, a string or a loop, whose order changes with hash randomisation. */
const pythonSetOrder: SourceRule = (source) => {
  if (source.language !== 'python') return [];
  if (anyLine(source, /\bsorted\s*\(|\.sort\s*\(|\bassertCountEqual\b|\bassertSetEqual\b/)) return [];
  const sets = new Set<string>();
  for (let index = 0; index < source.code.length; index += 1) {
    const line = source.code[index] ?? '';
    if (/\b(?:list|tuple)\s*\(\s*(?:set|frozenset)\s*\(/.test(line)) {
      return [sourceSignal(source, index, 'unordered-collection', 'set-order', 0.45)];
    }
    const declared = PYTHON_SET_DECLARATION.exec(line);
    const name = declared?.[1] ?? declared?.[2];
    if (name !== undefined) {
      sets.add(name);
      continue;
    }
    for (const set of sets) {
      const use = new RegExp(`\\b(?:list|tuple|str|next|iter)\\s*\\(\\s*${set}\\s*\\)|\\bfor\\s+\\w+\\s+in\\s+${set}\\b|\\.join\\s*\\(\\s*${set}\\s*\\)|\\[\\s*${set}\\s*\\]`);
      if (use.test(line)) return [sourceSignal(source, index, 'unordered-collection', 'set-order', 0.45)];
    }
  }
  return [];
};

/** Reflection and directory listings return their entries in no specified order. */
const unspecifiedOrderApis: SourceRule = (source) => {
  if (anyLine(source, ORDER_RESTORED)) return [];
  const signals: Signal[] = [];
  const reflection = firstIndex(source, (line) => REFLECTION_ORDER.test(line));
  if (reflection >= 0) signals.push(sourceSignal(source, reflection, 'unordered-collection', 'reflection-order', 0.4));
  const listing = firstIndex(source, (line) => DIRECTORY_LISTING.test(line));
  if (listing >= 0) signals.push(sourceSignal(source, listing, 'unordered-collection', 'directory-order', 0.35));
  return signals;
};

/**
 * A JSON object with several keys compared as text: key order is not part of JSON, and serialisers of hash maps
 * (or of fields read by reflection) do not promise one.
 */
const jsonText: SourceRule = (source) => {
  if (source.language === 'typescript' || source.language === 'javascript' || source.language === 'go') return [];
  const index = firstIndex(source, (line) => ASSERTION.test(line) && JSON_TEXT.test(line) && JSON_SECOND_KEY.test(line));
  if (index < 0) return [];
  return [sourceSignal(source, index, 'unordered-collection', 'json-text', anyLine(source, JSON_SERIALISER) ? 0.45 : 0.35)];
};

/** Collections whose iteration order is not specified, as Java and Kotlin code names them. */
const UNORDERED_SOURCE =
  /(?<![\w.])(?:Set|Map|HashMap|HashSet|Hashtable|Properties|Multimap|Multiset|ConcurrentMap|ConcurrentHashMap)\s*<|\bMap\.Entry\b|\.(?:keySet|entrySet|values|entries)\s*\(\s*\)|\bCollectors\.(?:toSet|toMap|groupingBy)\b|\bSets\.newHashSet\b|\bMaps\.newHashMap\b|\bImmutableMap\.of\b|\bmapOf\s*\(|\bsetOf\s*\(/;
/** A read of one position of a collection: the first row, the second element, the next entry. */
const POSITIONAL_READ = /\.get\s*\(\s*\d\s*\)|(?<![=\s])\[\s*\d\s*\](?!\s*=[^=])|\.next(?:Entry)?\s*\(\s*\)|\.(?:first|getFirst|findFirst|firstKey)\s*\(\s*\)/;
/** Matchers that require one order: hamcrest `contains(a, b)`, AssertJ `containsExactly(a, b)`. */
const ORDERED_MATCHER = /(?<![\w.])contains\s*\([^()]{0,200},|\.containsExactly\s*\([^()]{0,200},|\bIsIterableContainingInOrder\b/;
/** An expected list of several items written out in order. */
const FIXED_ORDER_LIST = /\b(?:Arrays\.asList|List\.of|ImmutableList\.of|Lists\.newArrayList|listOf)\s*\([^()]{0,400},[^()]{0,400},[^()]{0,400}\)/;
/** Text of a printed map or of a query string with several entries: `{a=1, b=2}`, `a=1&b=2`, `foo&baz=qux`. */
const MAP_TEXT = /"[^"]{0,200}\{\w{1,40}=[^,{}"]{0,80},\s?\w{1,40}=[^"]{0,200}"|"[^"&]{0,200}[^"&\s]&\w{1,40}=[^"]{0,200}"/;
/** Variables followed through a test, at most (keeps each line's check bounded). */
const MAX_TRACKED_NAMES = 20;
/** Serialisers whose output orders keys as the map or the fields it reads happen to be ordered. */
const SERIALISER_CALL = /\b(?:writeValueAs(?:String|Bytes)|toJson\w*|toJSON\w*|serialize\w*|marshal\w*|stringify|dumps|toXml\w*)\s*\(/;

/** Java/Kotlin: a check of one position (`get(0)`, `next()`) of a result built from a set or a map. */
const positionalCheck: SourceRule = (source) => {
  if (source.language !== 'java' && source.language !== 'kotlin') return [];
  if (anyLine(source, ORDER_RESTORED)) return [];
  const signals: Signal[] = [];
  const unorderedSource = firstIndex(source, (line) => UNORDERED_SOURCE.test(line));
  const checked = firstIndex(source, (line, index) => POSITIONAL_READ.test(line) && (ASSERTION.test(line) || assignedThenChecked(source, line, index)));
  if (checked >= 0) {
    signals.push(sourceSignal(source, checked, 'unordered-collection', 'positional-check', unorderedSource >= 0 ? 0.45 : 0.15));
    if (unorderedSource >= 0) signals.push(sourceSignal(source, unorderedSource, 'unordered-collection', 'positional-check', 0.4));
  }
  const matcher = firstIndex(source, (line, index) => ASSERTION.test(line) && ORDERED_MATCHER.test(withChain(source.code, index)));
  if (matcher >= 0) signals.push(sourceSignal(source, matcher, 'unordered-collection', 'ordered-matcher', unorderedSource >= 0 ? 0.45 : 0.3));
  // The statement read whole: `List<String> expected =` then `Arrays.asList("a", "b", "c");` on the next line.
  const list = firstIndex(source, (line, index) => {
    const statement = withChain(source.code, index);
    return FIXED_ORDER_LIST.test(statement) && (ASSERTION.test(line) || assignedThenChecked(source, statement, index));
  });
  if (list >= 0) signals.push(sourceSignal(source, list, 'unordered-collection', 'fixed-order-list', unorderedSource >= 0 ? 0.45 : 0.3));
  return signals;
};

/** `Entry entry = it.next();` followed within three lines by a check that uses `entry`. */
function assignedThenChecked(source: SourceView, line: string, index: number): boolean {
  const name = /\b([A-Za-z_]\w*)\s*=(?!=)/.exec(line)?.[1];
  if (name === undefined) return false;
  const use = new RegExp(`\\b${name}\\b`);
  return source.code.slice(index + 1, index + 4).some((next) => ASSERTION.test(next) && use.test(next));
}

/** A view of a map or a set (`keySet()`, `values()`) checked against something ordered: a list, an array, text. */
const MAP_VIEW = /\.(?:keySet|values|entrySet|elements|keys)\s*\(\s*\)/;
const ORDERED_FORM =
  /\bArrays\.asList\s*\(|\bList\.of\s*\(|\bImmutableList\.of\s*\(|\bLists\.newArrayList\s*\(|\bnew\s+ArrayList\b|\.toArray\s*\(|\.toString\s*\(\s*\)|\bString\.join\s*\(|\bassertArrayEquals\s*\(|\.iterator\s*\(\s*\)\.next\s*\(|\.containsExactly\s*\(|\bCollectors\.(?:toList|joining)\b|\.get\s*\(\s*\d\s*\)|"\[[^"\]]{1,200},[^"\]]{1,200}\]"/;
const mapViewInOrder: SourceRule = (source) => {
  if (source.language !== 'java' && source.language !== 'kotlin') return [];
  if (anyLine(source, ORDER_RESTORED)) return [];
  const index = firstIndex(source, (line, at) => {
    const checked = withChain(source.code, at);
    return ASSERTION.test(line) && MAP_VIEW.test(checked) && ORDERED_FORM.test(checked);
  });
  return index < 0 ? [] : [sourceSignal(source, index, 'unordered-collection', 'map-view-in-order', 0.4)];
};

/** A printed map or a query string with several entries, compared as text. */
const mapText: SourceRule = (source) => {
  const index = firstIndex(source, (line) => ASSERTION.test(line) && MAP_TEXT.test(line));
  return index < 0 ? [] : [sourceSignal(source, index, 'unordered-collection', 'map-text', 0.4)];
};

/**
 * A collection printed as text and compared with a literal of several items (`assertEquals("[a, b]", set.toString())`,
 * `assertEquals("x,y,z", String.join(",", names))`): the text follows the collection's iteration order, which hash
 * collections do not fix.
 */
const COLLECTION_TEXT = /"\[[^"\]]{1,200},[^"\]]{1,200}\]"|"\{[^":{}]{1,200},[^":{}]{1,200}\}"/;
const JOINED_TEXT = /\bString\.join\s*\(|\bJoiner\.on\s*\(|\bCollectors\.joining\s*\(|\bStringUtils\.join\s*\(/;
const collectionText: SourceRule = (source) => {
  if (source.language !== 'java' && source.language !== 'kotlin') return [];
  if (anyLine(source, ORDER_RESTORED)) return [];
  const index = firstIndex(source, (line, at) => {
    if (!ASSERTION.test(line)) return false;
    const checked = withChain(source.code, at);
    return (COLLECTION_TEXT.test(checked) && /\.toString\s*\(\s*\)|\bString\.valueOf\s*\(|\bArrays\.toString\s*\(|,\s*[a-z]\w{0,60}\s*\)/.test(checked)) || (JOINED_TEXT.test(checked) && /"[^"]{1,200},[^"]{1,200}"/.test(checked));
  });
  return index < 0 ? [] : [sourceSignal(source, index, 'unordered-collection', 'collection-text', 0.35)];
};

/** The output of a serialiser compared as text with an expected value. */
const serialisedText: SourceRule = (source) => {
  if (anyLine(source, ORDER_RESTORED)) return [];
  const serialised = new Set<string>();
  for (let index = 0; index < source.code.length; index += 1) {
    const line = source.code[index] ?? '';
    const isEquality = ASSERTION.test(line) && /\b(?:assertEquals|assertThat|isEqualTo|assert_eq!|toEqual|toBe|assertEqual|is)\b/.test(line);
    if (isEquality && (SERIALISER_CALL.test(line) || [...serialised].some((name) => new RegExp(`\\b${name}\\b`).test(line)))) {
      return [sourceSignal(source, index, 'unordered-collection', 'serialised-text', 0.4)];
    }
    const assigned = /\b([A-Za-z_]\w*)\s*=(?!=)/.exec(line)?.[1];
    if (assigned !== undefined && SERIALISER_CALL.test(line) && serialised.size < MAX_TRACKED_NAMES) serialised.add(assigned);
  }
  return [];
};

// Expected and actual values as test frameworks print them.
const EXPECTED_BUT_WAS = /expected:\s?<(.{1,2000})> but was:\s?<(.{1,2000})>/;
const SIDE_LABELS: readonly (readonly [RegExp, RegExp])[] = [
  [/^\s*left(?:\s*:|`:)\s*(.+)$/, /^\s*right(?:\s*:|`:)\s*(.+)$/],
  [/^\s*expected\s*:\s*(.+)$/i, /^\s*(?:actual|received|but was|got)\s*:\s*(.+)$/i],
  [/^\s*(?:\+\s*)?Expected\s*:?\s+(.+)$/, /^\s*(?:-\s*)?Received\s*:?\s+(.+)$/],
];
const PYTHON_COMPARISON = /(?:AssertionError:\s+(?:assert\s+)?|^\s*E?\s*assert\s+)(.{1,2000}?)\s+(?:!=|==)\s+(.{1,2000})$/;

/** The same items in another order on both sides of a failed equality. */
export function isPermutation(expected: string, actual: string): boolean {
  const a = comparable(expected);
  const b = comparable(actual);
  if (a === b) return false;
  const left = tokens(a);
  const right = tokens(b);
  if (left.length < 2 || left.length !== right.length) return false;
  const sortedLeft = [...left].sort();
  const sortedRight = [...right].sort();
  return sortedLeft.every((token, index) => token === sortedRight[index]);
}

function comparable(side: string): string {
  return side.trim().replace(/^[`"']|[`"',]$/g, '').trim();
}

/** Items of a printed collection; `key: value` and `key=value` stay one item, so swapped values are no permutation. */
function tokens(side: string): string[] {
  return side
    .replace(/\s+/g, ' ')
    .replace(/ ?([:=]) ?/g, '$1')
    .split(/[\s,;[\]{}()<>"'`]+/)
    .filter((token) => token !== '');
}

const reorderedValues: MessageCheck = (message) => {
  const lines = message.lines;
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    const junit = EXPECTED_BUT_WAS.exec(line);
    if (junit?.[1] !== undefined && junit[2] !== undefined && isPermutation(junit[1], junit[2])) {
      return [messageSignal(message, line, 'unordered-collection', 'reordered-values', 0.75, { focus: junit.index })];
    }
    const python = PYTHON_COMPARISON.exec(line);
    if (python?.[1] !== undefined && python[2] !== undefined && isPermutation(python[1], python[2])) {
      return [messageSignal(message, line, 'unordered-collection', 'reordered-values', 0.75)];
    }
    for (const [expectedLabel, actualLabel] of SIDE_LABELS) {
      const expected = expectedLabel.exec(line)?.[1];
      if (expected === undefined) continue;
      for (const next of lines.slice(index + 1, index + 3)) {
        const actual = actualLabel.exec(next)?.[1];
        if (actual !== undefined && isPermutation(expected, actual)) {
          return [messageSignal(message, line, 'unordered-collection', 'reordered-values', 0.75)];
        }
      }
    }
  }
  return [];
};

export const unorderedCollectionRules: CategoryRules = {
  messageChecks: [reorderedValues],
  sourceRules: [
    hashIteration,
    goMapRange,
    pythonSetOrder,
    unspecifiedOrderApis,
    jsonText,
    positionalCheck,
    mapText,
    serialisedText,
    mapViewInOrder,
    collectionText,
  ],
};
