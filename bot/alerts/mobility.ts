import { buildHomeMunicipalityCard, withCardLine } from "../../adaptive-cards/index.js";
import { buildResultCard } from "../../adaptive-cards/index.js";
import {
  distanceLabel,
  HOME_MUNICIPALITY_QUESTION,
  planCommute,
  scarcityMessage,
  STRAIGHT_LINE_NOTE,
  DEFAULT_NEAR_RADIUS_KM,
} from "../../knowledge/index.js";
import type { ItemKind, Language, StoredItem } from "../../knowledge/index.js";
import type { ItemFilter } from "../../knowledge/index.js";
import { municipalityCode, municipalityName } from "../../knowledge/index.js";
import type { Searcher, SearchResult } from "../../knowledge/index.js";
import {
  isCareerChangeQuestion,
  SHORTAGE_EXPLANATION,
  shortageGuidanceText,
  shortageListFor,
  shortageMark,
  suggestShortageTrainings,
  type ShortageStore,
} from "../../knowledge/index.js";
import type { Logger } from "../../platform/index.js";
import { describeError, escapeMarkdown } from "../../platform/index.js";
import type { BotReply } from "../conversation/bot-reply.js";
import { makeReply, MUNICIPALITY_CHOICES } from "../conversation/compose-reply.js";
import type { SearchPlan } from "../conversation/memory.js";
import type { ConversationAddress } from "../conversation/ports.js";
import type { HomeStore } from "./home-store.js";
import type { OccupationItemFinder } from "./sql-occupation-items.js";
import { alertCommandOfText, parseAlertSubmit } from "./alert-commands.js";
import { filtersFromWords, handleAlertCommand, notifyMeCard, type AlertTurnDeps } from "./alert-turn.js";

/**
 * Job alerts, commute and shortage guidance inside a conversation turn: alert commands, the home municipality, and enriching search
 * answers with distances, the "few near, more farther" sentence, shortage-occupation marks and
 * career guidance. The conversation core calls it through `TurnDeps.mobility`; every enrichment
 * fails soft (the core's own answer is sent when anything here throws).
 */
export interface MobilityPort {
  /**
   * Handles alert commands and "I live in X" before the core answers (a `TurnInterceptor` of
   * bot/conversation/ports.ts); undefined when the turn is not about them.
   */
  intercept(turn: InterceptedTurn): Promise<readonly BotReply[] | undefined>;
  /** Adds commute, shortage and alert elements to a search answer (or a no-answer). */
  enrichSearchReply(input: EnrichInput): Promise<BotReply>;
}

/** A turn before the core routes it; the shape of `InterceptedTurn` in bot/conversation/ports.ts. */
export interface InterceptedTurn {
  readonly conversationId: string;
  readonly channel: string;
  readonly address: ConversationAddress;
  /** Redacted text of the message. */
  readonly text: string;
  readonly value?: Readonly<Record<string, unknown>> | undefined;
  readonly language: Language;
  /** The trained classifier's label for the message ("alert-subscribe", "search", …). */
  readonly intent?: string | undefined;
  readonly lastSearch?:
    | { readonly query: string; readonly kind?: ItemKind | undefined; readonly municipality?: string | undefined; readonly employmentType?: string | undefined }
    | undefined;
  readonly now: Date;
}

export interface EnrichInput {
  readonly conversationId: string;
  readonly reply: BotReply;
  readonly plan: SearchPlan;
  /** The results the reply shows, in the order of its cards. */
  readonly results: readonly SearchResult[];
  /** The conversation's remembered municipality (page or person), used when no home was told. */
  readonly preferMunicipality?: string | undefined;
  /** The person's home municipality, when told in this conversation. */
  readonly home?: string | undefined;
  /** Redacted question of the turn. */
  readonly question: string;
  readonly today: string;
}

export interface MobilityDeps extends AlertTurnDeps {
  readonly searcher: Searcher;
  readonly shortage: ShortageStore;
  readonly homes: HomeStore;
  readonly occupationItems: OccupationItemFinder;
  readonly items: { listItems(filter: ItemFilter): Promise<{ items: StoredItem[] }> };
  readonly logger: Logger;
  /** Minimum search score of a usable result (ANSWER_MIN_SCORE). */
  readonly minScore: number;
  /** "Near" radius around home (COMMUTE_NEAR_KM). */
  readonly nearKm?: number;
}

const HOME_SAVED: Record<Language, (name: string) => string> = {
  fi: (name) => `Selvä, muistan kotikuntasi tämän keskustelun ajan: ${name}. Näytän jatkossa etäisyydet sieltä.`,
  sv: (name) => `Okej, jag kommer ihåg din hemkommun under den här konversationen: ${name}. Jag visar avstånden därifrån.`,
  en: (name) => `Got it, I will remember your home municipality for this conversation: ${name}. I will show distances from there.`,
};

const HOME_BUTTON: Record<Language, string> = { fi: "Tallenna", sv: "Spara", en: "Save" };

