import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * The layers of the codebase, checked on every import of our runtime code (tests are exempt: they
 * exercise a capability's internals on purpose). Each top-level folder is one capability with its
 * public surface in `index.ts`; see README "Architecture".
 */
export const CAPABILITIES = ["platform", "knowledge", "adaptive-cards", "ingest", "admin", "bot"] as const;
type Capability = (typeof CAPABILITIES)[number];
/** Folders of runtime code outside the capabilities that may use their public surfaces. */
const CLIENTS = ["tools"] as const;

/** Which capabilities each one may import; everything else is a layer violation. */
export const ALLOWED: Readonly<Record<Capability | (typeof CLIENTS)[number], readonly Capability[]>> = {
  platform: [],
  knowledge: ["platform"],
  "adaptive-cards": ["platform", "knowledge"],
  ingest: ["platform", "knowledge"],
  admin: ["platform", "knowledge", "adaptive-cards", "ingest"],
  bot: ["platform", "knowledge", "adaptive-cards", "ingest", "admin"],
  tools: ["platform", "knowledge", "adaptive-cards", "ingest", "admin", "bot"],
};

export interface ImportEdge {
  readonly file: string;
  readonly line: number;
  readonly specifier: string;
  readonly target: string;
}

function isRuntimeSource(file: string): boolean {
  return /\.(ts|mts)$/.test(file) && !/\.test\.ts$/.test(file) && !file.endsWith(".d.ts");
}

function sourceFiles(root: string, folder: string): string[] {
  const found: string[] = [];
  const walk = (directory: string) => {
    for (const name of readdirSync(directory)) {
      if (name === "node_modules") continue;
      const full = path.join(directory, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (isRuntimeSource(full)) found.push(path.relative(root, full));
    }
  };
  walk(path.join(root, folder));
  return found;
}

/** Relative imports and re-exports of a file (static, dynamic and `import type`), resolved from the root. */
export function importsOf(root: string, file: string, text = readFileSync(path.join(root, file), "utf8")): ImportEdge[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const edges: ImportEdge[] = [];
  const add = (node: ts.Node, literal: ts.Expression | undefined) => {
    if (!literal || !ts.isStringLiteralLike(literal) || !literal.text.startsWith(".")) return;
    edges.push({
      file,
      line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1,
      specifier: literal.text,
      target: path.normalize(path.join(path.dirname(file), literal.text)),
    });
  };
  const walk = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node, node.moduleSpecifier);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) add(node, node.arguments[0]);
    ts.forEachChild(node, walk);
  };
  walk(source);
  return edges;
}

function folderOf(file: string): string {
  return file.split(path.sep)[0] ?? "";
}

/** Every import that crosses a layer the wrong way or reaches past another capability's index.ts. */
export function layerViolations(root: string, files?: ReadonlyArray<{ file: string; text?: string }>): string[] {
  const list: ReadonlyArray<{ file: string; text?: string }> =
    files ?? [...CAPABILITIES, ...CLIENTS].flatMap((folder) => sourceFiles(root, folder).map((file) => ({ file })));
  const problems: string[] = [];
  for (const { file, text } of list) {
    const from = folderOf(file) as keyof typeof ALLOWED;
    if (!(from in ALLOWED)) continue;
    for (const edge of importsOf(root, file, text)) {
      const to = folderOf(edge.target);
      if (to === from || !(CAPABILITIES as readonly string[]).includes(to)) continue;
      const where = `${edge.file}:${edge.line} imports "${edge.specifier}"`;
      if (!ALLOWED[from].includes(to as Capability)) problems.push(`${where}: ${from}/ may not depend on ${to}/`);
      else if (edge.target.replace(/\.(js|ts)$/, "") !== path.join(to, "index")) problems.push(`${where}: use ${to}/index.ts, not its internals`);
    }
  }
  return problems;
}

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..");

describe("layers", () => {
  it("every import of runtime code respects the layers and the capabilities' public surfaces", () => {
    expect(layerViolations(ROOT)).toEqual([]);
  });

  it("reports a forbidden import planted in a layer that may not have it", () => {
    const planted = [
      { file: path.join("platform", "planted.ts"), text: 'import { x } from "../knowledge/index.js";' },
      { file: path.join("knowledge", "planted.ts"), text: 'import { startServer } from "../bot/main.js";' },
      { file: path.join("ingest", "planted.ts"), text: 'export { y } from "../bot/index.js";' },
      { file: path.join("bot", "planted.ts"), text: 'const m = await import("../knowledge/hybrid-search.js");' },
      { file: path.join("bot", "fine.ts"), text: 'import type { SearchResult } from "../knowledge/index.js";' },
    ];
    const problems = layerViolations(ROOT, planted);
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(/platform\/ may not depend on knowledge\//);
    expect(problems[1]).toMatch(/knowledge\/ may not depend on bot\//);
    expect(problems[2]).toMatch(/ingest\/ may not depend on bot\//);
    expect(problems[3]).toMatch(/use knowledge\/index.ts, not its internals/);
  });
});
