// Signs in Java and Kotlin test sources, read from the source alone (FlakyCat's setting): waits, clocks, threads,
// collection order, shared fixtures, sockets, random data, files and floats, written as the JVM ecosystem writes them.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classify } from '../../../src/core/classify/classifier';
import { categoriesOf, confidenceOf, verdict } from './classifyFixtures';

const java = (text: string, file = 'FooTest.java') => classify({ language: 'java', testSource: { file, text, startLine: 1 } });

describe('async-wait signs in JVM sources', () => {
  it('reads a helper that waits for a condition as async-wait, quoting it', () => {
    const result = java('broker.publish(event);\nwaitForDelivery(queue);\nassertEquals(1, queue.size());');
    assert.equal(result.category, 'async-wait');
    assert.deepEqual(verdict(result, 'async-wait')?.evidence, ['FooTest.java:2: waitForDelivery(queue);']);
  });

  it('reads Awaitility as async-wait', () => {
    assert.equal(java('service.refresh();\nawait().atMost(5, SECONDS).until(() -> service.isReady());').category, 'async-wait');
  });

  it('reads a wait bounded by a statically imported unit as async-wait', () => {
    assert.equal(java('producer.send(message);\nassertNotNull(queue.poll(500, MILLISECONDS));').category, 'async-wait');
  });

  it('reads a service restarted just before a check as async-wait', () => {
    assert.equal(java('server.restart();\nassertTrue(client.isConnected());').category, 'async-wait');
  });

  it('reads a wait bounded by a Duration as async-wait', () => {
    assert.equal(java('StepVerifier.create(replies).expectNext("hi").expectComplete().verify(Duration.ofSeconds(2));').category, 'async-wait');
  });

  it('reads an asynchronous call checked right after as async-wait', () => {
    assert.equal(java('Future<Reply> reply = client.sendAsync(request);\nassertEquals(OK, reply.get().status());').category, 'async-wait');
  });
});

describe('timing signs in JVM sources', () => {
  it('reads a clock value that the test then checks as timing', () => {
    const result = java('long now = System.currentTimeMillis();\nstore.touch("k", now);\nassertEquals(now, store.modified("k"));');
    assert.equal(result.category, 'timing');
    assert.equal(verdict(result, 'timing')?.evidence[0], 'FooTest.java:3: assertEquals(now, store.modified("k"));');
  });

  it('reads dates parsed in a test as timing', () => {
    assert.equal(java('DateTime created = DateTime.parse("2020-02-29T23:59:00Z");\nassertEquals("2020-03-01", format(created.plusMinutes(1)));').category, 'timing');
  });

  it('reads an elapsed time compared with a time-named bound as timing', () => {
    assert.equal(java('long elapsedMs = watch.stop();\nassertThat(elapsedMs).isGreaterThan(delayMillis);').category, 'timing');
  });

  it('reads a fluent assertion on a stopwatch, its bound on the next line, as timing', () => {
    const text = 'watch.start();\nworker.run();\nwatch.stop();\nassertThat(watch.getTotalTimeMillis())\n    .isLessThanOrEqualTo(budgetMillis);';
    assert.equal(java(text).category, 'timing');
  });

  it('reads a statically imported now() as a clock read', () => {
    assert.ok(categoriesOf(java('OffsetDateTime since = now();\nassertEquals(1, events.countSince(since));')).includes('timing'));
  });

  it('reads a timer with a short delay as timing', () => {
    assert.equal(java('vertx.setTimer(50, id -> client.insert(doc));\nassertEquals(1, seen.size());').category, 'timing');
  });

  it('reads assertTimeout as timing', () => {
    assert.equal(java('assertTimeout(Duration.ofMillis(100), () -> index.rebuild());').category, 'timing');
  });
});

describe('concurrency signs in JVM sources', () => {
  it('reads threads started in a loop around an atomic counter as concurrency', () => {
    const text = 'for (int i = 0; i < 4; i++) {\n    new Thread(() -> counter.incrementAndGet()).start();\n}\nassertEquals(4, counter.get());';
    assert.equal(java(text).category, 'concurrency');
  });

  it('counts threads started in a loop for more than one thread', () => {
    const loop = java('for (int i = 0; i < 4; i++) {\n    new Thread(task).start();\n}\nassertEquals(4, task.runs());');
    const one = java('new Thread(task).start();\nassertEquals(1, task.runs());');
    assert.ok(confidenceOf(loop, 'concurrency') > confidenceOf(one, 'concurrency'));
  });

  it('reads threads of a Thread subclass started in a loop as concurrency', () => {
    const text = 'Set<Loader> seen = Collections.synchronizedSet(new HashSet<>());\nfor (int i = 0; i < 10; i++) {\n    Thread t = new LoaderThread(seen);\n    t.start();\n}\nassertEquals(10, seen.size());';
    assert.equal(java(text).category, 'concurrency');
  });

  it('reads atomic operations as a concurrency sign even when the declaration is elsewhere', () => {
    assert.ok(categoriesOf(java('requests.runWrite(() -> hits.incrementAndGet());\nassertEquals(1, hits.get());')).includes('concurrency'));
  });
});

