// Waiting on a condition with a deadline, the only kind of waiting the VS Code tests do: no fixed sleeps.
import { setTimeout as delay } from 'node:timers/promises';

export interface WaitOptions {
  /** What is awaited, said as the thing that should become true (used in the timeout error). */
  readonly description: string;
  readonly timeoutMs: number;
  /** How often to check again; the wait ends as soon as the condition holds. */
  readonly intervalMs?: number;
}

/**
 * Calls `probe` until it returns a value other than `undefined` (or `false`), and returns that value.
 * Throws after `timeoutMs` with the description and, when given, the last thing `probe` saw.
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  options: WaitOptions,
  lastSeen?: () => string,
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 100;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const seen = lastSeen?.();
      const details = [
        seen ? `last seen: ${seen}` : undefined,
        lastError ? `last error: ${lastError instanceof Error ? lastError.message : String(lastError)}` : undefined,
      ].filter(Boolean);
      throw new Error(`Timed out after ${options.timeoutMs} ms waiting until ${options.description}${details.length ? `\n  ${details.join('\n  ')}` : ''}`);
    }
    await delay(Math.min(interval, Math.max(1, deadline - Date.now())));
  }
}

/** Resolves with `promise`, or rejects with `message` once `timeoutMs` has passed. */
export async function withDeadline<T>(promise: Promise<T>, timeoutMs: number, message: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message())), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
