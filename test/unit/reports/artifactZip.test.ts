import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ArtifactZip, ArtifactZipError, downloadBound, isSafeEntryPath, ReadAllowance, readZipBytes, type ZipEntryInfo } from '../../../src/ci/artifactZip';
import { createZip } from '../../fakeGithub/zip';

const MIB = 1024 * 1024;

async function readAll(zip: ArtifactZip, name: string): Promise<string> {
  const entry = zip.entries.find((e) => e.name === name);
  if (!entry) throw new Error(`no entry ${name}`);
  const chunks: Uint8Array[] = [];
  for await (const chunk of zip.read(entry)) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

async function rejection(promise: Promise<unknown>): Promise<ArtifactZipError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ArtifactZipError, `not an ArtifactZipError: ${String(error)}`);
    return error;
  }
  throw new Error('expected a rejection');
}

test('a zip’s entries are listed and read in memory', async () => {
  const zip = await ArtifactZip.open(createZip([
    { name: 'surefire-reports/TEST-a.B.xml', content: '<testsuite/>' },
    { name: 'surefire-reports/TEST-a.C.xml', content: 'ü'.repeat(10) },
  ]));
  assert.deepEqual(
    zip.entries.map((e) => [e.name, e.size]),
    [
      ['surefire-reports/TEST-a.B.xml', 12],
      ['surefire-reports/TEST-a.C.xml', 20],
    ],
  );
  assert.equal(await readAll(zip, 'surefire-reports/TEST-a.C.xml'), 'ü'.repeat(10));
  zip.close();
});

for (const name of ['../evil.xml', 'reports/../../evil.xml', '/etc/cron.d/evil', 'C:/Windows/evil.xml', '..\\..\\evil.xml', 'reports\\..\\..\\evil.xml']) {
  test(`an entry named ${JSON.stringify(name)} makes the whole artifact rejected as leaving its folder`, async () => {
    const error = await rejection(ArtifactZip.open(createZip([{ name: 'ok.xml', content: '<testsuite/>' }, { name, content: 'x' }])));
    assert.equal(error.problem, 'unsafe-path');
    assert.match(error.message, /^The artifact has a file whose path leaves its folder \(".*"\): the artifact was not read\.$/);
  });
}

test('entry paths that stay inside the folder are safe, the others are not', () => {
  for (const name of ['a.xml', 'dir/sub/a.xml', 'a..b.xml', '..a/b.xml']) assert.equal(isSafeEntryPath(name), true, name);
  for (const name of ['', '../a', 'a/../../b', '/a', '\\a', 'C:a', 'c:\\a', 'a\\..\\..\\b', 'a\0b']) assert.equal(isSafeEntryPath(name), false, JSON.stringify(name));
});

test('a zip with more entries than the limit is rejected before any is read', async () => {
  const entries = Array.from({ length: 10_001 }, (_, i) => ({ name: `r/${i}.xml`, content: '' }));
  const error = await rejection(ArtifactZip.open(createZip(entries)));
  assert.equal(error.problem, 'too-many-entries');
  assert.equal(error.message, 'The artifact has 10001 files, more than the 10000 that are read: it was not read.');
});

test('an entry declaring a huge size is refused before it is inflated', async () => {
  const zip = await ArtifactZip.open(createZip([{ name: 'junit.xml', content: '<testsuite/>', declaredSize: 0xfffffff0 }]));
  const error = await rejection(readAll(zip, 'junit.xml'));
  assert.equal(error.problem, 'entry-too-large');
  assert.match(error.message, /^junit\.xml inflates to 4096 MiB, more than the 128 MiB read per file: it was skipped\.$/);
});

test('a zip bomb whose header understates its size is stopped while inflating', async () => {
  const bomb = Buffer.alloc(8 * MIB, 0x20);
  const zip = await ArtifactZip.open(createZip([{ name: 'junit.xml', content: bomb, declaredSize: 100 }]), { maxEntryBytes: 2 * MIB });
  const error = await rejection(readAll(zip, 'junit.xml'));
  assert.equal(error.problem, 'entry-too-large');
  assert.match(error.message, /junit\.xml inflates to more than .*: the artifact looks like a zip bomb; the file was skipped\.$/);
});

test('an entry larger than the per-file limit is refused', async () => {
  const zip = await ArtifactZip.open(createZip([{ name: 'big.xml', content: Buffer.alloc(3 * MIB, 0x20) }]), { maxEntryBytes: 2 * MIB });
  const error = await rejection(readAll(zip, 'big.xml'));
  assert.equal(error.problem, 'entry-too-large');
});

