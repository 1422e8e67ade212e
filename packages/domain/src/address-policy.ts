import { issue, type ValidationIssue, validationError } from './errors';
import {
  type Cidr,
  cidr,
  cidrContains,
  type IpAddress,
  parseCidr,
  parseIpAddress,
  parseIpv6,
  parseUrlIpv4Host,
} from './ip-address';

/**
 * SSRF policy: which addresses and host names an outbound request may reach. The dispatcher
 * resolves a host once, vets every address with `vetResolvedTarget`, and connects to the vetted
 * address, so DNS cannot change the answer between the check and the connection.
 *
 * Decisions worth knowing:
 * - IPv6 forms that embed an IPv4 address (IPv4-mapped ::ffff:a.b.c.d, IPv4-compatible
 *   ::a.b.c.d, IPv4-translated ::ffff:0:a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16) are judged
 *   by the embedded IPv4 address, so ::ffff:127.0.0.1 is loopback.
 * - Teredo (2001::/32) is blocked outright: the server address it embeds is obfuscated together
 *   with a client address and the mechanism is obsolete; no legitimate target needs it. The
 *   local-use NAT64 prefix 64:ff9b:1::/48 is blocked outright too, as its embedding depends on
 *   the local operator.
 * - IPv6 outside global unicast (2000::/3) is blocked unless listed above.
 * - Names: `localhost` and `*.localhost` (RFC 6761), `*.local` (mDNS: LAN devices),
 *   `*.internal` (ICANN's private-use TLD) and `*.home.arpa` (home networks) are blocked.
 * - Cloud metadata services (169.254.169.254, fd00:ec2::254, Alibaba's 100.100.100.200,
 *   Azure's 168.63.129.16) are their own blocked range, `metadata`.
 * - A self-hoster's allowlist opens what it lists, with one limit: loopback, link-local,
 *   metadata and "this network" (0.0.0.0/8 and ::, which reach the local host) open only for an
 *   explicit CIDR entry. An allowlisted host name may resolve to private addresses, never to
 *   those, because whoever controls its DNS would otherwise choose what the worker reaches.
 * - Allowlist entries that open too much are refused: CIDRs shorter than /8, and wildcards
 *   over a single label (`*.com`), except the private-use `*.local` and `*.internal`.
 */
export type AddressClassification =
  | { allowed: true; isAllowlisted?: true }
  | {
      allowed: false;
      /** Name of the blocked range, e.g. "loopback", "private", "documentation". */
      range: string;
      /** When the blocked IPv4 address was embedded in an IPv6 one, the embedding. */
      via?: EmbeddingKind;
    };

export type EmbeddingKind = 'ipv4-mapped' | 'ipv4-compatible' | 'ipv4-translated' | 'nat64' | '6to4';

export interface Allowlist {
  cidrs: Cidr[];
  /** Lower-case host names; an entry "*.example.com" allows every subdomain of example.com. */
  hosts: string[];
}

export const EMPTY_ALLOWLIST: Allowlist = { cidrs: [], hosts: [] };

interface NamedRange {
  range: string;
  cidr: Cidr;
}

const BLOCKED_IPV4: readonly NamedRange[] = [
  // Single addresses first: they lie inside wider ranges, and the precise name helps.
  { range: 'metadata', cidr: cidr('169.254.169.254/32') },
  { range: 'metadata', cidr: cidr('100.100.100.200/32') },
  { range: 'metadata', cidr: cidr('168.63.129.16/32') },
  { range: 'broadcast', cidr: cidr('255.255.255.255/32') },
  { range: 'this-network', cidr: cidr('0.0.0.0/8') },
  { range: 'private', cidr: cidr('10.0.0.0/8') },
  { range: 'cgnat', cidr: cidr('100.64.0.0/10') },
  { range: 'loopback', cidr: cidr('127.0.0.0/8') },
  { range: 'link-local', cidr: cidr('169.254.0.0/16') },
  { range: 'private', cidr: cidr('172.16.0.0/12') },
  { range: 'ietf-protocol-assignments', cidr: cidr('192.0.0.0/24') },
  { range: 'documentation', cidr: cidr('192.0.2.0/24') },
  { range: '6to4-relay-anycast', cidr: cidr('192.88.99.0/24') },
  { range: 'private', cidr: cidr('192.168.0.0/16') },
  { range: 'benchmarking', cidr: cidr('198.18.0.0/15') },
  { range: 'documentation', cidr: cidr('198.51.100.0/24') },
  { range: 'documentation', cidr: cidr('203.0.113.0/24') },
  { range: 'multicast', cidr: cidr('224.0.0.0/4') },
  { range: 'reserved', cidr: cidr('240.0.0.0/4') },
];

