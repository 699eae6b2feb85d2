import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";
import { InvalidArgumentError } from "../errors/conveyor-error.ts";

/**
 * Keeps webhooks (URLs that any caller with `jobs:write` chooses) from reaching the server's own
 * network: loopback, private, link-local, carrier-grade NAT, multicast, reserved and unspecified
 * addresses are refused, however they are written (0x7f000001, 2130706433, 127.1 and
 * [::ffff:127.0.0.1] are all 127.0.0.1). Names are resolved, and the addresses checked, on every
 * connection, so a name that resolves to a public address once and a private one later (DNS
 * rebinding) is refused the second time.
 *
 * Internal deployments allow what they need by host name, address or CIDR range
 * (CONVEYOR_WEBHOOK_ALLOWED_HOSTS, e.g. "hooks.internal,10.0.0.0/8,127.0.0.1").
 */
export interface AddressGuard {
  /** Why the URL's host may not be called as written, or undefined. Names are checked when resolved. */
  problemWithUrl(url: string): string | undefined;
  /** A DNS lookup for connections that fails for refused addresses (pass it to the HTTP agent). */
  readonly lookup: LookupFunction;
}

export class RefusedAddressError extends Error {
  override name = "RefusedAddressError";
  readonly code = "ECONNREFUSED_BY_POLICY";
}

export function createAddressGuard(allowed: readonly string[]): AddressGuard {
  const allowedNames = new Set<string>();
  const allowedRanges: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];
  for (const entry of allowed) {
    if (ipaddr.isValidCIDR(entry)) allowedRanges.push(ipaddr.parseCIDR(entry));
    else if (ipaddr.isValid(entry)) {
      const address = normalize(entry);
      allowedRanges.push([address, address.kind() === "ipv4" ? 32 : 128]);
    } else allowedNames.add(entry.toLowerCase());
  }

  /** Why an address is refused, or undefined when it may be called. */
  const problemWithAddress = (text: string): string | undefined => {
    const address = normalize(text);
    if (allowedRanges.some(([range, bits]) => range.kind() === address.kind() && address.match(range, bits))) return undefined;
    const range = address.range();
    return range === "unicast" ? undefined : `${address.toString()} is a ${range} address`;
  };

  const lookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, "", 0);
      const allowedName = allowedNames.has(hostname.toLowerCase());
      const refused = allowedName ? undefined : addresses.map((a) => problemWithAddress(a.address)).find(Boolean);
      if (refused) return callback(new RefusedAddressError(`webhook host ${hostname} is not allowed: ${refused} (allow it with CONVEYOR_WEBHOOK_ALLOWED_HOSTS)`), "", 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };

  return {
    lookup,
    problemWithUrl(url) {
      // The WHATWG parser has already turned 0x7f000001, 2130706433 and 127.1 into 127.0.0.1.
      const host = new URL(url).hostname.replace(/^\[(.*)\]$/, "$1").replace(/\.$/, "");
      if (allowedNames.has(host.toLowerCase())) return undefined;
      if (ipaddr.isValid(host)) return problemWithAddress(host);
      if (host === "localhost" || host.endsWith(".localhost")) return "localhost is a loopback address";
      return undefined;
    },
  };
}

/** Refuses, at the API's edge, a webhook URL whose host is an internal address as written. */
export function refuseInternalWebhook(guard: AddressGuard | undefined, url: string | null | undefined, field: string): void {
  const problem = url ? guard?.problemWithUrl(url) : undefined;
  if (problem) throw new InvalidArgumentError(field, `may not call an internal address: ${problem} (allow it with CONVEYOR_WEBHOOK_ALLOWED_HOSTS)`);
}

/** IPv4-mapped IPv6 addresses are judged as the IPv4 address they carry. */
function normalize(text: string): ipaddr.IPv4 | ipaddr.IPv6 {
  const address = ipaddr.parse(text);
  return address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress() ? (address as ipaddr.IPv6).toIPv4Address() : address;
}
