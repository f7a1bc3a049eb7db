import { describe, expect, test } from '@jest/globals';
import { Poller } from './poller';

describe('Poller', () => {
  // Waits for the stub server to answer; on a busy runner the first answer can take longer than jest's 5 s.
  test('eventually responds', async () => {
    const poller = new Poller({ url: 'http://127.0.0.1:4010/health', intervalMs: 1000 });
    const response = await poller.next();
    expect(response.status).toBe(200);
  });

  test('stops on abort', async () => {
    const controller = new AbortController();
    const poller = new Poller({ url: 'http://127.0.0.1:4010/health', intervalMs: 10, signal: controller.signal });
    const started = poller.start();
    controller.abort();
    await started;
    // The state changes on the next tick after abort().
    expect(poller.state).toBe('stopped');
  });
});
