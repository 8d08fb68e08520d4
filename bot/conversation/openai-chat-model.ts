import OpenAI from "openai";
import { UpstreamError } from "../../platform/index.js";
import type { ChatCompletionRequest, ChatModel } from "./chat-model.js";

export interface OpenAiChatModelOptions {
  readonly apiKey?: string | undefined;
  readonly baseUrl?: string | undefined;
  /** Azure OpenAI api-version; unset for OpenAI, Ollama, vLLM. */
  readonly apiVersion?: string | undefined;
  readonly model: string;
  /** Upper bound per request; the caller's signal usually fires first. */
  readonly timeoutMs: number;
}

/**
 * `ChatModel` over any OpenAI-compatible chat-completions endpoint with the official `openai` SDK
 * (v6). No SDK retries: the reply budget is short and the caller falls back to the extractive
 * answer instead of waiting.
 */
export class OpenAiChatModel implements ChatModel {
  readonly id: string;
  private readonly client: OpenAI;

  constructor(private readonly options: OpenAiChatModelOptions) {
    this.id = `openai:${options.model}`;
    this.client = new OpenAI({
      apiKey: options.apiKey ?? "not-needed",
      baseURL: options.baseUrl,
      timeout: options.timeoutMs,
      maxRetries: 0,
      ...(options.apiVersion ? { defaultQuery: { "api-version": options.apiVersion } } : {}),
    });
  }

  async complete(request: ChatCompletionRequest): Promise<string> {
    try {
      const completion = await this.client.chat.completions.create(
        {
          model: this.options.model,
          messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
          temperature: 0,
          ...(request.maxTokens ? { max_tokens: request.maxTokens } : {}),
          ...(request.json ? { response_format: { type: "json_object" as const } } : {}),
        },
        { signal: request.signal },
      );
      const content = completion.choices[0]?.message?.content;
      if (typeof content !== "string") throw new UpstreamError("Chat model returned no text", { code: "model_empty" });
      return content;
    } catch (error) {
      if (error instanceof UpstreamError) throw error;
      throw new UpstreamError("Chat model request failed", { cause: error, code: "model_failed" });
    }
  }
}
