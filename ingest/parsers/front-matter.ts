/**
 * Reads a YAML-ish front matter block (`---` lines around `key: value` lines) from the start of a
 * document. Only flat scalar values and `[a, b]` lists are supported on purpose: municipalities
 * write these by hand, and a full YAML parser would accept far more than the item schema does.
 */
export interface FrontMatter {
  readonly fields: Record<string, string | string[]>;
  /** The document after the front matter. */
  readonly body: string;
  /** Lines taken by the front matter, so record lines can point into the file. */
  readonly lineCount: number;
}

const OPENING = /^---[ \t]*\r?\n/;

export function readFrontMatter(text: string): FrontMatter {
  if (!OPENING.test(text)) return { fields: {}, body: text, lineCount: 0 };
  const lines = text.split(/\r?\n/);
  const end = lines.findIndex((line, index) => index > 0 && /^(---|\.\.\.)\s*$/.test(line));
  if (end === -1) return { fields: {}, body: text, lineCount: 0 };
  const fields: Record<string, string | string[]> = {};
  for (const line of lines.slice(1, end)) {
    if (!line.trim() || line.trimStart().startsWith("#")) continue;
    const match = /^\s*([A-Za-z][\w-]*)\s*:\s*(.*)$/.exec(line);
    if (!match) continue;
    const key = match[1]!;
    const raw = match[2]!.trim();
    if (raw.startsWith("[") && raw.endsWith("]")) {
      fields[key] = raw
        .slice(1, -1)
        .split(",")
        .map((entry) => unquote(entry.trim()))
        .filter(Boolean);
    } else {
      fields[key] = unquote(raw);
    }
  }
  return { fields, body: lines.slice(end + 1).join("\n"), lineCount: end + 1 };
}

function unquote(value: string): string {
  if (value.length >= 2 && ((value.startsWith('"') && value.endsWith('"')) || (value.startsWith("'") && value.endsWith("'")))) {
    return value.slice(1, -1);
  }
  return value;
}
