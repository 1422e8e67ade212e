import { describe, expect, it } from 'vitest';
import {
  type AddressClassification,
  classifyAddress,
  classifyHostname,
  parseAllowlist,
  vetResolvedTarget,
} from './address-policy';
import { AppError } from './errors';

/** [address, blocked range or null when allowed, embedding it was found through] */
const ADDRESS_TABLE: Array<[string, string | null, string?]> = [
  // IPv4 special-purpose ranges, with their edges.
  ['0.0.0.0', 'this-network'],
  ['0.1.2.3', 'this-network'],
  ['10.0.0.1', 'private'],
  ['10.255.255.255', 'private'],
  ['100.64.0.1', 'cgnat'],
  ['100.127.255.254', 'cgnat'],
  ['100.63.255.255', null],
  ['100.128.0.0', null],
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback'],
  ['169.254.169.254', 'metadata'],
  ['169.254.0.1', 'link-local'],
  ['100.100.100.200', 'metadata'],
  ['168.63.129.16', 'metadata'],
  ['168.63.129.17', null],
  ['172.16.0.1', 'private'],
  ['172.31.255.255', 'private'],
  ['172.15.255.255', null],
  ['172.32.0.1', null],
  ['192.0.0.1', 'ietf-protocol-assignments'],
  ['192.0.0.170', 'ietf-protocol-assignments'],
  ['192.0.2.1', 'documentation'],
  ['192.88.99.1', '6to4-relay-anycast'],
  ['192.168.0.1', 'private'],
  ['192.168.255.255', 'private'],
  ['198.18.0.1', 'benchmarking'],
  ['198.19.255.255', 'benchmarking'],
  ['198.20.0.1', null],
  ['198.51.100.7', 'documentation'],
  ['203.0.113.9', 'documentation'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['240.0.0.1', 'reserved'],
  ['255.255.255.254', 'reserved'],
  ['255.255.255.255', 'broadcast'],
  // Public IPv4.
  ['8.8.8.8', null],
  ['1.1.1.1', null],
  ['9.9.9.9', null],
  ['93.184.216.34', null],
  ['223.255.255.255', null],
  // IPv6 special-purpose ranges.
  ['::', 'unspecified'],
  ['::1', 'loopback'],
  ['0:0:0:0:0:0:0:1', 'loopback'],
  ['fc00::1', 'unique-local'],
  ['fd12:3456::1', 'unique-local'],
  ['fe80::1', 'link-local'],
  ['febf:ffff::1', 'link-local'],
  ['fec0::1', 'site-local'],
  ['ff02::1', 'multicast'],
  ['ff05::1:3', 'multicast'],
  ['2001:db8::1', 'documentation'],
  ['3fff::1', 'documentation'],
  ['100::1', 'discard-only'],
  ['2001:2::1', 'benchmarking'],
  ['2001:10::1', 'orchid'],
  ['2001::1', 'teredo'],
  ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'teredo'],
  ['64:ff9b:1::1', 'nat64-local-use'],
  ['4000::1', 'reserved'],
  // IPv6 forms that embed an IPv4 address are judged by it.
  ['::ffff:127.0.0.1', 'loopback', 'ipv4-mapped'],
  ['::ffff:7f00:1', 'loopback', 'ipv4-mapped'],
  ['::ffff:169.254.169.254', 'metadata', 'ipv4-mapped'],
  ['fd00:ec2::254', 'metadata'],
  ['::ffff:8.8.8.8', null],
  ['::127.0.0.1', 'loopback', 'ipv4-compatible'],
  ['::10.0.0.1', 'private', 'ipv4-compatible'],
  ['::2', 'this-network', 'ipv4-compatible'],
  ['::ffff:0:10.0.0.1', 'private', 'ipv4-translated'],
  ['64:ff9b::127.0.0.1', 'loopback', 'nat64'],
  ['64:ff9b::a9fe:a9fe', 'metadata', 'nat64'],
  ['64:ff9b::8.8.8.8', null],
  ['2002:7f00:1::1', 'loopback', '6to4'],
  ['2002:c0a8:101::1', 'private', '6to4'],
  ['2002:808:808::1', null],
  // Public IPv6.
  ['2606:4700:4700::1111', null],
  ['2001:4860:4860::8888', null],
  ['2a00:1450:4001:80b::200e', null],
  ['2620:fe::fe', null],
  // Not addresses at all: blocked, never guessed.
  ['not-an-ip', 'invalid-address'],
  ['1.2.3.4.5', 'invalid-address'],
  ['fe80::1%eth0', 'invalid-address'],
  ['[::1]', 'invalid-address'],
  ['', 'invalid-address'],
];

function expectedVerdict(range: string | null, via?: string): AddressClassification {
  if (range === null) return { allowed: true };
  return via === undefined ? { allowed: false, range } : ({ allowed: false, range, via } as AddressClassification);
}

