import { AppError } from "../platform/index.js";

/** The server already runs one import and as many wait as it allows (`IMPORT_QUEUE_MAX_WAITING`). */
export class ImportQueueFullError extends AppError {
  constructor(message: string) {
    super(message, { code: "import_queue_full", status: 503, retryable: true, expose: true });
  }
}

/**
 * Runs imports through the server one at a time, with at most `maxWaiting` more in line. One import
 * at a time bounds the memory of parsing and writing to one file's, and keeps the embedded engine
 * free between statements for chat; further imports are refused instead of piling up.
 */
export class ImportQueue {
  private running = false;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly maxWaiting: number) {}

  /** Runs `work` when its turn comes; throws `ImportQueueFullError` (made by `refuse`) when the line is full. */
  async run<T>(work: () => Promise<T>, refuse: () => ImportQueueFullError): Promise<T> {
    if (this.running) {
      if (this.waiting.length >= this.maxWaiting) throw refuse();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.running = true;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running = false;
    }
  }
}
