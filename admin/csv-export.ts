/** Characters that start a formula in Excel or LibreOffice. */
const FORMULA_START = new Set(["=", "+", "-", "@", "\t", "\r"]);
/** Characters a spreadsheet may split cells at: the comma, and the Finnish list separator ";". */
const SEPARATORS = new Set([",", ";", "\t", "\n"]);

/**
 * Spreadsheet-safe CSV. A cell whose text starts with a formula character, or has one right after
 * a separator (Excel splits `a;=HYPERLINK(…)` at ";" under a Finnish locale), would be read as a
 * formula (CSV injection), so the whole cell gets a leading apostrophe, which spreadsheets show as
 * text. Numbers we write ourselves are not neutralised.
 */
export function neutraliseCell(value: string): string {
  for (let index = 0; index < value.length; index += 1) {
    if (!FORMULA_START.has(value[index]!)) continue;
    const previous = value[index - 1];
    if (index === 0 || SEPARATORS.has(previous!) || previous === " " && index > 1 && SEPARATORS.has(value[index - 2]!)) return `'${value}`;
  }
  return value;
}

/** Every text cell is quoted, so no separator inside it can split it. */
function quote(value: string): string {
  return `"${value.replaceAll('"', '""')}"`;
}

/** Rows to CSV text with CRLF line ends and a UTF-8 BOM so Excel opens Finnish letters right. */
export function toCsv(rows: ReadonlyArray<ReadonlyArray<string | number | undefined | null>>): string {
  const lines = rows.map((row) =>
    row
      .map((cell) => {
        if (cell === undefined || cell === null) return "";
        if (typeof cell === "number") return String(cell);
        return quote(neutraliseCell(cell));
      })
      .join(","),
  );
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
