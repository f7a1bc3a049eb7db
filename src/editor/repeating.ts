// A repeating timer whose period follows a setting: set again with another period, it restarts with it; 0 stops it.
// Free of VS Code (unit-tested); here rather than in core, which keeps no timers.
export class Repeating {
  private timer: NodeJS.Timeout | undefined;
  private period = 0;

  constructor(private readonly tick: () => void) {}

  /** The period in milliseconds, 0 for none. The same period again keeps the running timer (and its phase). */
  set(ms: number): void {
    if (ms === this.period) {
      return;
    }
    this.period = ms;
    clearInterval(this.timer);
    this.timer = ms > 0 ? setInterval(this.tick, ms) : undefined;
  }

  dispose(): void {
    this.set(0);
  }
}