function homeCard(language: Language): BotReply["cards"][number] {
  return buildHomeMunicipalityCard({
    language,
    question: HOME_MUNICIPALITY_QUESTION[language],
    label: `${HOME_MUNICIPALITY_QUESTION[language].split("?")[0]}?`,
    choices: MUNICIPALITY_CHOICES.map((code) => ({ title: municipalityName(code, language) ?? code, value: code })),
    buttonLabel: HOME_BUTTON[language],
  });
}

function plainReply(language: Language, text: string, outcome: BotReply["outcome"]): BotReply {
  return makeReply({ language, text, outcome });
}

/** Appends " (extra)" to the text line "[n] …" of result n. */
function annotateLine(text: string, position: number, extra: string): string {
  return text
    .split("\n\n")
    .map((paragraph) => (paragraph.startsWith(`[${position}] `) ? `${paragraph} (${extra})` : paragraph))
    .join("\n\n");
}

function isOpenResult(result: SearchResult, today: string): boolean {
  return !result.validUntil || result.validUntil >= today;
}

export function createMobility(deps: MobilityDeps): MobilityPort {
  const nearKm = deps.nearKm ?? DEFAULT_NEAR_RADIUS_KM;
  const logger = deps.logger.child({ module: "mobility" });

  return {
    async intercept(turn) {
      const value = turn.value;
      const language = turn.language;
      if (value?.action === "setHomeMunicipality") {
        const code = typeof value.municipality === "string" ? municipalityCode(value.municipality) : undefined;
        if (!code) return [plainReply(language, HOME_MUNICIPALITY_QUESTION[language], "clarify")];
        await deps.homes.setHome(turn.conversationId, code);
        return [plainReply(language, HOME_SAVED[language](municipalityName(code, language) ?? code), "help")];
      }
      const command = parseAlertSubmit(value) ?? alertCommandOfText(turn.text, turn.intent);
      if (!command) return undefined;
      const lastSearch = turn.lastSearch
        ? { query: turn.lastSearch.query, kind: turn.lastSearch.kind, municipality: turn.lastSearch.municipality, employmentType: turn.lastSearch.employmentType }
        : undefined;
      // Reply in the language of the command ("mina bevakningar" in a Finnish conversation gets Swedish).
      const replyLanguage = command.language ?? language;
      return (await handleAlertCommand(deps, command, { language: replyLanguage, address: turn.address, lastSearch, now: turn.now })) as readonly BotReply[];
    },

    async enrichSearchReply(original) {
      let input = original;
      let reply = input.reply;
      const language = reply.language;
      // Cards follow the reply's sources (a model answer may use a subset of the results, reordered).
      const byId = new Map(input.results.map((result) => [result.id, result]));
      const ordered = reply.sources.map((id) => byId.get(id)).filter((result): result is SearchResult => result !== undefined);
      input = { ...input, results: ordered.length === reply.sources.length ? ordered : input.results };
      const kind = input.plan.kind ?? (input.results[0]?.kind === "service" ? undefined : input.results[0]?.kind);
      const jobsOrTraining = kind === "vacancy" || kind === "training";
      try {
        const told = await deps.homes.get(input.conversationId);
        const home = input.home ?? told.municipality ?? input.preferMunicipality;
        // 1. Distances from home on every placed result.
        if (home && reply.outcome === "answer") {
          let shown = false;
          const cards = [...reply.cards];
          input.results.forEach((result, index) => {
            const label = distanceLabel(home, result.municipalityCode, language);
            if (!label || !cards[index]) return;
            cards[index] = withCardLine(cards[index]!, `📍 ${label}`);
            reply = { ...reply, text: annotateLine(reply.text, index + 1, label) };
            shown = true;
          });
          reply = { ...reply, cards };
          if (shown) reply = { ...reply, text: `${reply.text}\n\n${STRAIGHT_LINE_NOTE[language]}` };
        }

        // 2. Few near, more farther: around the asked municipality, else home. Only on answers: a
        // no-answer offers the nearest alternatives in the core, and "found nothing" followed by
        // a list would contradict itself.
        const anchor = input.plan.municipality ?? home;
        if (anchor && jobsOrTraining && input.plan.followUp !== "more" && reply.outcome === "answer") {
          const near = input.results.filter((result) => result.municipalityCode);
          const local = planCommute(near, { homeCode: anchor, radiusKm: nearKm });
          if (local.near.length < 3) {
            // Same occupations as the results (or as the query names): a cheap indexed lookup; a
            // query without a known occupation falls back to a second, wider search.
            const occupations = [
              ...new Set([
                ...input.results.map((result) => result.occupation).filter((code): code is string => Boolean(code)),
                ...filtersFromWords(input.plan.query).occupations ?? [],
              ]),
            ];
            const pool =
              occupations.length > 0 && kind
                ? await deps.occupationItems.findOpen({ kind, occupations, today: input.today, limit: 50 })
                : (await deps.searcher.search({ query: input.plan.query, kind, preferMunicipality: anchor, limit: 12, today: input.today })).results;
            const shownIds = new Set(input.results.map((result) => result.id));
            const candidates = pool.filter(
              (result) =>
                result.score >= deps.minScore &&
                isOpenResult(result, input.today) &&
                !shownIds.has(result.id) &&
                (!kind || result.kind === kind) &&
                (!input.plan.employmentType || result.employmentType === input.plan.employmentType),
            );
            const plan = planCommute([...near, ...candidates], { homeCode: anchor, radiusKm: nearKm });
            const sentence = scarcityMessage(plan, language, kind);
            // The straight-line note once per reply: distances above may have added it already.
            const message = sentence && reply.text.includes(STRAIGHT_LINE_NOTE[language]) ? sentence.replace(` ${STRAIGHT_LINE_NOTE[language]}`, "") : sentence;
            if (message) {
              // Near ones the answer did not show yet (e.g. a neighbouring municipality), then the nearest farther ones.
              const farther = [...plan.near, ...plan.farther.flatMap((group) => group.results)]
                .filter((result): result is SearchResult => "id" in result && !shownIds.has(result.id))
                .slice(0, 4);
              // Numbered after the answer's own results so [n] stays unambiguous.
              const start = reply.cards.length;
              const cards = farther.map((result, index) => {
                const card = buildResultCard(
                  { ...result, municipality: result.municipalityCode ? municipalityName(result.municipalityCode, language) : result.municipality },
                  { language, today: input.today, position: start + index + 1 },
                );
                const label = result.municipalityCode ? distanceLabel(anchor, result.municipalityCode, language) : undefined;
                return label ? withCardLine(card, `📍 ${label}`) : card;
              });
              const lines = farther.map((result, index) => {
                const label = result.municipalityCode ? distanceLabel(anchor, result.municipalityCode, language) : undefined;
                return `[${start + index + 1}] ${escapeMarkdown(result.title)}${label ? ` (${label})` : ""}`;
              });
              // Alternatives are offered in the text and as cards, but not cited as sources of the
              // answer: the person asked about a place, and the answer's sources stay what matched there.
              reply = { ...reply, text: [reply.text, message, ...lines].join("\n\n"), cards: [...reply.cards, ...cards] };
            }
          }
        }

        // 3. Shortage occupations: mark vacancies, and guide career-change and training questions.
        const lists = await deps.shortage.lists();
        if (lists.length > 0) {
          let marked = false;
          const cards = [...reply.cards];
          input.results.forEach((result, index) => {
            if (result.kind !== "vacancy" || !cards[index]) return;
            const list = shortageListFor(lists, { occupation: result.occupation, municipalityCode: result.municipalityCode });
            if (!list) return;
            const mark = shortageMark(list, language);
            cards[index] = withCardLine(cards[index]!, `⚑ ${mark}`, "Good");
            reply = { ...reply, text: annotateLine(reply.text, index + 1, mark) };
            marked = true;
          });
          reply = { ...reply, cards };
          if (marked) reply = { ...reply, text: `${reply.text}\n\n${SHORTAGE_EXPLANATION[language]}` };
          if (isCareerChangeQuestion(input.question) || kind === "training") {
            const [trainings, vacancies] = await Promise.all([
              deps.items.listItems({ kind: "training", validity: "open", today: input.today, limit: 500 }),
              deps.items.listItems({ kind: "vacancy", validity: "open", today: input.today, limit: 500 }),
            ]);
            const items = [...trainings.items, ...vacancies.items].map((item) => ({
              id: item.id,
              kind: item.kind,
              title: item.title,
              occupation: item.occupation,
              municipalityCode: item.municipality,
            }));
            const suggestions = suggestShortageTrainings({ lists, items, language, homeCode: home ?? input.plan.municipality, radiusKm: 60 });
            const guidance = shortageGuidanceText(suggestions, language);
            if (guidance) {
              const named = suggestions
                .flatMap((suggestion) => suggestion.trainings.slice(0, 2).map((training) => `– ${escapeMarkdown(training.title)}`))
                .slice(0, 6);
              reply = { ...reply, text: [reply.text, guidance, ...named].join("\n\n") };
            }
          }
        }

        // 4. "Notify me" on vacancy and training answers.
        if (jobsOrTraining && reply.outcome === "answer") reply = { ...reply, cards: [...reply.cards, notifyMeCard(language)] };

        // 5. Ask for the home municipality once, when distances would help.
        if (!home && !told.asked && jobsOrTraining && reply.outcome === "answer") {
          reply = { ...reply, cards: [...reply.cards, homeCard(language)] };
          await deps.homes.markAsked(input.conversationId);
        }
      } catch (error) {
        logger.warn({ error: describeError(error) }, "mobility.enrich_failed");
        return input.reply;
      }
      return reply;
    },
  };
}
