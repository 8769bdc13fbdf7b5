import { describe, expect, it } from 'vitest';
import { checkTarget, refusedAddress, TargetRefused } from './ssrf-guard.js';

const refusal = (promise: Promise<unknown>) => promise.then(() => 'allowed', (error: unknown) => (error instanceof TargetRefused ? error.reason : String(error)));

describe('the SSRF guard', () => {
  it('refuses loopback, private, link-local, CGNAT, multicast and unspecified addresses, IPv4 and IPv6', () => {
    for (const address of [
      '127.0.0.1', '127.5.5.5', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1',
      '0.0.0.0', '224.0.0.1', '255.255.255.255', '::1', '::', 'fc00::1', 'fd12:3456::1', 'fe80::1', 'ff02::1',
      '::ffff:127.0.0.1', '::ffff:169.254.169.254', '::ffff:10.0.0.1', '::ffff:7f00:1', '0:0:0:0:0:ffff:a9fe:a9fe', '64:ff9b::a00:1',
    ]) {
      expect(refusedAddress(address), address).not.toBeNull();
    }
  });

  it('allows public addresses', () => {
    for (const address of ['93.184.216.34', '172.32.0.1', '8.8.8.8', '2606:4700::1111', '::ffff:8.8.8.8', '100.128.0.1']) {
      expect(refusedAddress(address), address).toBeNull();
    }
  });

  it('refuses a host any of whose addresses is private, and names why', async () => {
    const rebinding = async () => [{ address: '93.184.216.34', family: 4 }, { address: '127.0.0.1', family: 4 }];
    expect(await refusal(checkTarget('https://example.test/hook', false, rebinding))).toMatch(/127\.0\.0\.1 is a loopback/);
    expect(await refusal(checkTarget('http://169.254.169.254/latest/meta-data', false))).toMatch(/169\.254\.169\.254/);
    expect(await refusal(checkTarget('http://[::1]:8080/', false))).toMatch(/::1/);
  });

  it('answers the checked address, to be connected to as it is', async () => {
    const target = await checkTarget('https://example.test/hook', false, async () => [{ address: '93.184.216.34', family: 4 }]);
    expect([target.address, target.family, target.url.hostname]).toEqual(['93.184.216.34', 4, 'example.test']);
  });

  it('takes only http and https, without credentials; private targets only when allowed', async () => {
    expect(await refusal(checkTarget('ftp://example.test/', true))).toMatch(/only http/);
    expect(await refusal(checkTarget('file:///etc/passwd', true))).toMatch(/only http/);
    expect(await refusal(checkTarget('http://user:pw@example.test/', true))).toMatch(/password/);
    expect(await refusal(checkTarget('not a url', true))).toBe('not a URL');
    expect(await refusal(checkTarget('http://nowhere.invalid/', true, async () => []))).toMatch(/does not resolve/);
    expect((await checkTarget('http://127.0.0.1:9/', true)).address).toBe('127.0.0.1');
  });
});
