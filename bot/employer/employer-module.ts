import { buildVacancyFormCard, SUBMIT_VACANCY_ACTION } from "../../adaptive-cards/index.js";
import type { SubmissionDecisionNotifier } from "../../admin/index.js";
import {
  EMPLOYMENT_TYPES,
  employmentAreas,
  municipalityName,
  type Language,
} from "../../knowledge/index.js";
import {
  SqlSubmissionRepository,
  submissionFieldSpecs,
  submissionReference,
  validateSubmission,
  type StoredSubmission,
  type SubmissionField,
  type SubmissionLimits,
  type SubmissionValues,
} from "../../ingest/index.js";
import { escapeHtml, escapeMarkdown, type Database, type Logger } from "../../platform/index.js";
import type { EmailSender } from "../alerts/alert-ports.js";
import type { BotReply } from "../conversation/bot-reply.js";
import { makeReply } from "../conversation/compose-reply.js";
import type { ConversationAddress, InterceptedTurn, ProactiveChannel, TurnInterceptor } from "../conversation/ports.js";
import { CHAT, EMPLOYMENT_TYPE_TITLES, errorMessages, FORM_TEXTS } from "./employer-texts.js";

export interface EmployerModuleOptions {
  readonly database: Database;
  readonly logger: Logger;
  readonly limits: Omit<SubmissionLimits, "duplicateDays">;
  /** Today in Europe/Helsinki. */
  readonly today: () => string;
  /** The decision e-mail goes through the alerts' SMTP sender; without one, only the chat is told. */
  readonly email?: EmailSender | undefined;
}

/** Days within which the same business ID and title count as a duplicate. */
const DUPLICATE_DAYS = 30;

/** Municipalities of the partner employment areas, by name in the person's language. */
function municipalityChoices(language: Language): Array<{ value: string; title: string }> {
  const codes = new Set(employmentAreas().flatMap((area) => area.members));
  return [...codes]
    .map((code) => ({ value: code, title: municipalityName(code, language) ?? code }))
    .sort((left, right) => left.title.localeCompare(right.title, language));
}

/**
 * Employers in the chat: the vacancy form (shown on the "post a vacancy" button, validated on
 * submit, saved as pending) and the employer's answer when a municipality decides. The employer's
 * questions themselves are the conversation core's (the `employer` intent).
 */
