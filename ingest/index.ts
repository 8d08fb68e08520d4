export { ingestFiles, type IngestFilesDeps, type IngestFilesOptions, type IngestSummary } from "./ingest-files.js";
export { writeItems, embedItems, type WriteItemsResult } from "./ingest-items.js";
export { chunkItem, type ChunkDraft } from "./chunk-item.js";
export { FileUnreadableError, type IngestIssue } from "./ingest-error.js";
export { seedDemoKnowledge, DEMO_DIR } from "./seed-demo.js";
export { createLocalIngestRouter, LOCAL_INGEST_PATH, LOCAL_SECRET_HEADER } from "./local-ingest-http.js";
