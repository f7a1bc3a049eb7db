import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DotnetTestParser, splitDotnetName } from '../../../src/core/logs/dotnetTestParser';
import type { TestOutcome } from '../../../src/core/model';
import { byId, fixtureText, parseLines } from './logFixtures';

const parse = (name: string): TestOutcome[] => parseLines(new DotnetTestParser(), fixtureText(name));

test('reads each result with the class as suite and the method (with its data row) as id', () => {
  assert.deepEqual(
    parse('dotnet-test.txt').map((o) => `${o.suite} | ${o.id} | ${o.outcome}`),
    [
      'Acme.Shop.Tests.CartTests | AddsLineItems | pass',
      'Acme.Shop.Tests.CartTests | RoundsToCents | fail',
      'Acme.Shop.Tests.CartTests | Quantity(n: 1) | pass',
      'Acme.Shop.Tests.CartTests | Quantity(n: 2) | pass',
      'Acme.Shop.Tests.CartTests | Quantity(n: 3) | fail',
      'Acme.Shop.Tests.CartTests | SyncsWithServer | skip',
      ' | Acme.Shop.Tests.Pricing.PriceTests.Applies [promo] codes › 10% off | pass',
      'Acme.Shop.Tests.CartTests | KeepsÜnïcodeNames | pass',
      'Acme.Shop.Tests.PollerTests | EventuallyResponds | fail',
    ],
  );
});

test("a failure's message is its Error Message, its location the test's frame", () => {
  const outcomes = parse('dotnet-test.txt');
  const failed = byId(outcomes, 'RoundsToCents');
  assert.match(failed.message ?? '', /^Assert\.Equal\(\) Failure: Values differ\nExpected: 0\.3\nActual: {3}0\.30000000000000004/);
  assert.equal(failed.failureLocation, '/home/runner/work/shop/shop/tests/Acme.Shop.Tests/CartTests.cs:14');
  const network = byId(outcomes, 'EventuallyResponds');
  assert.match(network.message ?? '', /^System\.Net\.Http\.HttpRequestException : Connection refused \(localhost:5000\)\n---- System\.Net\.Sockets\.SocketException/);
  assert.equal(network.failureLocation, '/home/runner/work/shop/shop/tests/Acme.Shop.Tests/PollerTests.cs:31');
});

test('names split at the last dot before the arguments', () => {
  assert.deepEqual(splitDotnetName('A.B.C.M(x: "a.b")'), { suite: 'A.B.C', id: 'M(x: "a.b")' });
  assert.deepEqual(splitDotnetName('A.B.C.M (1,2)'), { suite: 'A.B.C', id: 'M (1,2)' });
});

test('lines of other runners are not dotnet results', () => {
  assert.deepEqual(parse('gradle-junit5.txt'), []);
  assert.deepEqual(parse('jest-verbose.txt'), []);
});
