import { describe, expect, it } from 'vitest';
import { typingText } from './typing.js';

describe('typingText', () => {
  it('names one or two typists and summarises more', () => {
    expect(typingText([])).toBe('');
    expect(typingText(['alice'])).toBe('alice is typing…');
    expect(typingText(['alice', 'bob'])).toBe('alice and bob are typing…');
    expect(typingText(['alice', 'bob', 'carol'])).toBe('several people are typing…');
  });
});
