import type { Language } from "../../../knowledge/index.js";
import type { BotReply } from "../bot-reply.js";
import { makeReply, submitVacancyAction, talkToPersonAction } from "../compose-reply.js";
import type { ConversationMemory, SearchPlan } from "../memory.js";
import { text as fixedText } from "../texts.js";
import { searchTurn } from "./search-turn.js";
import { simple, type TurnContextData, type TurnResult } from "./turn-context.js";

/**
 * A person speaking as an employer: from now on searches prefer services for employers. A relevant
 * answer cites them; otherwise the bot says what it can do for employers. Both offer the vacancy form.
 */
export async function employerTurn(
  context: TurnContextData,
  options: { plan: SearchPlan; memory: ConversationMemory; language: Language; withNotices: (reply: BotReply) => BotReply },
): Promise<TurnResult> {
  const { plan, language, withNotices } = options;
  const memory: ConversationMemory = { ...options.memory, audience: "employer" };
  const submit = submitVacancyAction(language);
  const searched = plan.query.trim() ? await searchTurn(context, plan, language, memory, { requireConfidentMatch: false }) : undefined;
  const first = searched?.replies[0];
  if (searched && first && first.outcome === "answer") {
    const withForm: BotReply = { ...first, suggestedActions: [submit, ...first.suggestedActions.filter((action) => action.value?.action !== "openVacancyForm")] };
    return { ...searched, replies: [withNotices(withForm), ...searched.replies.slice(1)] };
  }
  const reply = makeReply({
    language,
    outcome: "help",
    text: fixedText("employerIntro", language),
    suggestedActions: [submit, talkToPersonAction(language)],
  });
  return simple(context, memory, withNotices(reply), "help", "employer");
}
