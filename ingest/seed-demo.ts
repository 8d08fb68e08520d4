import path from "node:path";
import { fileURLToPath } from "node:url";
import { helsinkiDate } from "../knowledge/index.js";
import { ingestFiles, type IngestFilesDeps, type IngestSummary } from "./ingest-files.js";

/** The demo knowledge base shipped in the repository (invented data, marked as demo). */
export const DEMO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "knowledge", "demo");

/** Ingests the demo data with the same code as the CLI when the store is empty. */
export async function seedDemoKnowledge(
  deps: IngestFilesDeps,
  options: { maxFileBytes: number },
): Promise<IngestSummary | undefined> {
  if ((await deps.store.countItems()) > 0) return undefined;
  return ingestFiles(deps, {
    paths: [DEMO_DIR],
    today: helsinkiDate(),
    maxFileBytes: options.maxFileBytes,
    actor: "demo-seed",
  });
}
