/**
 * Spreadsheet-safe CSV. A cell beginning with `=`, `+`, `-`, `@`, tab or carriage return would be
 * read as a formula by Excel or LibreOffice (CSV injection), so it gets a leading apostrophe,
 * which spreadsheets show as text. Numbers we write ourselves are not neutralised.
 */
export function neutraliseCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function quote(value: string): string {
  return /[",\r\n;]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
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