/** IPv6 prefixes whose addresses carry an IPv4 address in their last 32 bits (6to4 aside). */
const EMBEDDING_IPV6: ReadonlyArray<{ via: EmbeddingKind; cidr: Cidr; offset: number }> = [
  { via: 'ipv4-mapped', cidr: cidr('::ffff:0:0/96'), offset: 12 },
  { via: 'ipv4-translated', cidr: cidr('::ffff:0:0:0/96'), offset: 12 },
  { via: 'nat64', cidr: cidr('64:ff9b::/96'), offset: 12 },
  { via: '6to4', cidr: cidr('2002::/16'), offset: 2 },
];

const IPV6_UNSPECIFIED = cidr('::/128');
const IPV6_LOOPBACK = cidr('::1/128');
const IPV6_COMPATIBLE = cidr('::/96');

const BLOCKED_IPV6: readonly NamedRange[] = [
  { range: 'metadata', cidr: cidr('fd00:ec2::254/128') },
  { range: 'nat64-local-use', cidr: cidr('64:ff9b:1::/48') },
  { range: 'discard-only', cidr: cidr('100::/64') },
  { range: 'teredo', cidr: cidr('2001::/32') },
  { range: 'benchmarking', cidr: cidr('2001:2::/48') },
  { range: 'orchid', cidr: cidr('2001:10::/28') },
  { range: 'orchid', cidr: cidr('2001:20::/28') },
  { range: 'documentation', cidr: cidr('2001:db8::/32') },
  { range: 'documentation', cidr: cidr('3fff::/20') },
  { range: 'unique-local', cidr: cidr('fc00::/7') },
  { range: 'link-local', cidr: cidr('fe80::/10') },
  { range: 'site-local', cidr: cidr('fec0::/10') },
  { range: 'multicast', cidr: cidr('ff00::/8') },
];

const GLOBAL_UNICAST_IPV6 = cidr('2000::/3');

/**
 * Ranges that reach the worker's own host or its cloud platform. Only an explicit CIDR entry
 * of the allowlist opens them; an allowlisted host name never does.
 */
const HOST_LOCAL_RANGES: ReadonlySet<string> = new Set([
  'loopback',
  'link-local',
  'metadata',
  'this-network',
  'unspecified',
]);

/** The shortest CIDR prefix an allowlist entry may have: wider entries open most of the Internet. */
export const MIN_ALLOWLIST_PREFIX_LENGTH = 8;

/** Single-label wildcards that are allowed because the label is private-use by definition. */
const PRIVATE_USE_WILDCARDS: ReadonlySet<string> = new Set(['*.local', '*.internal']);

/** Classifies one IP address (no brackets, no zone id). Unparseable input is blocked. */
export function classifyAddress(ip: string, allowlist: Allowlist = EMPTY_ALLOWLIST): AddressClassification {
  const address = parseIpAddress(ip);
  if (address === null) return { allowed: false, range: 'invalid-address' };
  return classifyParsedAddress(address, allowlist);
}

function classifyParsedAddress(address: IpAddress, allowlist: Allowlist): AddressClassification {
  if (isAllowlistedAddress(address, allowlist)) return { allowed: true, isAllowlisted: true };
  if (address.version === 4) {
    const blocked = BLOCKED_IPV4.find((named) => cidrContains(named.cidr, address));
    return blocked === undefined ? { allowed: true } : { allowed: false, range: blocked.range };
  }
  if (cidrContains(IPV6_UNSPECIFIED, address)) return { allowed: false, range: 'unspecified' };
  if (cidrContains(IPV6_LOOPBACK, address)) return { allowed: false, range: 'loopback' };
  const embedded = embeddedIpv4(address);
  if (embedded !== null) {
    const verdict = classifyParsedAddress(embedded.address, allowlist);
    return verdict.allowed ? verdict : { ...verdict, via: embedded.via };
  }
  const blocked = BLOCKED_IPV6.find((named) => cidrContains(named.cidr, address));
  if (blocked !== undefined) return { allowed: false, range: blocked.range };
  if (!cidrContains(GLOBAL_UNICAST_IPV6, address)) return { allowed: false, range: 'reserved' };
  return { allowed: true };
}

