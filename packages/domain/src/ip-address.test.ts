import { isIP } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  cidr,
  cidrContains,
  formatIp,
  parseCidr,
  parseIpAddress,
  parseIpv4,
  parseIpv6,
  parseUrlIpv4Host,
} from './ip-address';

const groupsOf = (text: string) => {
  const bytes = parseIpv6(text);
  if (bytes === null) return null;
  return Array.from({ length: 8 }, (_, index) =>
    (((bytes[index * 2] ?? 0) << 8) | (bytes[index * 2 + 1] ?? 0)).toString(16),
  ).join(':');
};

describe('parseIpv4', () => {
  it('reads dotted quads', () => {
    expect(Array.from(parseIpv4('192.168.1.254') ?? [])).toEqual([192, 168, 1, 254]);
    expect(Array.from(parseIpv4('0.0.0.0') ?? [])).toEqual([0, 0, 0, 0]);
  });

  it.each([
    '256.0.0.1',
    '1.2.3',
    '1.2.3.4.5',
    '01.2.3.4',
    '1.2.3.-4',
    '1..3.4',
    ' 1.2.3.4',
    '0x7f.0.0.1',
    '',
    'a.b.c.d',
  ])('rejects %j', (text) => {
    expect(parseIpv4(text)).toBeNull();
  });
});

describe('parseIpv6', () => {
  it.each([
    ['::', '0:0:0:0:0:0:0:0'],
    ['::1', '0:0:0:0:0:0:0:1'],
    ['1::', '1:0:0:0:0:0:0:0'],
    ['2001:db8::8a2e:370:7334', '2001:db8:0:0:0:8a2e:370:7334'],
    ['2001:0DB8:0000:0000:0000:0000:0000:0001', '2001:db8:0:0:0:0:0:1'],
    ['::ffff:127.0.0.1', '0:0:0:0:0:ffff:7f00:1'],
    ['64:ff9b::192.0.2.33', '64:ff9b:0:0:0:0:c000:221'],
    ['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0'],
    ['::2:3:4:5:6:7:8', '0:2:3:4:5:6:7:8'],
    ['1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:102:304'],
  ])('reads %s', (text, groups) => {
    expect(groupsOf(text)).toBe(groups);
  });

  it.each([
    'fe80::1%eth0',
    '1::2::3',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7',
    '12345::',
    ':1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7:',
    '::1.2.3',
    '1.2.3.4::',
    '::ffff:1.2.3.4:5',
    'g::1',
    '',
    '1:2:3:4:5:6:7:8::',
  ])('rejects %j', (text) => {
    expect(parseIpv6(text)).toBeNull();
  });

  it('agrees with node:net on which strings are IPv6 addresses', () => {
    const samples = [
      '::',
      '::1',
      '2001:db8::1',
      '::ffff:10.0.0.1',
      '1::2::3',
      'fe80::1%eth0',
      '1:2:3:4:5:6:7:8',
      '1:2:3:4:5:6:7:8:9',
      'abcd::12345',
      '::1.2.3.4',
    ];
    for (const sample of samples) expect(parseIpv6(sample) !== null).toBe(isIP(sample) === 6 && !sample.includes('%'));
  });
});

