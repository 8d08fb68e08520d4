import path from "node:path";
import { ITEM_KINDS, LANGUAGES, type Language } from "../../knowledge/index.js";
import type { IngestIssue } from "../ingest-error.js";
import { detectDocumentLanguage as detectLanguage } from "../../knowledge/index.js";
import type { ParsedFile, ParseOptions } from "./types.js";

/** What a free-document parser (Markdown, text, HTML, PDF) extracted from one file. */
export interface DocumentParts {
  readonly title: string | undefined;
  readonly body: string;
  /** Fields from front matter or metadata; they win over defaults. */
  readonly fields?: Record<string, string | string[]> | undefined;
  /** Language declared by the document (e.g. `<html lang>`), used before detection. */
  readonly declaredLanguage?: string | undefined;
}

/** A file name as an id: lower case ASCII words joined by hyphens ("Työnhaku Kokkolassa.md" → "tyonhaku-kokkolassa"). */
export function slugFromFileName(file: string): string {
  const base = path.basename(file, path.extname(file));
  const slug = base
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return slug || "document";
}

/** A file name as a readable title ("kotoutuminen_kokkola.txt" → "kotoutuminen kokkola"). */
function titleFromFileName(file: string): string {
  return path.basename(file, path.extname(file)).replace(/[_-]+/g, " ").trim() || "document";
}

/**
 * Turns one free document into one raw record. The kind comes from front matter, else `--kind`;
 * a document with neither is rejected with field `kind` rather than guessed.
 */
export function documentRecord(parts: DocumentParts, options: ParseOptions): ParsedFile {
  const fields = { ...(parts.fields ?? {}) };
  // Hand-written front matter lists tags with commas as often as with semicolons.
  if (typeof fields.tags === "string") fields.tags = fields.tags.split(/[;,]/).map((tag) => tag.trim());
  const kind = typeof fields.kind === "string" && fields.kind ? fields.kind : options.kind;
  if (!kind) {
    const issue: IngestIssue = {
      file: options.file,
      line: 1,
      field: "kind",
      message: `a free document needs a kind: pass --kind ${ITEM_KINDS.join("|")} or put "kind: …" in its front matter`,
    };
    return { records: [], issues: [issue] };
  }
  const body = parts.body.trim();
  const declared = parts.declaredLanguage?.toLowerCase().slice(0, 2);
  const language: Language =
    typeof fields.language === "string" && fields.language
      ? (fields.language as Language)
      : declared && (LANGUAGES as readonly string[]).includes(declared)
        ? (declared as Language)
        : detectLanguage(body);
  const value: Record<string, unknown> = {
    id: slugFromFileName(options.file),
    title: parts.title?.trim() || titleFromFileName(options.file),
    description: body,
    ...fields,
    kind,
    language,
  };
  return { records: [{ line: 1, value }], issues: [] };
}
