export interface PollerOptions {
  readonly url: string;
  readonly intervalMs: number;
  readonly signal?: AbortSignal;
}

export class Poller {
  state: 'idle' | 'running' | 'stopped' = 'idle';

  constructor(private readonly options: PollerOptions) {}

  /** Polls until the server answers. */
  async next(): Promise<Response> {
    for (;;) {
      try {
        return await fetch(this.options.url, { signal: this.options.signal });
      } catch (error) {
        if (this.options.signal?.aborted) throw error;
        await new Promise((resolve) => setTimeout(resolve, this.options.intervalMs));
      }
    }
  }

  async start(): Promise<void> {
    this.state = 'running';
    try {
      while (!this.options.signal?.aborted) await this.next();
    } catch {
      // aborted
    }
    this.state = 'stopped';
  }
}