describe('unordered-collection signs in JVM sources', () => {
  it('reads a check of the first element of a result built from a set as unordered-collection', () => {
    const result = java('Set<Column> columns = table.columns();\nList<Mapping> mappings = table.mappings();\nassertEquals("id", mappings.get(0).name());');
    assert.equal(result.category, 'unordered-collection');
    assert.equal(verdict(result, 'unordered-collection')?.evidence[0], 'FooTest.java:3: assertEquals("id", mappings.get(0).name());');
  });

  it('reads an ordered matcher with several items as unordered-collection', () => {
    assert.equal(java('assertThat(plan.tracks(), contains("track1", "track2"));').category, 'unordered-collection');
  });

  it('reads a hash map handed to a formatter and compared with a literal as unordered-collection', () => {
    const text = 'Map<String, String> params = new HashMap<>();\nparams.put("a", "1");\nparams.put("b", "2");\nString query = QueryFormatter.format(params);\nassertEquals("a=1&b=2", query);';
    assert.equal(java(text).category, 'unordered-collection');
  });

  it('reads a printed map compared as text as unordered-collection', () => {
    assert.equal(java('assertEquals("{a=1, b=2}", config.asMap().toString());').category, 'unordered-collection');
  });

  it('reads the output of a serialiser compared as text as unordered-collection', () => {
    assert.equal(java('String json = mapper.writeValueAsString(pack);\nassertThat(json).isEqualTo(expectedJson);').category, 'unordered-collection');
  });

  it('reads reflection-based toString compared as text as unordered-collection', () => {
    assert.equal(java('assertEquals("Person[name=a,age=1]", new ReflectionToStringBuilder(person).toString());').category, 'unordered-collection');
  });

  it('does not read a positional check of a sorted result as unordered', () => {
    const result = java('Set<String> names = registry.names();\nList<String> sorted = names.stream().sorted().collect(toList());\nassertEquals("a", sorted.get(0));');
    assert.ok(!categoriesOf(result).includes('unordered-collection'));
  });

  it('does not read a hasSameElementsAs comparison as unordered', () => {
    const result = java('Set<String> ids = captor.getAllValues().stream().collect(Collectors.toSet());\nassertThat(ids).hasSameElementsAs(expected);');
    assert.ok(!categoriesOf(result).includes('unordered-collection'));
  });
});

describe('order signs in JVM sources', () => {
  it('reads a static setter called from a test as order', () => {
    assert.equal(java('Plugins.setDefaultRegistry(registry);\nassertEquals(1, Plugins.count());').category, 'order');
  });

  it('reads a test on a fixture it does not create as a weak order sign rather than unknown', () => {
    const result = java('public void handlesMessage() {\n    receiver.accept(MESSAGE);\n    assertEquals(POSITION, handler.last().type());\n}');
    assert.equal(result.category, 'order');
    assert.ok(confidenceOf(result, 'order') < 0.2);
    assert.deepEqual(verdict(result, 'order')?.evidence, ['FooTest.java:2: receiver.accept(MESSAGE);']);
  });

  it('does not take what the test declares for a shared fixture', () => {
    const text = 'public void parses(String input) {\n    Parser parser = new Parser();\n    assertEquals(1, parser.parse(input).size());\n}';
    assert.equal(java(text).category, 'unknown');
  });
});

describe('network signs in JVM sources', () => {
  it('reads a lookup of the local host name as network', () => {
    assert.equal(java('InetAddress local = InetAddress.getLocalHost();\nassertEquals(1, registry.register(local));').category, 'network');
  });

  it('reads sockets set up with TLS as network', () => {
    const text = 'SSLContext context = SSLContext.getInstance("TLS");\nServerSocket serverSocket = context.getServerSocketFactory().createServerSocket(0);\nint port = serverSocket.getLocalPort();\nSocket socket = new Socket("localhost", port);\nassertTrue(socket.isConnected());';
    assert.equal(java(text).category, 'network');
  });

  it('reads HTTP calls to a local server as network', () => {
    const text = 'PostMethod post = httpPost("/notebook/job", "");\nassertEquals(200, post.getStatusCode());\npost.releaseConnection();';
    assert.equal(java(text).category, 'network');
  });
});

describe('randomness signs in JVM sources', () => {
  it('reads randomized-testing draws as randomness', () => {
    assert.equal(java('int size = randomIntBetween(1, 100);\nassertEquals(size, buffer(size).capacity());').category, 'randomness');
  });

  it('reads a helper that builds random test data as randomness', () => {
    assert.equal(java('ModelState state = Fixtures.randomModelState();\nassertNull(dao.checkpoint(state));').category, 'randomness');
  });

  it('counts a random name, made to be unique, for less than random data', () => {
    const name = java('String topic = randomTopicName();\nadmin.createTopic(topic);\nassertTrue(admin.exists(topic));');
    const data = java('Model model = Fixtures.randomModel();\nassertTrue(dao.save(model));');
    assert.ok(confidenceOf(name, 'randomness') < confidenceOf(data, 'randomness'));
  });

  it('does not read a generator seeded with a constant as randomness', () => {
    assert.ok(!categoriesOf(java('Random rnd = new Random(7);\nint n = rnd.nextInt(10);\nassertTrue(n < 10);')).includes('randomness'));
  });
});

describe('resource signs in JVM sources', () => {
  it('reads files written by the test as a resource sign', () => {
    assert.equal(java('try (OutputStream out = new FileOutputStream(target)) {\n    out.write(BYTES);\n}\nassertTrue(target.exists());').category, 'resource');
  });

  it('reads a check on free memory as resource', () => {
    assert.equal(java('long before = Runtime.getRuntime().freeMemory();\ncache.fill();\nassertTrue(Runtime.getRuntime().freeMemory() > before / 2);').category, 'resource');
  });

  it('reads leases from a pool as resource', () => {
    assert.equal(java('Future<Entry> first = pool.lease(route, null);\nassertEquals(1, pool.getLeased(route));\nassertEquals(0, pool.getAvailable(route));').category, 'resource');
  });
});

describe('floating-point signs in JVM sources', () => {
  it('reads a two-argument assertEquals on a double variable as floating-point', () => {
    assert.equal(java('double ratio = stats.hits() / (double) stats.total();\nassertEquals(expectedRatio, ratio);').category, 'floating-point');
  });
});
