import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { check } from "recheck";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * Every regular expression literal in the project's runtime code is checked with recheck (a ReDoS
 * checker) for super-linear backtracking. An anonymous 90-character chat message once froze the
 * server for 16 s through a nested quantifier in the phone pattern (decision 0004). Patterns that
 * only ever see configuration, or files an authenticated editor uploads within the size limit, are
 * listed below with that reason; any other pattern must be safe.
 */
const ROOTS = ["platform", "bot", "knowledge", "ingest", "admin", "adaptive-cards", "tools"];
const REVIEWED: Readonly<Record<string, string>> = {
  "bot/alerts/create-alerts-module.ts:/+$": "PUBLIC_BASE_URL from configuration",
  "bot/teams/package/teams-manifest.ts:/.*$": "URLs from configuration",
  "ingest/sources/esco-occupations.ts:/+$": "ESCO URIs from a configured CSV file",
  "ingest/sources/konfo-adapter.ts:/+$": "configured base URL",
  "ingest/sources/ptv-adapter.ts:/+$": "configured base URL",
  "ingest/sources/tyomarkkinatori-adapter.ts:/+$": "configured base URL",
};
/**
 * Patterns that see uploaded files or public feeds, which an authenticated editor or a configured
 * source provides within the upload size limit. Quadratic at worst; still to be rewritten.
 */
const FILE_PATTERNS = new Set([
  "ingest/parsers/free-document.ts",
  "ingest/parsers/front-matter.ts",
  "ingest/parsers/html-parser.ts",
  "ingest/parsers/markdown-parser.ts",
  "ingest/parsers/pdf-parser.ts",
  "ingest/sources/jsonld-jobposting-adapter.ts",
  "ingest/sources/source-text.ts",
  "ingest/sources/tyomarkkinatori-adapter.ts",
]);

interface Literal {
  readonly file: string;
  readonly line: number;
  readonly source: string;
  readonly flags: string;
}

function literals(): Literal[] {
  const found: Literal[] = [];
  const visit = (file: string) => {
    const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
    const walk = (node: ts.Node) => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = node.getText(source);
        const slash = text.lastIndexOf("/");
        found.push({ file, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1, source: text.slice(1, slash), flags: text.slice(slash + 1) });
      }
      ts.forEachChild(node, walk);
    };
    walk(source);
  };
  const walkDirectory = (directory: string) => {
    for (const name of readdirSync(directory)) {
      const full = path.join(directory, name);
      if (statSync(full).isDirectory()) walkDirectory(full);
      else if (full.endsWith(".ts") && !full.endsWith(".test.ts") && !full.endsWith(".d.ts")) visit(full);
    }
  };
  for (const root of ROOTS) walkDirectory(root);
  return found;
}

describe("regular expressions on untrusted text", () => {
  it("finds the project's patterns", () => {
    expect(literals().length).toBeGreaterThan(100);
  });

  it("have no super-linear backtracking (recheck), except reviewed configuration-only patterns", async () => {
    const problems: string[] = [];
    for (const literal of literals()) {
      const reviewed = REVIEWED[`${literal.file}:${literal.source.replace(/\\\//g, "/")}`];
      if (reviewed) continue;
      const fromFiles = FILE_PATTERNS.has(literal.file);
      const result = await check(literal.source, literal.flags.replace(/[gy]/g, ""), { timeout: 10_000 });
      if (result.status === "vulnerable" && !(fromFiles && result.complexity.type === "polynomial" && result.complexity.degree <= 2)) {
        problems.push(`${literal.file}:${literal.line} /${literal.source}/ is ${result.complexity.type}${"degree" in result.complexity ? ` (degree ${result.complexity.degree})` : ""}`);
      } else if (result.status === "unknown") {
        problems.push(`${literal.file}:${literal.line} /${literal.source}/ could not be checked: ${result.error.kind}`);
      }
    }
    expect(problems).toEqual([]);
  }, 300_000);
});
