// The open-loop timetable of one worker: request k is due at start + k / rate, whatever happened to
// the earlier ones. Pure arithmetic on performance.now() milliseconds, so it can be tested alone.

export class OpenLoopSchedule {
  private readonly intervalMs: number;
  /** index of the next request not yet handed out */
  private next = 0;

  constructor(
    readonly startMs: number,
    ratePerS: number,
    /** no request is due at or after this time */
    readonly endMs: number,
  ) {
    if (!(ratePerS > 0) || !Number.isFinite(ratePerS)) throw new Error(`rate must be a positive number of requests per second, got ${ratePerS}`);
    this.intervalMs = 1000 / ratePerS;
  }

  /** requests handed out so far (all of them due by now) */
  get handedOut(): number {
    return this.next;
  }

  /** when the next request is due, or undefined once the window is over */
  nextDueMs(): number | undefined {
    const due = this.startMs + this.next * this.intervalMs;
    return due < this.endMs ? due : undefined;
  }

  /** Hands each request due by `nowMs` to `send`, with its scheduled time, in order. */
  takeDue(nowMs: number, send: (dueMs: number) => void): void {
    for (let due = this.nextDueMs(); due !== undefined && due <= nowMs; due = this.nextDueMs()) {
      this.next++;
      send(due);
    }
  }
}