export function createEmployerModule(options: EmployerModuleOptions) {
  const logger = options.logger.child({ module: "employer" });
  const repository = new SqlSubmissionRepository(options.database);
  const channels: ProactiveChannel[] = [];

  function formReply(turn: InterceptedTurn, text: string, state: { values?: SubmissionValues; errors?: Partial<Record<SubmissionField, string>> } = {}): BotReply {
    const language = turn.language;
    const values = { ...state.values };
    if (!values.municipality && turn.municipality) values.municipality = turn.municipality;
    const card = buildVacancyFormCard({
      language,
      texts: FORM_TEXTS[language],
      fields: submissionFieldSpecs(),
      choices: {
        municipality: municipalityChoices(language),
        employmentType: EMPLOYMENT_TYPES.map((value) => ({ value, title: EMPLOYMENT_TYPE_TITLES[language][value] })),
      },
      values,
      errors: state.errors,
      action: turn.channel === "msteams" ? "execute" : "submit",
    });
    return makeReply({ language, outcome: "help", text, cards: [card] });
  }

  async function submit(turn: InterceptedTurn): Promise<readonly BotReply[]> {
    const language = turn.language;
    const validation = validateSubmission(turn.value ?? {}, { today: options.today() });
    if (!validation.ok) {
      const count = Object.keys(validation.errors).length;
      logger.info({ fields: Object.keys(validation.errors) }, "employer.submission_invalid");
      return [formReply(turn, CHAT.formErrors(count, language), { values: validation.values, errors: errorMessages(validation.errors, language) })];
    }
    let outcome;
    try {
      outcome = await repository.create(
        {
          draft: validation.draft,
          language,
          conversationId: turn.conversationId,
          channel: turn.channel,
          address: turn.address as unknown as Record<string, unknown>,
          clientKey: turn.clientKey,
        },
        { ...options.limits, duplicateDays: DUPLICATE_DAYS },
      );
    } catch (error) {
      logger.error({ err: error }, "employer.submission_save_failed");
      return [formReply(turn, CHAT.unavailable(language), { values: validation.values })];
    }
    switch (outcome.outcome) {
      case "created": {
        const place = municipalityName(outcome.submission.draft.municipality, language) ?? outcome.submission.draft.municipality;
        logger.info({ submission: outcome.submission.id, municipality: outcome.submission.draft.municipality }, "employer.submission_saved");
        return [makeReply({ language, outcome: "help", text: CHAT.pending(submissionReference(outcome.submission.id), place, language) })];
      }
      case "duplicate":
        logger.info({ existing: outcome.existing.id }, "employer.submission_duplicate");
        return [makeReply({ language, outcome: "help", text: CHAT.duplicate(submissionReference(outcome.existing.id), language) })];
      case "rate-limited":
        logger.warn({ scope: outcome.scope }, "employer.submission_rate_limited");
        return [makeReply({ language, outcome: "help", text: CHAT.rateLimited(language) })];
    }
  }

  const intercept: TurnInterceptor = async (turn) => {
    const action = turn.value?.action;
    if (action === "openVacancyForm") return [formReply(turn, FORM_TEXTS[turn.language].intro)];
    if (action === SUBMIT_VACANCY_ACTION) return submit(turn);
    return undefined;
  };

  const notifier: SubmissionDecisionNotifier = {
    async decided(submission: StoredSubmission) {
      const language = submission.language;
      const approved = submission.status === "approved";
      const reference = submissionReference(submission.id);
      const title = submission.draft.title;
      const reason = submission.reason ?? "";
      let email: "sent" | "skipped" | "failed" = "skipped";
      if (options.email && submission.draft.contactEmail) {
        const body = approved ? CHAT.approved(title, reference, language) : CHAT.rejected(title, reference, reason, language);
        const greeting = CHAT.emailGreeting(submission.draft.contactPerson || submission.draft.employerName, language);
        try {
          await options.email.send({
            to: submission.draft.contactEmail,
            subject: CHAT.emailSubject(approved, title, language),
            text: `${greeting}\n\n${body}\n\n${CHAT.emailFooter(language)}`,
            html: `<p>${escapeHtml(greeting)}</p><p>${escapeHtml(body)}</p><p><small>${escapeHtml(CHAT.emailFooter(language))}</small></p>`,
            language,
          });
          email = "sent";
        } catch (error) {
          logger.warn({ err: error, submission: submission.id }, "employer.decision_email_failed");
          email = "failed";
        }
      }
      let chat: "sent" | "skipped" | "failed" = "skipped";
      const address = submission.address as ConversationAddress | undefined;
      const channel = address ? channels.find((candidate) => candidate.channelIds.includes(address.channelId)) : undefined;
      if (address && channel) {
        const text = approved
          ? CHAT.approved(escapeMarkdown(title), reference, language)
          : CHAT.rejected(escapeMarkdown(title), reference, escapeMarkdown(reason), language);
        try {
          await channel.sendToConversation(address, [makeReply({ language, outcome: "help", text })]);
          chat = "sent";
        } catch (error) {
          logger.warn({ err: error, submission: submission.id }, "employer.decision_chat_failed");
          chat = "failed";
        }
      }
      return { email, chat };
    },
  };

  return {
    repository,
    intercept,
    notifier,
    /** A channel that can reach a conversation outside a turn (web chat, Teams). */
    addChannel(channel: ProactiveChannel): void {
      channels.push(channel);
    },
  };
}

export type EmployerModule = ReturnType<typeof createEmployerModule>;
