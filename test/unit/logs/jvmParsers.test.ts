import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GradleParser } from '../../../src/core/logs/gradleParser';
import { jvmMethodId, splitJvmTest } from '../../../src/core/logs/jvmTestNames';
import { SurefireParser } from '../../../src/core/logs/surefireParser';
import type { TestOutcome } from '../../../src/core/model';
import { byId, fixtureText, parseLines } from './logFixtures';

const surefire = (name: string): TestOutcome[] => parseLines(new SurefireParser(), fixtureText(name));
const gradle = (name: string): TestOutcome[] => parseLines(new GradleParser(), fixtureText(name));
const summary = (outcomes: readonly TestOutcome[]): string[] => outcomes.map((o) => `${o.suite} | ${o.id} | ${o.outcome} | ${o.attempt}`);

test('JVM ids: the class as suite, the method with its parameters as id, whichever tool printed it', () => {
  assert.equal(jvmMethodId('roundsToCents()'), 'roundsToCents');
  assert.equal(jvmMethodId('quantity{int}[3]'), 'quantity(int)[3]');
  assert.deepEqual(splitJvmTest('com.acme.FooTest.bar(int)[1]'), { suite: 'com.acme.FooTest', id: 'bar(int)[1]' });
  assert.deepEqual(splitJvmTest('isPositive[2: price(-1)](com.acme.PriceTest)'), { suite: 'com.acme.PriceTest', id: 'isPositive[2: price(-1)]' });
  assert.deepEqual(splitJvmTest('com.acme.CartTest$Totals.errors'), { suite: 'com.acme.CartTest$Totals', id: 'errors' });
});

test('Surefire 3 names failures, nested classes and parameters, and folds reruns', () => {
  assert.deepEqual(summary(surefire('maven-surefire3-rerun.txt')), [
    'com.acme.shop.CartTest$Totals | errors | fail | 3',
    'com.acme.shop.CartTest | roundsToCents | fail | 3',
    'com.acme.shop.CartTest | quantity(int)[3] | fail | 3',
    'com.acme.shop.PollerTest | eventuallyResponds | flaky | 2',
    'com.acme.shop.PriceTest |  | pass | 1',
  ]);
});

test('Surefire 2 with JUnit 4 reruns: the Flakes section makes a failure flaky', () => {
  assert.deepEqual(summary(surefire('maven-surefire2-junit4-rerun.txt')), [
    'com.acme.shop.PriceTest | isPositive[2: price(-1)] | fail | 3',
    'com.acme.shop.PollerTest | alwaysFails | fail | 3',
    'com.acme.shop.PollerTest | errors | fail | 3',
    'com.acme.shop.PollerTest | eventuallyResponds | flaky | 2',
  ]);
});

test('Surefire 2 with JUnit 5 gives the same ids as Surefire 3', () => {
  assert.deepEqual(summary(surefire('maven-surefire2-junit5.txt')), [
    'com.acme.shop.PollerTest | eventuallyResponds | fail | 1',
    'com.acme.shop.CartTest | quantity(int)[3] | fail | 1',
    'com.acme.shop.CartTest | roundsToCents | fail | 1',
    'com.acme.shop.CartTest$Totals | errors | fail | 1',
  ]);
});

test("a Surefire failure's message is the exception and the test's own frame", () => {
  const failed = byId(surefire('maven-surefire3-rerun.txt'), 'roundsToCents');
  assert.equal(failed.message, 'org.opentest4j.AssertionFailedError: expected: <0.3> but was: <0.30000000000000004>\nat com.acme.shop.CartTest.roundsToCents(CartTest.java:13)');
  assert.equal(failed.failureLocation, 'CartTest.java:13');
});

test('Gradle events give every test, JUnit 5 display names normalised to the same ids', () => {
  assert.deepEqual(summary(gradle('gradle-junit5.txt')), [
    'CartTest | addsLineItems | pass | 1',
    'CartTest | roundsToCents | fail | 1',
    'CartTest | syncsWithServer | skip | 1',
    'CartTest | applies [promo] codes › 10% off | pass | 1',
    'CartTest | quantity(int)[1] | pass | 1',
    'CartTest | quantity(int)[2] | pass | 1',
    'CartTest | quantity(int)[3] | fail | 1',
    'CartTest$Totals | ünïcodeTotal | pass | 1',
    'CartTest$Totals | errors | fail | 1',
    'PollerTest | eventuallyResponds | flaky | 2',
  ]);
});

test('Gradle with JUnit 4 prints fully qualified classes', () => {
  const outcomes = gradle('gradle-junit4.txt');
  assert.equal(outcomes.length, 8);
  const failed = byId(outcomes, 'isPositive[2: price(-1)]');
  assert.equal(failed.suite, 'com.acme.shop.PriceTest');
  assert.equal(failed.message, 'java.lang.AssertionError at PriceTest.java:17');
  assert.equal(failed.failureLocation, 'PriceTest.java:17');
  assert.equal(byId(outcomes, 'needsDocker').outcome, 'skip');
});

test('lines of other runners are not JVM results', () => {
  assert.deepEqual(gradle('maven-surefire3-rerun.txt'), []);
  assert.deepEqual(surefire('gradle-junit5.txt'), []);
  assert.deepEqual(gradle('pytest-v.txt'), []);
});

test('a test name is split after the longest known class, whichever the number of classes known', () => {
  const known = new Set(['com.acme', 'com.acme.FooTest', 'com.acme.FooTest$Inner']);
  for (let i = 0; i < 50_000; i++) known.add(`com.other.Test${i}`);
  assert.deepEqual(splitJvmTest('com.acme.FooTest.bar.baz', known), { suite: 'com.acme.FooTest', id: 'bar.baz' });
  assert.deepEqual(splitJvmTest('com.acme.FooTest$Inner.qux(int)[2]', known), { suite: 'com.acme.FooTest$Inner', id: 'qux(int)[2]' });
  // A display name with spaces: the first known class that starts it.
  assert.deepEqual(splitJvmTest('com.acme.FooTest.returns 1.5 for 3', known), { suite: 'com.acme', id: 'FooTest.returns 1.5 for 3' });
  assert.equal(splitJvmTest('org.unknown.Case.returns 1.5', known), undefined);
});
