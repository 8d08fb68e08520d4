import type { Language } from "../../../knowledge/index.js";
import type { BotReply } from "../bot-reply.js";
import { makeReply, submitVacancyAction, talkToPersonAction } from "../compose-reply.js";
import type { ConversationMemory, SearchPlan } from "../memory.js";
import { text as fixedText } from "../texts.js";
import { searchTurn } from "./search-turn.js";
import { simple, type TurnContextData, type TurnResult } from "./turn-context.js";

/**
 * What an employer's need is about when their own words name only their business and the worker
 * ("a café in Halsua needs summer help"): the employment area's services for employers. Searched
 * only when the person's words find no item for employers.
 */
const EMPLOYER_SERVICES_QUERY: Readonly<Record<Language, string>> = {
  fi: "työnantajan palvelut rekrytointi työntekijän palkkaaminen",
  sv: "tjänster för arbetsgivare rekrytering anställa arbetstagare",
  en: "services for employers recruitment hiring workers",
};

/** Whether the person's own words find a service meant for employers. */
async function findsEmployerService(context: TurnContextData, plan: SearchPlan): Promise<boolean> {
  const { deps } = context;
  if (!plan.query.trim()) return false;
  const found = await deps.searcher.search({ query: plan.query, preferKind: "service", preferAudience: "employer", limit: 5, today: deps.today() });
  return found.results.some((result) => result.score >= deps.settings.minScore && (result.audience === "employer" || result.audience === "both"));
}

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
  const own = await findsEmployerService(context, plan);
  const searchPlan: SearchPlan = own ? plan : { ...plan, query: EMPLOYER_SERVICES_QUERY[language], kind: "service", municipality: undefined, near: undefined };
  const searched = await searchTurn(context, searchPlan, language, memory, { requireConfidentMatch: false });
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
