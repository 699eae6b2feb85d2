import type { Payload } from "@conveyor/client";

const HEX_BYTES = 256;

/** A payload or result: pretty JSON, or for bytes their size and a hex dump of the first 256. */
export function PayloadView({ payload, label }: { payload: Payload | undefined; label: string }) {
  const kind = payload?.kind;
  if (!kind || kind.case === undefined) return <p className="muted">No {label.toLowerCase()}.</p>;
  if (kind.case === "json") {
    return (
      <pre className="code" aria-label={label} tabIndex={0}>
        {JSON.stringify(kind.value, null, 2)}
      </pre>
    );
  }
  const bytes = kind.value;
  const lines: string[] = [];
  for (let offset = 0; offset < Math.min(bytes.length, HEX_BYTES); offset += 16) {
    const chunk = [...bytes.subarray(offset, offset + 16)];
    lines.push(
      `${offset.toString(16).padStart(8, "0")}  ${chunk.map((b) => b.toString(16).padStart(2, "0")).join(" ").padEnd(47)}  ${chunk
        .map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : "."))
        .join("")}`,
    );
  }
  return (
    <div>
      <p>
        Binary, {bytes.length.toLocaleString()} bytes{bytes.length > HEX_BYTES ? ` (first ${HEX_BYTES} shown)` : ""}:
      </p>
      <pre className="code" aria-label={label} tabIndex={0}>
        {lines.join("\n")}
      </pre>
    </div>
  );
}
