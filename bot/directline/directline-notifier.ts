import { EventEmitter } from "node:events";

/**
 * Wakes this instance's streams when a conversation gets a new activity. Streams also poll the
 * database (see directline-stream.ts), so activities written by another instance still arrive.
 * Ephemeral activities (typing) go only to live streams on this instance and are never stored.
 */
export class DirectLineNotifier {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  publish(conversationId: string): void {
    this.emitter.emit(`stored:${conversationId}`);
  }

  publishEphemeral(conversationId: string, activity: Record<string, unknown>): void {
    this.emitter.emit(`ephemeral:${conversationId}`, activity);
  }

  subscribe(
    conversationId: string,
    listeners: { stored: () => void; ephemeral: (activity: Record<string, unknown>) => void },
  ): () => void {
    this.emitter.on(`stored:${conversationId}`, listeners.stored);
    this.emitter.on(`ephemeral:${conversationId}`, listeners.ephemeral);
    return () => {
      this.emitter.off(`stored:${conversationId}`, listeners.stored);
      this.emitter.off(`ephemeral:${conversationId}`, listeners.ephemeral);
    };
  }
}
