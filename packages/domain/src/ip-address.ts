import { AppError, ErrorCode } from './errors';

/**
 * IP address and CIDR parsing, written out here (rather than trusting a URL or DNS library's
 * leniency) because the SSRF policy is only as good as its parser: every accepted spelling must
 * map to exactly the bytes the operating system will connect to.
 */
export interface IpAddress {
  version: 4 | 6;
  /** 4 bytes for IPv4, 16 for IPv6, network order. */
  bytes: Uint8Array;
}

export interface Cidr {
  version: 4 | 6;
  bytes: Uint8Array;
  prefixLength: number;
}

const IPV4_PART_PATTERN = /^(0|[1-9]\d{0,2})$/;
const IPV6_GROUP_PATTERN = /^[0-9a-fA-F]{1,4}$/;

/** Strict dotted quad: four decimal parts 0-255 without leading zeros ("010" could mean octal). */
export function parseIpv4(text: string): Uint8Array | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const bytes = new Uint8Array(4);
  for (const [index, part] of parts.entries()) {
    if (!IPV4_PART_PATTERN.test(part)) return null;
    const value = Number(part);
    if (value > 255) return null;
    bytes[index] = value;
  }
  return bytes;
}

/**
 * RFC 4291 text forms: eight groups, `::` for one run of zero groups, and an optional dotted
 * quad in the last 32 bits. Zone ids (`fe80::1%eth0`) are rejected: a zone names a local
 * interface, which no public target needs.
 */
export function parseIpv6(text: string): Uint8Array | null {
  if (text.includes('%')) return null;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parseGroups = (half: string): number[] | null => {
    if (half === '') return [];
    const groups: number[] = [];
    const pieces = half.split(':');
    for (const [index, piece] of pieces.entries()) {
      if (index === pieces.length - 1 && piece.includes('.')) {
        const ipv4 = parseIpv4(piece);
        if (ipv4 === null) return null;
        groups.push(((ipv4[0] ?? 0) << 8) | (ipv4[1] ?? 0), ((ipv4[2] ?? 0) << 8) | (ipv4[3] ?? 0));
      } else if (IPV6_GROUP_PATTERN.test(piece)) {
        groups.push(Number.parseInt(piece, 16));
      } else {
        return null;
      }
    }
    return groups;
  };
  const head = parseGroups(halves[0] ?? '');
  const tail = halves.length === 2 ? parseGroups(halves[1] ?? '') : [];
  if (head === null || tail === null) return null;
  // A dotted quad may only end the address, never sit before "::".
  if (halves.length === 2 && (halves[0] ?? '').includes('.')) return null;
  const groupCount = head.length + tail.length;
  if (halves.length === 1 ? groupCount !== 8 : groupCount > 7) return null;
  const groups = [...head, ...new Array<number>(8 - groupCount).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  for (const [index, group] of groups.entries()) {
    bytes[index * 2] = group >> 8;
    bytes[index * 2 + 1] = group & 0xff;
  }
  return bytes;
}

export function parseIpAddress(text: string): IpAddress | null {
  const ipv4 = parseIpv4(text);
  if (ipv4 !== null) return { version: 4, bytes: ipv4 };
  const ipv6 = parseIpv6(text);
  if (ipv6 !== null) return { version: 6, bytes: ipv6 };
  return null;
}

export type CidrParseResult = { ok: true; cidr: Cidr } | { ok: false; message: string };

/** "10.0.0.0/8", "fc00::/7", or a single address (a /32 or /128). Host bits must be zero. */
export function parseCidr(text: string): CidrParseResult {
  const [addressText = '', prefixText, ...extra] = text.split('/');
  const address = parseIpAddress(addressText);
  if (address === null || extra.length > 0)
    return { ok: false, message: `'${addressText}' is not an IPv4 or IPv6 address` };
  const maxPrefix = address.version === 4 ? 32 : 128;
  if (prefixText === undefined) return { ok: true, cidr: { ...address, prefixLength: maxPrefix } };
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > maxPrefix) {
    return { ok: false, message: `prefix length '${prefixText}' must be a whole number from 0 to ${maxPrefix}` };
  }
  const cidr: Cidr = { ...address, prefixLength: Number(prefixText) };
  const network = maskBytes(address.bytes, cidr.prefixLength);
  if (!bytesEqual(network, address.bytes)) {
    return {
      ok: false,
      message: `host bits are set; did you mean ${formatIp({ version: address.version, bytes: network })}/${prefixText}?`,
    };
  }
  return { ok: true, cidr };
}

