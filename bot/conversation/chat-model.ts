/**
 * A chat-completion model, small on purpose: the conversation core asks for text (or JSON it then
 * parses with zod) and never sees a vendor type. Implementations: openai-chat-model.ts (any
 * OpenAI-compatible endpoint). Limits: callers pass an AbortSignal carrying the reply's remaining
 * time budget; an implementation must stop waiting when it fires and must not retry past it.
 */
export interface ChatModel {
  /** For logs: "openai:gpt-4o-mini". */
  readonly id: string;
  complete(request: ChatCompletionRequest): Promise<string>;
}

export interface ChatMessage {
  readonly role: "system" | "user" | "assistant";
  readonly content: string;
}

export interface ChatCompletionRequest {
  readonly messages: readonly ChatMessage[];
  /** Ask for a JSON object (response_format json_object where supported). */
  readonly json?: boolean | undefined;
  /** Upper bound on generated tokens. */
  readonly maxTokens?: number | undefined;
  readonly signal: AbortSignal;
}
