import { describe, expect, it } from 'vitest';
import { OpenLoopSchedule } from '../harness/load/open-loop-schedule.js';

describe('OpenLoopSchedule', () => {
  it('request k is due at start + k / rate, handed out once each, however late the wake-up', () => {
    const s = new OpenLoopSchedule(1000, 2000, 1010);
    const due: number[] = [];
    s.takeDue(1000, (d) => due.push(d));
    expect(due).toEqual([1000]);
    // a wake-up 3 ms late gets every request due by then, at its own scheduled time
    s.takeDue(1003.2, (d) => due.push(d));
    expect(due).toEqual([1000, 1000.5, 1001, 1001.5, 1002, 1002.5, 1003]);
    expect(s.nextDueMs()).toBe(1003.5);
    s.takeDue(5000, (d) => due.push(d));
    // nothing at or after the end: exactly rate × window
    expect(due).toHaveLength(20);
    expect(s.handedOut).toBe(20);
    expect(s.nextDueMs()).toBeUndefined();
  });

  it('refuses a rate that is not a positive number', () => {
    expect(() => new OpenLoopSchedule(0, 0, 1)).toThrow(/rate/);
    expect(() => new OpenLoopSchedule(0, Number.POSITIVE_INFINITY, 1)).toThrow(/rate/);
  });
});
