/** A plain-HTTP Direct Line client for protocol tests, doing what Web Chat does. */
export interface ChatActivity {
  id: string;
  type: string;
  text?: string;
  from: { id: string; role?: string };
  attachments?: Array<{ contentType: string; content: Record<string, unknown> }>;
  suggestedActions?: { actions: Array<{ type: string; title: string; value?: unknown; text?: string }> };
  entities?: Array<Record<string, unknown>>;
  channelData?: { lahituki?: { outcome: string; sources: string[] } } & Record<string, unknown>;
  [key: string]: unknown;
}

export class DirectLineTestClient {
  token = "";
  conversationId = "";
  userId = "";
  /** The secret that proves possession when resuming this conversation. */
  resumeSecret = "";
  watermark: string | undefined;

  constructor(readonly baseUrl: string) {}

  async start(body: Record<string, unknown> = {}): Promise<void> {
    const response = await fetch(`${this.baseUrl}/v3/directline/tokens/generate`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (response.status !== 200) throw new Error(`generate ${response.status}: ${await response.text()}`);
    const json = (await response.json()) as { conversationId: string; token: string; userId: string; resumeSecret: string };
    this.token = json.token;
    this.resumeSecret = json.resumeSecret;
    this.conversationId = json.conversationId;
    this.userId = json.userId;
    const started = await fetch(`${this.baseUrl}/v3/directline/conversations`, {
      method: "POST",
      headers: { authorization: `Bearer ${this.token}` },
    });
    if (started.status !== 201 && started.status !== 200) throw new Error(`conversations ${started.status}`);
  }

  async post(activity: Record<string, unknown>, options: { token?: string; conversationId?: string } = {}): Promise<Response> {
    return fetch(`${this.baseUrl}/v3/directline/conversations/${options.conversationId ?? this.conversationId}/activities`, {
      method: "POST",
      headers: { authorization: `Bearer ${options.token ?? this.token}`, "content-type": "application/json" },
      body: JSON.stringify(activity),
    });
  }

  async activities(options: { token?: string; conversationId?: string; watermark?: string } = {}): Promise<Response> {
    const query = options.watermark ? `?watermark=${options.watermark}` : "";
    return fetch(`${this.baseUrl}/v3/directline/conversations/${options.conversationId ?? this.conversationId}/activities${query}`, {
      headers: { authorization: `Bearer ${options.token ?? this.token}` },
    });
  }

  /** Posts a message and waits for the bot's reply carrying `channelData.lahituki`. */
  async ask(text: string | undefined, extra: Record<string, unknown> = {}): Promise<ChatActivity> {
    const response = await this.post({ type: "message", from: { id: this.userId }, ...(text === undefined ? {} : { text }), ...extra });
    if (response.status !== 200) throw new Error(`post ${response.status}: ${await response.text()}`);
    return this.waitForReply();
  }

  async waitForReply(timeoutMs = 15_000): Promise<ChatActivity> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const response = await this.activities({ watermark: this.watermark });
      const page = (await response.json()) as { activities: ChatActivity[]; watermark: string };
      this.watermark = page.watermark;
      const reply = page.activities.find((activity) => activity.from.role === "bot" && activity.type === "message" && activity.channelData?.lahituki);
      if (reply) return reply;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error("no reply in time");
  }
}