test('the entries read from one zip are limited in total', async () => {
  const entries = [1, 2, 3].map((i) => ({ name: `r${i}.xml`, content: Buffer.alloc(2 * MIB, 0x20) }));
  const zip = await ArtifactZip.open(createZip(entries), { maxTotalBytes: 5 * MIB });
  await readAll(zip, 'r1.xml');
  await readAll(zip, 'r2.xml');
  const error = await rejection(readAll(zip, 'r3.xml'));
  assert.equal(error.problem, 'too-large');
  assert.match(error.message, /^The artifact's files inflate to more than 5 MiB: r3\.xml and the files after it were not read\.$/);
});

test('what several zips inflate is charged to the allowances they share, and reading stops once one is spent', async () => {
  const run = new ReadAllowance(5 * MIB, 'run');
  const sync = new ReadAllowance(100 * MIB, 'sync');
  const entries = [1, 2].map((i) => ({ name: `r${i}.xml`, content: Buffer.alloc(2 * MIB, 0x20) }));
  const first = await ArtifactZip.open(createZip(entries), {}, [run, sync]);
  await readAll(first, 'r1.xml');
  await readAll(first, 'r2.xml');
  first.close();
  assert.equal(run.left, 1 * MIB);
  assert.equal(sync.left, 96 * MIB);
  const second = await ArtifactZip.open(createZip(entries), {}, [run, sync]);
  const refused = await rejection(readAll(second, 'r1.xml'));
  assert.equal(refused.problem, 'allowance-spent');
  assert.equal(refused.message, 'The test reports of a run are read up to 5 MiB, downloaded and inflated: r1.xml and the files after it were not read.');
  second.close();
  assert.equal(run.leftOut, 1);
});

test('zips read side by side are charged as they inflate: the one that goes past the allowance stops', async () => {
  const run = new ReadAllowance(3 * MIB, 'run');
  const zips = await Promise.all([1, 2].map(() => ArtifactZip.open(createZip([{ name: 'junit.xml', content: Buffer.alloc(2 * MIB, 0x20) }]), {}, [run])));
  const [a, b] = zips.map((zip) => zip.read(zip.entries[0] as ZipEntryInfo)[Symbol.asyncIterator]());
  // Both begin while 2 MiB more fit.
  assert.equal((await a?.next())?.done, false);
  assert.equal((await b?.next())?.done, false);
  const drain = async (reader: AsyncIterator<Uint8Array> | undefined) => {
    while (!(await reader?.next())?.done);
  };
  await drain(a);
  const error = await rejection(drain(b));
  assert.equal(error.problem, 'allowance-spent');
  assert.equal(error.message, 'The test reports of a run are read up to 3 MiB, downloaded and inflated: reading stopped in junit.xml.');
  for (const zip of zips) zip.close();
});

test('a download larger than the zip limit is cut off with a clear error', async () => {
  async function* download(): AsyncGenerator<Uint8Array> {
    for (let i = 0; i < 10; i++) yield new Uint8Array(MIB);
  }
  const error = await rejection(readZipBytes(download(), 4 * MIB));
  assert.equal(error.problem, 'too-large');
  assert.equal(error.message, 'The artifact is larger than 4 MiB: it was not read.');
});

test('a download may come to its listed size and max(1 MiB, 10%) more, within the cap; an unknown size, to the cap', () => {
  assert.equal(downloadBound(1000, 256 * MIB), 1000 + MIB);
  assert.equal(downloadBound(100 * MIB, 256 * MIB), 110 * MIB);
  assert.equal(downloadBound(250 * MIB, 256 * MIB), 256 * MIB);
  assert.equal(downloadBound(Number.NaN, 256 * MIB), 256 * MIB);
});

test('a download whose answer announces more than its listed size allows for is not read at all', async () => {
  let pulled = 0;
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled++;
      controller.enqueue(new Uint8Array(MIB));
    },
    cancel() {
      cancelled = true;
    },
  }, { highWaterMark: 0 });
  const error = await rejection(readZipBytes(stream, downloadBound(2048, 256 * MIB), { listedBytes: 2048, announcedBytes: 3 * MIB }));
  assert.equal(error.problem, 'larger-than-listed');
  assert.equal(error.message, "The artifact's listing gives 2 KiB, but its download is 3 MiB: it was not read.");
  assert.equal(pulled, 0);
  assert.ok(cancelled);
});

test('bytes that are not a zip are refused as unreadable', async () => {
  const error = await rejection(ArtifactZip.open(Buffer.from('<html>Not Found</html>')));
  assert.equal(error.problem, 'corrupt');
  assert.match(error.message, /^The artifact is not a readable zip: /);
});

test('two entries of one name are each read as themselves (the first was never read and the last read twice)', async () => {
  // `r\x.xml` is read as `r/x.xml`, as upload-artifact's unzip would: a crafted zip can hold one name twice.
  const zip = await ArtifactZip.open(createZip([
    { name: 'junit.xml', content: 'first' },
    { name: 'junit.xml', content: 'second' },
    { name: 'r/x.xml', content: 'slash' },
    { name: 'r\\x.xml', content: 'backslash' },
  ]));
  const texts: string[] = [];
  for (const entry of zip.entries) {
    const chunks: Uint8Array[] = [];
    for await (const chunk of zip.read(entry)) chunks.push(chunk);
    texts.push(`${entry.name}=${Buffer.concat(chunks).toString('utf8')}`);
  }
  assert.deepEqual(texts, ['junit.xml=first', 'junit.xml=second', 'r/x.xml=slash', 'r/x.xml=backslash']);
  zip.close();
});