function embeddedIpv4(address: IpAddress): { via: EmbeddingKind; address: IpAddress } | null {
  for (const embedding of EMBEDDING_IPV6) {
    if (cidrContains(embedding.cidr, address)) {
      return {
        via: embedding.via,
        address: { version: 4, bytes: address.bytes.slice(embedding.offset, embedding.offset + 4) },
      };
    }
  }
  // ::a.b.c.d (deprecated IPv4-compatible form); :: and ::1 were handled before.
  if (cidrContains(IPV6_COMPATIBLE, address))
    return { via: 'ipv4-compatible', address: { version: 4, bytes: address.bytes.slice(12, 16) } };
  return null;
}

function isAllowlistedAddress(address: IpAddress, allowlist: Allowlist): boolean {
  if (allowlist.cidrs.some((entry) => cidrContains(entry, address))) return true;
  // ::ffff:a.b.c.d is the same host as a.b.c.d, so an IPv4 allowlist entry covers it.
  const mapped = EMBEDDING_IPV6[0];
  if (address.version === 6 && mapped !== undefined && cidrContains(mapped.cidr, address)) {
    const ipv4: IpAddress = { version: 4, bytes: address.bytes.slice(12, 16) };
    return allowlist.cidrs.some((entry) => cidrContains(entry, ipv4));
  }
  return false;
}

export type HostnameClassification =
  | { allowed: true; kind: 'ip-literal'; address: string; isAllowlisted?: true }
  /** A name: resolve it and vet each address (unless `isAllowlisted`, which trusts them). */
  | { allowed: true; kind: 'name'; host: string; isAllowlisted?: true }
  | { allowed: false; range: string; via?: EmbeddingKind };

const BLOCKED_NAME_SUFFIXES: ReadonlyArray<{ suffix: string; range: string }> = [
  { suffix: 'localhost', range: 'localhost' },
  { suffix: 'local', range: 'mdns-local' },
  { suffix: 'internal', range: 'private-use-name' },
  { suffix: 'home.arpa', range: 'private-use-name' },
];

/**
 * Classifies the host part of a URL: bracketed IPv6 literals, IPv4 in any spelling the WHATWG
 * URL parser accepts ("2130706433" is 127.0.0.1), and names.
 */
export function classifyHostname(host: string, allowlist: Allowlist = EMPTY_ALLOWLIST): HostnameClassification {
  const normalized = host.trim().toLowerCase().replace(/\.$/, '');
  if (normalized === '') return { allowed: false, range: 'invalid-host' };
  if (normalized.startsWith('[') || normalized.endsWith(']')) {
    const inner = normalized.startsWith('[') && normalized.endsWith(']') ? normalized.slice(1, -1) : '';
    if (parseIpv6(inner) === null) return { allowed: false, range: 'invalid-host' };
    return literalVerdict(inner, classifyAddress(inner, allowlist));
  }
  const ipv4 = parseUrlIpv4Host(normalized);
  if (ipv4 === 'invalid') return { allowed: false, range: 'invalid-host' };
  if (ipv4 !== null) {
    const dotted = Array.from(ipv4).join('.');
    return literalVerdict(dotted, classifyAddress(dotted, allowlist));
  }
  if (normalized.includes(':')) return { allowed: false, range: 'invalid-host' };
  if (isAllowlistedHost(normalized, allowlist))
    return { allowed: true, kind: 'name', host: normalized, isAllowlisted: true };
  const blocked = BLOCKED_NAME_SUFFIXES.find(
    ({ suffix }) => normalized === suffix || normalized.endsWith(`.${suffix}`),
  );
  if (blocked !== undefined) return { allowed: false, range: blocked.range };
  return { allowed: true, kind: 'name', host: normalized };
}

function literalVerdict(address: string, verdict: AddressClassification): HostnameClassification {
  if (!verdict.allowed) return verdict;
  return verdict.isAllowlisted
    ? { allowed: true, kind: 'ip-literal', address, isAllowlisted: true }
    : { allowed: true, kind: 'ip-literal', address };
}

