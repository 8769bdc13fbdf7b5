import { describe, expect, it } from 'vitest';
import { ChangeCursor } from './cursor.js';

describe('ChangeCursor', () => {
  it('follows live batches that connect, one change at a time', () => {
    const c = new ChangeCursor();
    c.start(10);
    c.live(10, 11);
    c.live(11, 12);
    expect(c.clock).toBe(12);
    expect(c.gap).toBe(false);
  });

  it('waits for a batch overtaken by the next one, then moves past both', () => {
    const c = new ChangeCursor();
    c.start(685);
    c.live(686, 687); // 687 before 686
    expect(c.clock).toBe(685);
    expect(c.gap).toBe(true);
    c.live(685, 686);
    expect(c.clock).toBe(687);
    expect(c.gap).toBe(false);
  });

  it('is closed by a sync reply, which also connects the live batches that came after it', () => {
    const c = new ChangeCursor();
    c.start(5);
    c.live(6, 7); // 6 was lost
    c.live(8, 9); // 8 arrived during the sync, and the sync's clock is 7
    c.live(7, 8);
    expect(c.gap).toBe(true);
    c.caughtUp(7);
    expect(c.clock).toBe(9);
    expect(c.gap).toBe(false);
  });

  it('counts batches that arrived before the first history page once the page says where it starts', () => {
    const c = new ChangeCursor();
    c.live(3, 4); // already in the page
    c.live(4, 5); // after it
    expect(c.clock).toBe(null);
    expect(c.gap).toBe(false);
    c.start(4);
    expect(c.clock).toBe(5);
    expect(c.gap).toBe(false);
  });

  it('ignores what it already holds (repeats, old batches) and never moves back', () => {
    const c = new ChangeCursor();
    c.start(10);
    c.live(8, 9);
    c.live(9, 10);
    c.caughtUp(7);
    expect(c.clock).toBe(10);
    expect(c.gap).toBe(false);
  });

  it('starts over on reset: nothing held until the next history page', () => {
    const c = new ChangeCursor();
    c.start(3);
    c.live(5, 6);
    c.reset();
    expect(c.clock).toBe(null);
    expect(c.gap).toBe(false);
    c.start(20);
    expect(c.gap).toBe(false);
  });
});
