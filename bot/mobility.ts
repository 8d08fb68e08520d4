import { DEFAULT_NEAR_RADIUS_KM, type ItemFilter, type Searcher, type SearchResult, type ShortageStore, type StoredItem } from "../knowledge/index.js";
import { describeError, type Logger } from "../platform/index.js";
import { alertCommandOfText, parseAlertSubmit } from "./alerts/alert-commands.js";
import { filtersFromWords, handleAlertCommand, notifyMeCard, type AlertTurnDeps } from "./alerts/alert-turn.js";
import { homeCard, saveHome, withDistances, withNearbyAlternatives } from "./commute/commute-enrichment.js";
import type { HomeStore } from "./commute/home-store.js";
import type { OccupationItemFinder } from "./commute/sql-occupation-items.js";
import type { BotReply } from "./conversation/bot-reply.js";
import type { InterceptedTurn, SearchReplyContext } from "./conversation/ports.js";
import { withShortageGuidance } from "./shortage/shortage-enrichment.js";

/**
 * What job alerts (bot/alerts/), commute (bot/commute/) and shortage guidance (bot/shortage/) add
 * to a conversation turn, composed in one place: alert commands and the home-municipality answer
 * before the core routes a turn, and the enrichment of search answers after. Every enrichment
 * fails soft: the core's own answer is sent when anything here throws.
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

/** A search reply and the results behind it, as the conversation core hands them to enrichers. */
export type EnrichInput = SearchReplyContext;

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

export function createMobility(deps: MobilityDeps): MobilityPort {
  const nearKm = deps.nearKm ?? DEFAULT_NEAR_RADIUS_KM;
  const logger = deps.logger.child({ module: "mobility" });

  return {
    async intercept(turn) {
      const value = turn.value;
      if (value?.action === "setHomeMunicipality") return [await saveHome(deps.homes, turn.conversationId, value, turn.language)];
      const command = parseAlertSubmit(value) ?? alertCommandOfText(turn.text, turn.intent);
      if (!command) return undefined;
      const lastSearch = turn.lastSearch
        ? { query: turn.lastSearch.query, kind: turn.lastSearch.kind, municipality: turn.lastSearch.municipality, employmentType: turn.lastSearch.employmentType }
        : undefined;
      // Reply in the language of the command ("mina bevakningar" in a Finnish conversation gets Swedish).
      const replyLanguage = command.language ?? turn.language;
      return (await handleAlertCommand(deps, command, { language: replyLanguage, address: turn.address, lastSearch, now: turn.now })) as readonly BotReply[];
    },

    async enrichSearchReply(original) {
      let reply = original.reply;
      const language = reply.language;
      // Cards follow the reply's sources (a model answer may use a subset of the results, reordered).
      const byId = new Map(original.results.map((result) => [result.id, result]));
      const ordered = reply.sources.map((id) => byId.get(id)).filter((result): result is SearchResult => result !== undefined);
      const results = ordered.length === reply.sources.length ? ordered : original.results;
      const plan = original.plan;
      const kind = plan.kind ?? (results[0]?.kind === "service" ? undefined : results[0]?.kind);
      const jobsOrTraining = kind === "vacancy" || kind === "training";
      const answer = () => reply.outcome === "answer";
      try {
        const told = await deps.homes.get(original.conversationId);
        const home = original.home ?? told.municipality ?? original.preferMunicipality;
        // 1. Commute: distances from home, then "few near, more farther" around the asked place or home.
        if (home && answer()) reply = withDistances(reply, results, home);
        const anchor = plan.municipality ?? home;
        if (anchor && jobsOrTraining && plan.followUp !== "more" && answer()) {
          const occupations = [
            ...new Set([...results.map((result) => result.occupation).filter((code): code is string => Boolean(code)), ...(filtersFromWords(plan.query).occupations ?? [])]),
          ];
          reply = await withNearbyAlternatives(
            { searcher: deps.searcher, occupationItems: deps.occupationItems, minScore: deps.minScore, nearKm },
            { reply, results, plan, kind, anchor, occupations, today: original.today },
          );
        }
        // 2. Shortage occupations: marks and career guidance.
        reply = await withShortageGuidance(deps, {
          reply,
          results,
          lists: await deps.shortage.lists(),
          kind,
          question: original.question,
          homeCode: home ?? plan.municipality,
          today: original.today,
        });
        // 3. Alerts: "notify me" on vacancy and training answers.
        if (jobsOrTraining && answer()) reply = { ...reply, cards: [...reply.cards, notifyMeCard(language)] };
        // 4. Commute: ask for the home municipality once, when distances would help.
        if (!home && !told.asked && jobsOrTraining && answer()) {
          reply = { ...reply, cards: [...reply.cards, homeCard(language)] };
          await deps.homes.markAsked(original.conversationId);
        }
      } catch (error) {
        logger.warn({ error: describeError(error) }, "mobility.enrich_failed");
        return original.reply;
      }
      return reply;
    },
  };
}
