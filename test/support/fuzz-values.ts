// Random and hostile request messages for any method, built from its descriptor: what the fuzz
// suite sends. Deterministic for a seed, so that a failure can be replayed.
import { create, ScalarType, type DescField, type DescMessage, type Message } from "@bufbuild/protobuf";

/** mulberry32: small, fast and good enough to pick cases; the same seed gives the same run. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (max) => Math.floor(next() * max),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    chance: (p) => next() < p,
    uuid: () => {
      const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16)).join("");
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
    },
  };
}

export interface Random {
  next(): number;
  int(max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  uuid(): string;
}

/** Strings no honest client sends. */
export const HOSTILE_STRINGS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x\udfff",
  "\u0001\u0002\u001b[31m\u007f",
  "\r\n\r\nHTTP/1.1 200 OK",
  "../../etc/passwd",
  "'; drop table jobs; --",
  "%00%ff",
  "\ufeff\u200b\u202e",
  "😀".repeat(50),
  "x".repeat(300),
  "y".repeat(70_000),
  "0",
  "-1",
  "NaN",
  "9999-12-31T23:59:59.999999999Z",
  "2024-02-30T00:00:00Z",
  "0 0 29 2 *",
  "*/0 * * * *",
  "http://127.0.0.1/",
  "Europe/Atlantis",
  Buffer.from("\u0000").toString("base64url"),
  Buffer.from("zzz").toString("base64url"),
];

const HOSTILE_DOUBLES = [0, -0, 1, -1, 0.5, 1e-9, 5e-324, 1e-40, 1.7976931348623157e308, -1e308, NaN, Infinity, -Infinity, 2 ** 53, 100, 101];
const HOSTILE_INT32 = [0, 1, -1, 2, 100, 1000, 10_000, 2_147_483_647, -2_147_483_648, 65_535];
const HOSTILE_INT64 = [0n, 1n, -1n, 9_223_372_036_854_775_807n, -9_223_372_036_854_775_808n, 253_402_300_799n, 253_402_300_800n, -62_135_596_801n];
const HOSTILE_TIMESTAMPS = [
  { seconds: 0n, nanos: 0 },
  { seconds: -62_135_596_800n, nanos: 0 },
  { seconds: 253_402_300_799n, nanos: 999_999_999 },
  { seconds: 253_402_300_800n, nanos: 0 },
  { seconds: -62_135_596_801n, nanos: 0 },
  { seconds: 1n, nanos: 1_000_000_000 },
  { seconds: 1n, nanos: -1 },
  { seconds: 9_223_372_036_854_775_807n, nanos: 0 },
];
const HOSTILE_DURATIONS = [
  { seconds: 0n, nanos: 0 },
  { seconds: 1n, nanos: 0 },
  { seconds: 0n, nanos: 1 },
  { seconds: -1n, nanos: 0 },
  { seconds: 1n, nanos: -1 },
  { seconds: 315_576_000_000n, nanos: 0 },
  { seconds: 315_576_000_001n, nanos: 0 },
  { seconds: 9_223_372_036_854_775_807n, nanos: 999_999_999 },
  { seconds: 3600n, nanos: 0 },
];

/** Values that pass validation, so that requests reach the handlers and the database too. */
function plausibleString(field: DescField, random: Random, ids: readonly string[]): string {
  const name = field.name;
  if (name === "namespace") return random.pick(["", "default", "fuzz"]);
  if (name === "queue" || name === "queues") return random.pick(["fuzz-q", "fuzz.other"]);
  if (name === "type" || name === "job_types") return random.pick(["fuzz.t", "fuzz:u"]);
  if (name.endsWith("id") || name.endsWith("_ids")) return ids.length > 0 && random.chance(0.7) ? random.pick(ids) : random.uuid();
  if (name === "name") return `fuzz-${random.int(50)}`;
  if (name === "cron") return random.pick(["*/5 * * * *", "0 0 1 1 *", "0 0 29 2 *"]);
  if (name === "timezone") return random.pick(["", "UTC", "Europe/Paris"]);
  if (name === "webhook_url") return random.pick(["", "https://example.com/hook"]);
  return `fuzz-${random.int(1000)}`;
}

export interface MessageOptions {
  /** Job, lease and other ids seen in earlier answers, to reach existing rows. */
  ids: readonly string[];
  /** How likely a value is hostile rather than plausible. */
  hostility: number;
}

/** A random message of `desc`: each field set or not, each value hostile or plausible. */
export function randomMessage(desc: DescMessage, random: Random, options: MessageOptions, depth = 0): Message {
  return create(desc, randomInit(desc, random, options, depth) as never);
}

function randomInit(desc: DescMessage, random: Random, options: MessageOptions, depth: number): Record<string, unknown> {
  const init: Record<string, unknown> = {};
  for (const oneof of desc.oneofs) {
    if (random.chance(0.2)) continue;
    const field = random.pick(oneof.fields);
    init[oneof.localName] = { case: field.localName, value: singleValue(field, random, options, depth) };
  }
  for (const field of desc.fields) {
    if (field.oneof || random.chance(0.35)) continue;
    if (field.fieldKind === "list") {
      const count = depth > 2 ? 0 : random.pick([0, 1, 1, 2, 3, 20]);
      init[field.localName] = Array.from({ length: count }, () => singleValue(field, random, options, depth));
    } else if (field.fieldKind === "map") {
      const entries: Record<string, unknown> = {};
      for (let i = random.int(4); i > 0; i--) {
        const key = random.chance(options.hostility) ? random.pick(HOSTILE_STRINGS) : `k${random.int(10)}`;
        entries[key] = field.mapKind === "message" ? randomInit(field.message, random, options, depth + 1) : field.mapKind === "enum" ? field.enum.values[0]!.number : scalarValue(field.scalar, field, random, options);
      }
      init[field.localName] = entries;
    } else {
      init[field.localName] = singleValue(field, random, options, depth);
    }
  }
  return init;
}