export function cidrContains(cidr: Cidr, address: IpAddress): boolean {
  return cidr.version === address.version && bytesEqual(maskBytes(address.bytes, cidr.prefixLength), cidr.bytes);
}

/** A CIDR literal for policy tables; a typo there is a bug, so it throws INTERNAL. */
export function cidr(text: string): Cidr {
  const result = parseCidr(text);
  if (!result.ok) throw new AppError(ErrorCode.INTERNAL, `invalid CIDR literal '${text}': ${result.message}`);
  return result.cidr;
}

/** Dotted quad for IPv4; for IPv6 the eight groups in hex with the longest zero run as "::". */
export function formatIp(address: IpAddress): string {
  const { bytes } = address;
  if (address.version === 4) return Array.from(bytes).join('.');
  const groups = Array.from({ length: 8 }, (_, index) => ((bytes[index * 2] ?? 0) << 8) | (bytes[index * 2 + 1] ?? 0));
  let bestStart = -1;
  let bestLength = 0;
  for (let start = 0; start < 8; start += 1) {
    let length = 0;
    while (start + length < 8 && groups[start + length] === 0) length += 1;
    if (length > bestLength && length > 1) {
      bestStart = start;
      bestLength = length;
    }
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/**
 * The WHATWG URL standard's IPv4 host parser, which browsers and Node's URL use: hosts like
 * "2130706433", "0x7f.1" or "0177.0.0.1" all mean 127.0.0.1. Returns the 4 bytes, `null` when
 * the host does not end in a number (so it is a domain name), or `'invalid'` when it ends in a
 * number but is not a valid IPv4 address (a URL parser would reject it).
 */
export function parseUrlIpv4Host(host: string): Uint8Array | null | 'invalid' {
  const parts = host.split('.');
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  const lastPart = parts[parts.length - 1] ?? '';
  const endsInNumber = /^\d+$/.test(lastPart) || /^0[xX][0-9a-fA-F]*$/.test(lastPart);
  if (!endsInNumber) return null;
  if (parts.length > 4) return 'invalid';
  const numbers: number[] = [];
  for (const part of parts) {
    const value = parseUrlIpv4Number(part);
    if (value === null) return 'invalid';
    numbers.push(value);
  }
  const last = numbers.pop() ?? 0;
  if (numbers.some((value) => value > 255) || last >= 256 ** (4 - numbers.length)) return 'invalid';
  let address = last;
  for (const [index, value] of numbers.entries()) address += value * 256 ** (3 - index);
  return new Uint8Array([(address >>> 24) & 0xff, (address >>> 16) & 0xff, (address >>> 8) & 0xff, address & 0xff]);
}

function parseUrlIpv4Number(part: string): number | null {
  if (part === '') return null;
  let radix = 10;
  let digits = part;
  if (/^0[xX]/.test(part)) {
    radix = 16;
    digits = part.slice(2);
  } else if (part.length > 1 && part.startsWith('0')) {
    radix = 8;
    digits = part.slice(1);
  }
  if (digits === '') return 0;
  const valid = radix === 16 ? /^[0-9a-fA-F]+$/ : radix === 8 ? /^[0-7]+$/ : /^\d+$/;
  if (!valid.test(digits)) return null;
  const value = Number.parseInt(digits, radix);
  return Number.isSafeInteger(value) ? value : null;
}

function maskBytes(bytes: Uint8Array, prefixLength: number): Uint8Array {
  const masked = new Uint8Array(bytes.length);
  for (let index = 0; index < bytes.length; index += 1) {
    const bitsInByte = Math.max(0, Math.min(8, prefixLength - index * 8));
    const mask = bitsInByte === 0 ? 0 : (0xff << (8 - bitsInByte)) & 0xff;
    masked[index] = (bytes[index] ?? 0) & mask;
  }
  return masked;
}

function bytesEqual(left: Uint8Array, right: Uint8Array): boolean {
  return left.length === right.length && left.every((value, index) => value === right[index]);
}