describe('parseIpAddress and formatIp', () => {
  it('tells versions apart and formats canonically', () => {
    expect(parseIpAddress('10.0.0.1')?.version).toBe(4);
    expect(parseIpAddress('::1')?.version).toBe(6);
    expect(parseIpAddress('example.com')).toBeNull();
    const format = (text: string) => formatIp(parseIpAddress(text) ?? { version: 4, bytes: new Uint8Array(4) });
    expect(format('2001:0db8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
    expect(format('1:2:3:4:5:6:7:8')).toBe('1:2:3:4:5:6:7:8');
    expect(format('1:0:3:4:5:6:7:8')).toBe('1:0:3:4:5:6:7:8');
    expect(format('::')).toBe('::');
    expect(format('8.8.8.8')).toBe('8.8.8.8');
  });
});

describe('CIDRs', () => {
  it('parses prefixes and single addresses', () => {
    expect(parseCidr('10.0.0.0/8')).toMatchObject({ ok: true, cidr: { version: 4, prefixLength: 8 } });
    expect(parseCidr('10.1.2.3')).toMatchObject({ ok: true, cidr: { prefixLength: 32 } });
    expect(parseCidr('fd00::/8')).toMatchObject({ ok: true, cidr: { version: 6, prefixLength: 8 } });
    expect(parseCidr('::1')).toMatchObject({ ok: true, cidr: { prefixLength: 128 } });
    expect(parseCidr('0.0.0.0/0')).toMatchObject({ ok: true });
  });

  it('explains bad CIDRs', () => {
    expect(parseCidr('10.0.0.0/33')).toEqual({
      ok: false,
      message: "prefix length '33' must be a whole number from 0 to 32",
    });
    expect(parseCidr('10.1.2.3/8')).toEqual({ ok: false, message: 'host bits are set; did you mean 10.0.0.0/8?' });
    expect(parseCidr('fd12::1/8')).toEqual({ ok: false, message: 'host bits are set; did you mean fd00::/8?' });
    expect(parseCidr('10.0.0/8')).toEqual({ ok: false, message: "'10.0.0' is not an IPv4 or IPv6 address" });
    expect(parseCidr('10.0.0.0/8/9').ok).toBe(false);
    expect(parseCidr('10.0.0.0/x').ok).toBe(false);
  });

  it('matches addresses inside the prefix only, per version', () => {
    const privateRange = cidr('172.16.0.0/12');
    expect(
      cidrContains(privateRange, parseIpAddress('172.31.255.255') ?? { version: 4, bytes: new Uint8Array() }),
    ).toBe(true);
    expect(cidrContains(privateRange, parseIpAddress('172.32.0.0') ?? { version: 4, bytes: new Uint8Array() })).toBe(
      false,
    );
    expect(
      cidrContains(privateRange, parseIpAddress('::ffff:172.16.0.1') ?? { version: 6, bytes: new Uint8Array() }),
    ).toBe(false);
    expect(cidrContains(cidr('fe80::/10'), parseIpAddress('febf::1') ?? { version: 6, bytes: new Uint8Array() })).toBe(
      true,
    );
  });

  it('refuses a malformed literal in policy tables', () => {
    expect(() => cidr('10.0.0.1/8')).toThrow("invalid CIDR literal '10.0.0.1/8'");
  });
});

describe('parseUrlIpv4Host (WHATWG URL rules)', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['2130706433', '127.0.0.1'],
    ['0x7f.1', '127.0.0.1'],
    ['0177.0.0.1', '127.0.0.1'],
    ['127.1', '127.0.0.1'],
    ['10.0x10000', '10.1.0.0'],
    ['0x', '0.0.0.0'],
    ['192.168.0.1.', '192.168.0.1'],
  ])('reads %s as %s', (host, expected) => {
    const bytes = parseUrlIpv4Host(host);
    expect(bytes instanceof Uint8Array ? Array.from(bytes).join('.') : bytes).toBe(expected);
    expect(new URL(`http://${host}/`).hostname).toBe(expected);
  });

  it('treats names that do not end in a number as names', () => {
    expect(parseUrlIpv4Host('example.com')).toBeNull();
    expect(parseUrlIpv4Host('1.2.3.example')).toBeNull();
  });

  it.each(['256.256.256.256', '1.2.3.4.5', '4294967296', '08.0.0.1', '0xg.1', '1..1', 'a.0x'])(
    'rejects %s like a URL parser would',
    (host) => {
      expect(parseUrlIpv4Host(host)).toBe('invalid');
      expect(() => new URL(`http://${host}/`)).toThrow();
    },
  );
});