describe('classifyAddress', () => {
  it(`agrees with a table of ${ADDRESS_TABLE.length} addresses across every range`, () => {
    expect(ADDRESS_TABLE.length).toBeGreaterThanOrEqual(60);
    const disagreements = ADDRESS_TABLE.filter(
      ([address, range, via]) =>
        JSON.stringify(classifyAddress(address)) !== JSON.stringify(expectedVerdict(range, via)),
    );
    expect(disagreements.map(([address]) => [address, classifyAddress(address)])).toEqual([]);
  });

  it.each(ADDRESS_TABLE)('%s → %s', (address, range, via) => {
    expect(classifyAddress(address)).toEqual(expectedVerdict(range, via));
  });
});

describe('allowlists', () => {
  const allowlist = parseAllowlist('127.0.0.0/8,10.1.2.3, internal.example.com fd00::/8\n*.corp.example.com');

  it('parses CIDRs, single addresses and host names', () => {
    expect(allowlist.cidrs.map((entry) => `${entry.version}/${entry.prefixLength}`)).toEqual(['4/8', '4/32', '6/8']);
    expect(allowlist.hosts).toEqual(['internal.example.com', '*.corp.example.com']);
  });

  it('lets self-hosters reach what they list, and nothing else', () => {
    expect(classifyAddress('127.0.0.1', allowlist)).toEqual({ allowed: true, isAllowlisted: true });
    expect(classifyAddress('10.1.2.3', allowlist)).toEqual({ allowed: true, isAllowlisted: true });
    expect(classifyAddress('10.1.2.4', allowlist)).toEqual({ allowed: false, range: 'private' });
    expect(classifyAddress('fd12::1', allowlist)).toEqual({ allowed: true, isAllowlisted: true });
    expect(classifyAddress('fe80::1', allowlist)).toEqual({ allowed: false, range: 'link-local' });
  });

  it('covers the IPv4-mapped form of a listed IPv4 address, and embeddings of it', () => {
    expect(classifyAddress('::ffff:127.0.0.1', allowlist)).toEqual({ allowed: true, isAllowlisted: true });
    expect(classifyAddress('64:ff9b::10.1.2.3', allowlist)).toEqual({ allowed: true, isAllowlisted: true });
  });

  it('refuses entries that open too much, naming each', () => {
    for (const entry of ['*.com', '*.io', '0.0.0.0/0', '::/0', '10.0.0.0/7', '2000::/3']) {
      expect(() => parseAllowlist(entry), entry).toThrow(/too broad/);
    }
    expect(parseAllowlist('*.local,*.internal,*.corp.example.com,10.0.0.0/8,fd00::/8').hosts).toEqual([
      '*.local',
      '*.internal',
      '*.corp.example.com',
    ]);
  });

  it('accepts a list of strings', () => {
    expect(parseAllowlist(['10.0.0.0/8', 'db.example.com, 192.168.1.1'])).toMatchObject({ hosts: ['db.example.com'] });
    expect(parseAllowlist('')).toEqual({ cidrs: [], hosts: [] });
  });

  it('names every bad entry', () => {
    try {
      parseAllowlist('10.0.0.0/33,bad_host!,300.1.1.1,10.1.2.3/8');
      throw new Error('expected a rejection');
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).details?.issues).toEqual([
        {
          path: [0],
          message:
            "allowlist entry '10.0.0.0/33' is not a valid CIDR: prefix length '33' must be a whole number from 0 to 32",
        },
        {
          path: [1],
          message:
            "allowlist entry 'bad_host!' is neither a CIDR (10.0.0.0/8, fd00::/8), an IP address, nor a host name (internal.example.com, *.corp.example.com)",
        },
        {
          path: [2],
          message:
            "allowlist entry '300.1.1.1' is neither a CIDR (10.0.0.0/8, fd00::/8), an IP address, nor a host name (internal.example.com, *.corp.example.com)",
        },
        {
          path: [3],
          message: "allowlist entry '10.1.2.3/8' is not a valid CIDR: host bits are set; did you mean 10.0.0.0/8?",
        },
      ]);
    }
  });
});

