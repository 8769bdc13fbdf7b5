import { describe, expect, it } from 'vitest';
import { deviceLabel } from './userAgent.js';

describe('deviceLabel', () => {
  it('names the common browsers and systems', () => {
    expect(deviceLabel('Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0')).toBe('Firefox on Linux');
    expect(deviceLabel('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36')).toBe(
      'Chrome on macOS',
    );
    expect(deviceLabel('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36 Edg/140.0.0.0')).toBe(
      'Edge on Windows',
    );
    expect(deviceLabel('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15')).toBe(
      'Safari on macOS',
    );
  });

  it('tells phones from the desktop systems they resemble', () => {
    expect(deviceLabel('Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1')).toBe(
      'Safari on iOS',
    );
    expect(deviceLabel('Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Mobile Safari/537.36')).toBe(
      'Chrome on Android',
    );
  });

  it('counts headless Chrome as Chrome', () => {
    expect(deviceLabel('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/140.0.0.0 Safari/537.36')).toBe('Chrome on Linux');
  });

  it('says what it does not know', () => {
    expect(deviceLabel('')).toBe('Unknown browser');
    expect(deviceLabel('node')).toBe('Unknown browser');
    expect(deviceLabel('curl/8.5.0')).toBe('Unknown browser');
    expect(deviceLabel('SomeBot/1.0 (X11; Linux x86_64)')).toBe('Unknown browser on Linux');
  });
});