function singleValue(field: DescField, random: Random, options: MessageOptions, depth: number): unknown {
  const message = field.fieldKind === "message" || (field.fieldKind === "list" && field.listKind === "message") ? field.message : undefined;
  if (message) return messageValue(message, random, options, depth + 1);
  const enumDesc = field.fieldKind === "enum" || (field.fieldKind === "list" && field.listKind === "enum") ? field.enum : undefined;
  if (enumDesc) return random.chance(0.1) ? random.pick([-1, 99, 2_147_483_647]) : random.pick(enumDesc.values).number;
  const scalar = field.fieldKind === "scalar" ? field.scalar : field.fieldKind === "list" && field.listKind === "scalar" ? field.scalar : ScalarType.STRING;
  return scalarValue(scalar, field, random, options);
}

function messageValue(desc: DescMessage, random: Random, options: MessageOptions, depth: number): unknown {
  switch (desc.typeName) {
    case "google.protobuf.Timestamp":
      return create(desc, (random.chance(options.hostility) ? random.pick(HOSTILE_TIMESTAMPS) : { seconds: BigInt(Math.floor(Date.now() / 1000) + random.int(7200) - 3600), nanos: random.int(1e9) }) as never);
    case "google.protobuf.Duration":
      return create(desc, random.pick(HOSTILE_DURATIONS) as never);
    case "google.protobuf.Struct":
      return jsonObject(random, options, 0);
    case "google.protobuf.Value":
      return jsonValue(random, options, 0);
  }
  return create(desc, (depth > 3 ? {} : randomInit(desc, random, options, depth)) as never);
}

function jsonObject(random: Random, options: MessageOptions, depth: number): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (let i = random.int(4); i > 0; i--) {
    object[random.chance(options.hostility) ? random.pick(HOSTILE_STRINGS) : `f${random.int(10)}`] = jsonValue(random, options, depth + 1);
  }
  return object;
}

function jsonValue(random: Random, options: MessageOptions, depth: number): unknown {
  const kind = random.int(depth > 3 ? 4 : 6);
  if (kind === 0) return null;
  if (kind === 1) return random.chance(0.5);
  if (kind === 2) return random.chance(options.hostility) ? random.pick(HOSTILE_DOUBLES) : random.int(1000);
  if (kind === 3) return random.chance(options.hostility) ? random.pick(HOSTILE_STRINGS) : `v${random.int(100)}`;
  if (kind === 4) return Array.from({ length: random.int(4) }, () => jsonValue(random, options, depth + 1));
  return jsonObject(random, options, depth);
}

function scalarValue(scalar: ScalarType, field: DescField, random: Random, options: MessageOptions): unknown {
  const hostile = random.chance(options.hostility);
  switch (scalar) {
    case ScalarType.STRING:
      return hostile ? random.pick(HOSTILE_STRINGS) : plausibleString(field, random, options.ids);
    case ScalarType.BOOL:
      return random.chance(0.5);
    case ScalarType.BYTES:
      return hostile ? new Uint8Array(random.pick([0, 1, 70_000])).map(() => random.int(256)) : new TextEncoder().encode(`{"a":${random.int(9)}}`);
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return hostile ? random.pick(HOSTILE_DOUBLES) : random.next();
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
      return hostile ? random.pick(HOSTILE_INT64) : BigInt(random.int(100));
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return hostile ? random.pick([0n, 18_446_744_073_709_551_615n]) : BigInt(random.int(100));
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return hostile ? random.pick([0, 4_294_967_295]) : random.int(100);
    default:
      return hostile ? random.pick(HOSTILE_INT32) : random.int(100);
  }
}

/** `bytes` damaged the ways a broken or hostile client damages them. */
export function mutateBytes(bytes: Uint8Array, random: Random): Uint8Array {
  const out = Array.from(bytes);
  const edits = 1 + random.int(4);
  for (let i = 0; i < edits; i++) {
    const kind = random.int(5);
    const at = out.length === 0 ? 0 : random.int(out.length);
    if (kind === 0 && out.length > 0) out[at] = random.int(256);
    else if (kind === 1) out.splice(at, 0, ...Array.from({ length: 1 + random.int(8) }, () => random.int(256)));
    else if (kind === 2) out.length = at;
    else if (kind === 3 && out.length > 0) out[at] = out[at]! ^ (1 << random.int(8));
    else out.splice(at, 0, 0xff, 0xff, 0xff, 0xff, 0x0f);
  }
  return new Uint8Array(out);
}

/** Random bytes of a random length. */
export function randomBytes(random: Random, max = 256): Uint8Array {
  return new Uint8Array(random.int(max)).map(() => random.int(256));
}
