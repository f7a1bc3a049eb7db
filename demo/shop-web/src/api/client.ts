export interface ClientOptions {
  readonly fetch: typeof globalThis.fetch;
  readonly retries: number;
}

export class Client {
  constructor(private readonly options: ClientOptions) {}

  async get(path: string): Promise<unknown> {
    let response = await this.options.fetch(path);
    for (let attempt = 1; response.status === 503 && attempt < this.options.retries; attempt++) {
      response = await this.options.fetch(path);
    }
    return response.json();
  }

  async upload(path: string, body: Uint8Array): Promise<void> {
    await this.options.fetch(path, { method: 'PUT', body });
  }
}
