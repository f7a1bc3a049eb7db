// A test's name hints at what it exercises (`TestPoll/timeout`, `tls_sample_application`). Too weak to name a cause
// alone (below the reporting threshold), it only adds to signs found elsewhere.

import type { Cause, Signal } from './signals';

const NAME_HINTS: readonly { readonly category: Cause; readonly words: RegExp }[] = [
  { category: 'network', words: /^(?:network|online|http|https|tls|ssl|dns|download|remote|socket|tcp|udp|fetch|proxy|url|websocket|grpc)$/ },
  { category: 'timing', words: /^(?:timeout|timeouts|elapsed|duration|deadline|latency|timer|timers|delay|clock|interval|ticker|tick|sleep|expiry|expiration|expire|expired|expires|ttl|time|timestamp|timestamps|date|dates|datetime|timezone|calendar|stale|schedule|scheduled|periodic|cron)$/ },
  { category: 'concurrency', words: /^(?:concurrent|concurrency|race|parallel|threads?|threaded|goroutines?|mutex|lock|locking|locks|atomic|deadlock|sync|simultaneous|simultaneously|multithreaded|multithread|contention)$/ },
  { category: 'randomness', words: /^(?:random|randomized|fuzz|shuffle|seed|prop|proptest|quickcheck)$/ },
  { category: 'async-wait', words: /^(?:async|await|eventually|wait|polling|callback|future|promise|notify|notification)$/ },
];
const NAME_WEIGHT = 0.15;

/** Lower-case words of a test name: `TestPoll/timeout` → test, poll, timeout. */
function nameWords(name: string): string[] {
  return name
    .slice(0, 500)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
}

export function testNameSignals(name: string | undefined): Signal[] {
  if (name === undefined || name === '') return [];
  const words = nameWords(name);
  const signals: Signal[] = [];
  for (const hint of NAME_HINTS) {
    if (words.some((word) => hint.words.test(word))) {
      signals.push({ category: hint.category, rule: 'test-name', weight: NAME_WEIGHT, origin: 'name' });
    }
  }
  return signals;
}
