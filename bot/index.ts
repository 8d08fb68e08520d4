export { startServer, type RunningServer } from "./main.js";
export { loadCorpus, trainUnderstandingModel, type CorpusExample } from "./understanding/index.js";