function isAllowlistedHost(host: string, allowlist: Allowlist): boolean {
  return allowlist.hosts.some((entry) => (entry.startsWith('*.') ? host.endsWith(entry.slice(1)) : host === entry));
}

export type TargetVerdict =
  | { allowed: true; address: string }
  | { allowed: false; range: string; address?: string; via?: EmbeddingKind };

/**
 * The final check before connecting: the host must be allowed, and every resolved address too
 * (one bad address blocks the target, because the connection could land on any of them). An
 * allowlisted host may resolve to blocked ranges except the host-local ones. Returns the first
 * address to connect to.
 */
export function vetResolvedTarget(request: {
  host: string;
  resolvedAddresses: readonly string[];
  allowlist?: Allowlist;
}): TargetVerdict {
  const allowlist = request.allowlist ?? EMPTY_ALLOWLIST;
  const host = classifyHostname(request.host, allowlist);
  if (!host.allowed) return host;
  if (host.kind === 'ip-literal') return { allowed: true, address: host.address };
  const [first] = request.resolvedAddresses;
  if (first === undefined) return { allowed: false, range: 'unresolved' };
  for (const address of request.resolvedAddresses) {
    const verdict = classifyAddress(address, allowlist);
    if (verdict.allowed) continue;
    // An allowlisted name may point at private addresses, but what it resolves to is decided
    // by its DNS, so host-local ranges still need a CIDR entry of their own.
    if (host.isAllowlisted && !HOST_LOCAL_RANGES.has(verdict.range)) continue;
    return { ...verdict, address };
  }
  return { allowed: true, address: first };
}

const HOST_LABEL_PATTERN = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * Parses a self-hoster's allowlist: entries separated by commas or whitespace, each an IPv4 or
 * IPv6 CIDR, a single address, a host name, or "*.domain" for all subdomains. Throws
 * VALIDATION_FAILED naming every bad entry.
 */
export function parseAllowlist(text: string | readonly string[]): Allowlist {
  const entries = (
    typeof text === 'string' ? text.split(/[\s,]+/) : text.flatMap((entry) => entry.split(/[\s,]+/))
  ).filter((entry) => entry !== '');
  const allowlist: Allowlist = { cidrs: [], hosts: [] };
  const issues: ValidationIssue[] = [];
  for (const [index, entry] of entries.entries()) {
    const lowered = entry.toLowerCase();
    if (lowered.includes('/') || parseIpAddress(lowered) !== null) {
      const parsed = parseCidr(lowered);
      if (!parsed.ok) {
        issues.push(issue([index], `allowlist entry '${entry}' is not a valid CIDR: ${parsed.message}`));
      } else if (parsed.cidr.prefixLength < MIN_ALLOWLIST_PREFIX_LENGTH) {
        issues.push(
          issue(
            [index],
            `allowlist entry '${entry}' is too broad; list the networks you need, each /${MIN_ALLOWLIST_PREFIX_LENGTH} or narrower (10.0.0.0/8, fd00::/8)`,
          ),
        );
      } else {
        allowlist.cidrs.push(parsed.cidr);
      }
      continue;
    }
    const name = lowered.replace(/\.$/, '');
    const labels = (name.startsWith('*.') ? name.slice(2) : name).split('.');
    if (name.startsWith('*.') && labels.length < 2 && !PRIVATE_USE_WILDCARDS.has(name)) {
      issues.push(
        issue(
          [index],
          `allowlist entry '${entry}' is too broad; a wildcard needs a registered domain under it (*.corp.example.com)`,
        ),
      );
      continue;
    }
    if (
      name.length <= 253 &&
      labels.every((label) => HOST_LABEL_PATTERN.test(label)) &&
      !/^\d+$/.test(labels[labels.length - 1] ?? '')
    ) {
      allowlist.hosts.push(name);
    } else {
      issues.push(
        issue(
          [index],
          `allowlist entry '${entry}' is neither a CIDR (10.0.0.0/8, fd00::/8), an IP address, nor a host name (internal.example.com, *.corp.example.com)`,
        ),
      );
    }
  }
  if (issues.length > 0) throw validationError(issues);
  return allowlist;
}
