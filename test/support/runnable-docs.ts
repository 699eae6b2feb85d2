// The shell blocks of the docs that are marked runnable: a fenced ```sh block right after the line
// `<!-- runnable -->` (run in order, in one bash session per file, so that a block may use what an
// earlier one set) or `<!-- runnable: background -->` (started in the background, e.g. a worker,
// and stopped when the file's blocks are done). The marker is an HTML comment: invisible on GitHub.
import { readFileSync } from "node:fs";

export interface RunnableBlock {
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  background: boolean;
  code: string;
}

export function runnableBlocks(file: string, text = readFileSync(file, "utf8")): RunnableBlock[] {
  const lines = text.split("\n");
  const blocks: RunnableBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const marker = /^<!-- runnable(: background)? -->$/.exec(lines[i]!.trim());
    if (!marker) continue;
    const fence = lines[i + 1]?.trim();
    if (fence !== "```sh" && fence !== "```bash") throw new Error(`${file}:${i + 1}: a runnable marker must be followed by a \`\`\`sh block`);
    const end = lines.findIndex((line, at) => at > i + 1 && line.trim() === "```");
    if (end < 0) throw new Error(`${file}:${i + 2}: unterminated code block`);
    blocks.push({ file, line: i + 2, background: marker[1] !== undefined, code: lines.slice(i + 2, end).join("\n") });
    i = end;
  }
  return blocks;
}