describe('classifyHostname', () => {
  it.each([
    ['localhost', 'localhost'],
    ['LOCALHOST.', 'localhost'],
    ['api.localhost', 'localhost'],
    ['printer.local', 'mdns-local'],
    ['db.internal', 'private-use-name'],
    ['router.home.arpa', 'private-use-name'],
    ['[::1]', 'loopback'],
    ['[::ffff:10.0.0.1]', 'private'],
    ['2130706433', 'loopback'],
    ['0x7f.1', 'loopback'],
    ['0177.0.0.1', 'loopback'],
    ['169.254.169.254', 'metadata'],
    ['999.1.1.1', 'invalid-host'],
    ['[fe80::1%25eth0]', 'invalid-host'],
    ['[::1', 'invalid-host'],
    ['::1', 'invalid-host'],
    ['', 'invalid-host'],
  ])('blocks %j as %s', (host, range) => {
    expect(classifyHostname(host)).toMatchObject({ allowed: false, range });
  });

  it('passes names on for resolution and public literals through', () => {
    expect(classifyHostname('API.Example.com.')).toEqual({ allowed: true, kind: 'name', host: 'api.example.com' });
    expect(classifyHostname('localhost.example.com')).toEqual({
      allowed: true,
      kind: 'name',
      host: 'localhost.example.com',
    });
    expect(classifyHostname('8.8.8.8')).toEqual({ allowed: true, kind: 'ip-literal', address: '8.8.8.8' });
    expect(classifyHostname('[2606:4700:4700::1111]')).toEqual({
      allowed: true,
      kind: 'ip-literal',
      address: '2606:4700:4700::1111',
    });
  });

  it('lets the allowlist open names and literals', () => {
    const allowlist = parseAllowlist('internal.example.com,*.local,127.0.0.0/8');
    expect(classifyHostname('internal.example.com', allowlist)).toEqual({
      allowed: true,
      kind: 'name',
      host: 'internal.example.com',
      isAllowlisted: true,
    });
    expect(classifyHostname('printer.local', allowlist)).toMatchObject({ allowed: true, isAllowlisted: true });
    expect(classifyHostname('127.0.0.1', allowlist)).toEqual({
      allowed: true,
      kind: 'ip-literal',
      address: '127.0.0.1',
      isAllowlisted: true,
    });
    expect(classifyHostname('other.example.com', allowlist)).toEqual({
      allowed: true,
      kind: 'name',
      host: 'other.example.com',
    });
  });
});

describe('vetResolvedTarget', () => {
  it('connects to the first address when all are public', () => {
    expect(
      vetResolvedTarget({ host: 'example.com', resolvedAddresses: ['93.184.216.34', '2606:2800:220:1::1'] }),
    ).toEqual({ allowed: true, address: '93.184.216.34' });
  });

  it('blocks the target when any resolved address is blocked (DNS can point anywhere)', () => {
    expect(
      vetResolvedTarget({ host: 'rebind.example.com', resolvedAddresses: ['93.184.216.34', '127.0.0.1'] }),
    ).toEqual({
      allowed: false,
      range: 'loopback',
      address: '127.0.0.1',
    });
  });

  it('blocks names before any resolution, and names that did not resolve', () => {
    expect(vetResolvedTarget({ host: 'localhost', resolvedAddresses: ['8.8.8.8'] })).toEqual({
      allowed: false,
      range: 'localhost',
    });
    expect(vetResolvedTarget({ host: 'example.com', resolvedAddresses: [] })).toEqual({
      allowed: false,
      range: 'unresolved',
    });
  });

  it('uses an IP literal as the address', () => {
    expect(vetResolvedTarget({ host: '[2606:4700:4700::1111]', resolvedAddresses: [] })).toEqual({
      allowed: true,
      address: '2606:4700:4700::1111',
    });
  });

  it('lets an allowlisted host resolve to private addresses', () => {
    const allowlist = parseAllowlist('internal.example.com');
    expect(vetResolvedTarget({ host: 'internal.example.com', resolvedAddresses: ['10.0.0.5'], allowlist })).toEqual({
      allowed: true,
      address: '10.0.0.5',
    });
  });

  it.each([
    ['127.0.0.1', 'loopback'],
    ['169.254.169.254', 'metadata'],
    ['169.254.10.1', 'link-local'],
    ['fd00:ec2::254', 'metadata'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['0.0.0.0', 'this-network'],
    ['::1', 'loopback'],
  ])('never lets an allowlisted host name open %s (%s)', (address, range) => {
    const allowlist = parseAllowlist('internal.example.com,*.corp.example.com,10.0.0.0/8');
    for (const host of ['internal.example.com', 'api.corp.example.com']) {
      expect(vetResolvedTarget({ host, resolvedAddresses: ['10.0.0.5', address], allowlist })).toMatchObject({
        allowed: false,
        range,
        address,
      });
    }
  });

  it('opens host-local ranges for an explicit CIDR entry only', () => {
    const allowlist = parseAllowlist('internal.example.com,127.0.0.0/8,169.254.169.254/32');
    expect(vetResolvedTarget({ host: 'internal.example.com', resolvedAddresses: ['127.0.0.1'], allowlist })).toEqual({
      allowed: true,
      address: '127.0.0.1',
    });
    expect(vetResolvedTarget({ host: '169.254.169.254', resolvedAddresses: [], allowlist })).toEqual({
      allowed: true,
      address: '169.254.169.254',
    });
  });
});
