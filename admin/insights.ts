import { helsinkiDate } from "../knowledge/index.js";
import { replaceSpans } from "../platform/index.js";

/** One answered turn as stored by the conversation capability (question already redacted). */
export interface OutcomeRow {
  readonly createdAt: Date;
  readonly municipality: string | undefined;
  readonly outcome: string;
  readonly question: string | undefined;
  readonly topicKind: string | undefined;
  readonly reason: string | undefined;
}

export interface FeedbackRow {
  readonly createdAt: Date;
  readonly municipality: string | undefined;
  readonly rating: number;
  readonly question: string | undefined;
  readonly outcome: string | undefined;
}

export interface HandoffRow {
  readonly createdAt: Date;
  readonly municipality: string | undefined;
  readonly reason: string;
}

/** A conversation in which the person spoke as an employer: its first such turn of a month. */
export interface EmployerConversationRow {
  readonly createdAt: Date;
  readonly municipality: string | undefined;
}

/** A vacancy submission as insights need it (no content, no contact). */
export interface SubmissionInsightRow {
  readonly createdAt: Date;
  readonly decidedAt: Date | undefined;
  readonly status: "pending" | "approved" | "rejected";
  readonly municipality: string;
}

/** Employers per municipality and calendar month (Europe/Helsinki). */
export interface EmployerMonthSummary {
  /** "2026-12". */
  readonly month: string;
  readonly municipality: string | undefined;
  /** Conversations with at least one employer turn that month. */
  readonly conversations: number;
  readonly submitted: number;
  readonly approved: number;
  readonly rejected: number;
  /** Median hours from submission to decision of the month's decided submissions; null without any. */
  readonly medianHoursToDecision: number | null;
}

export interface WeekSummary {
  /** ISO week, e.g. "2026-W48". */
  readonly week: string;
  readonly municipality: string | undefined;
  readonly turns: number;
  readonly answered: number;
  readonly unanswered: number;
  readonly thumbsDown: number;
  readonly thumbsUp: number;
  readonly handoffs: number;
  /** handoffs / turns, 0 when there were no turns. */
  readonly handoffRate: number;
}

export interface QuestionGroup {
  /** The most common wording in the group. */
  readonly example: string;
  readonly count: number;
  readonly questions: readonly string[];
  readonly municipalities: readonly string[];
}

export interface InsightReport {
  readonly from: string;
  readonly to: string;
  readonly weeks: readonly WeekSummary[];
  readonly unansweredGroups: readonly QuestionGroup[];
  readonly thumbsDown: ReadonlyArray<{ at: string; question: string | undefined; municipality: string | undefined; outcome: string | undefined }>;
  readonly handoffReasons: ReadonlyArray<{ reason: string; count: number }>;
  readonly topTopics: ReadonlyArray<{ kind: string; count: number }>;
  readonly employers: readonly EmployerMonthSummary[];
}

/** Calendar month of an instant in Finland ("2026-12"). */
function helsinkiMonth(date: Date): string {
  return helsinkiDate(date).slice(0, 7);
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return Math.round(value * 10) / 10;
}

/** Employer conversations and vacancy submissions per month and municipality, newest month first. */
export function summariseEmployers(
  conversations: readonly EmployerConversationRow[],
  submissions: readonly SubmissionInsightRow[],
): EmployerMonthSummary[] {
  const months = new Map<string, { month: string; municipality: string | undefined; conversations: number; submitted: number; approved: number; rejected: number; hours: number[] }>();
  const bucket = (date: Date, municipality: string | undefined) => {
    const month = helsinkiMonth(date);
    const key = `${month}|${municipality ?? ""}`;
    let entry = months.get(key);
    if (!entry) {
      entry = { month, municipality, conversations: 0, submitted: 0, approved: 0, rejected: 0, hours: [] };
      months.set(key, entry);
    }
    return entry;
  };
  for (const row of conversations) bucket(row.createdAt, row.municipality).conversations += 1;
  for (const row of submissions) {
    const entry = bucket(row.createdAt, row.municipality);
    entry.submitted += 1;
    if (row.status === "approved") entry.approved += 1;
    if (row.status === "rejected") entry.rejected += 1;
    if (row.decidedAt && row.status !== "pending") entry.hours.push((row.decidedAt.getTime() - row.createdAt.getTime()) / 3_600_000);
  }
  return [...months.values()]
    .map(({ hours, ...entry }) => ({ ...entry, medianHoursToDecision: median(hours) }))
    .sort((left, right) => right.month.localeCompare(left.month) || (left.municipality ?? "").localeCompare(right.municipality ?? ""));
}

/** ISO 8601 week of a date (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeek(date: Date): string {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = new Date(Date.UTC(day.getUTCFullYear(), 0, 1));
  const week = Math.ceil(((day.getTime() - yearStart.getTime()) / 86_400_000 + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}

/** Words that carry no topic, in the three languages (kept short on purpose). */
const STOPWORDS = new Set(
  "ja tai on ei en ole olen voi voiko miten mitä mikä missä mistä milloin kuka onko saako kun jos että se ne minä mä mun minun sinä te he the a an and or is are am i you my me to of in on for how what where when can do does did och eller är jag du hur vad var när kan det en ett att på för med".split(" "),
);

/** Lower-case words without punctuation and stopwords, for grouping similar wordings. */
function normaliseQuestion(text: string): string {
  return replaceSpans(text.slice(0, 2000), "[", "]", " ")
    .toLowerCase()
    .normalize("NFC")
    .replace(/\s/g, " ")
    .replace(/[^\p{L}\p{N}\s]/gu, " ")
    .split(/\s+/)
    .filter((word) => word.length > 1 && !STOPWORDS.has(word))
    .join(" ");
}

function trigrams(text: string): Set<string> {
  const set = new Set<string>();
  for (const word of text.split(" ")) {
    const padded = `  ${word} `;
    for (let index = 0; index + 3 <= padded.length; index += 1) set.add(padded.slice(index, index + 3));
  }
  return set;
}

function jaccard(left: Set<string>, right: Set<string>): number {
  if (left.size === 0 && right.size === 0) return 1;
  let shared = 0;
  for (const value of left) if (right.has(value)) shared += 1;
  return shared / (left.size + right.size - shared);
}

/**
 * Groups questions by similar wording: trigram Jaccard similarity of the normalised text, so
 * Finnish inflections ("työkkärissä", "työkkäriin") and word order differences still meet.
 * pg_trgm is not available in every engine (PGlite), so this runs in code on a bounded list.
 */
export function groupSimilarQuestions(
  entries: ReadonlyArray<{ question: string; municipality: string | undefined }>,
  options: { threshold?: number; limit?: number } = {},
): QuestionGroup[] {
  const threshold = options.threshold ?? 0.45;
  const groups: Array<{ grams: Set<string>; questions: string[]; municipalities: Set<string> }> = [];
  for (const entry of entries.slice(0, 5000)) {
    const normalised = normaliseQuestion(entry.question);
    if (!normalised) continue;
    const grams = trigrams(normalised);
    let best: (typeof groups)[number] | undefined;
    let bestScore = threshold;
    for (const group of groups) {
      const score = jaccard(grams, group.grams);
      if (score >= bestScore) {
        best = group;
        bestScore = score;
      }
    }
    if (best) {
      best.questions.push(entry.question);
      if (entry.municipality) best.municipalities.add(entry.municipality);
    } else {
      groups.push({ grams, questions: [entry.question], municipalities: new Set(entry.municipality ? [entry.municipality] : []) });
    }
  }
  return groups
    .map((group) => {
      const frequency = new Map<string, number>();
      for (const question of group.questions) frequency.set(question, (frequency.get(question) ?? 0) + 1);
      const example = [...frequency.entries()].sort((left, right) => right[1] - left[1] || left[0].length - right[0].length)[0]![0];
      return {
        example,
        count: group.questions.length,
        questions: [...frequency.keys()].slice(0, 5),
        municipalities: [...group.municipalities].sort(),
      };
    })
    .sort((left, right) => right.count - left.count || left.example.localeCompare(right.example))
    .slice(0, options.limit ?? 50);
}

const UNANSWERED = new Set(["no-answer", "no_answer", "unanswered"]);

/** The weekly report from stored rows. Pure: the caller loads rows already limited to a scope. */
export function buildInsightReport(input: {
  outcomes: readonly OutcomeRow[];
  feedback: readonly FeedbackRow[];
  handoffs: readonly HandoffRow[];
  employerConversations?: readonly EmployerConversationRow[] | undefined;
  submissions?: readonly SubmissionInsightRow[] | undefined;
  from: Date;
  to: Date;
}): InsightReport {
  const weeks = new Map<string, { week: string; municipality: string | undefined; turns: number; answered: number; unanswered: number; thumbsDown: number; thumbsUp: number; handoffs: number }>();
  const bucket = (date: Date, municipality: string | undefined) => {
    const week = isoWeek(date);
    const key = `${week}|${municipality ?? ""}`;
    let entry = weeks.get(key);
    if (!entry) {
      entry = { week, municipality, turns: 0, answered: 0, unanswered: 0, thumbsDown: 0, thumbsUp: 0, handoffs: 0 };
      weeks.set(key, entry);
    }
    return entry;
  };
  const topics = new Map<string, number>();
  const reasons = new Map<string, number>();
  for (const row of input.outcomes) {
    const entry = bucket(row.createdAt, row.municipality);
    entry.turns += 1;
    if (row.outcome === "answer") entry.answered += 1;
    if (UNANSWERED.has(row.outcome)) entry.unanswered += 1;
    if (row.topicKind) topics.set(row.topicKind, (topics.get(row.topicKind) ?? 0) + 1);
  }
  for (const row of input.feedback) {
    const entry = bucket(row.createdAt, row.municipality);
    if (row.rating < 0) entry.thumbsDown += 1;
    else entry.thumbsUp += 1;
  }
  // Handoffs come from the handoff table when it exists; else from turn outcomes.
  const handoffRows =
    input.handoffs.length > 0
      ? input.handoffs
      : input.outcomes.filter((row) => row.outcome === "handoff").map((row) => ({ createdAt: row.createdAt, municipality: row.municipality, reason: row.reason ?? "unknown" }));
  for (const row of handoffRows) {
    bucket(row.createdAt, row.municipality).handoffs += 1;
    reasons.set(row.reason, (reasons.get(row.reason) ?? 0) + 1);
  }
  const summaries = [...weeks.values()]
    .map((entry) => ({ ...entry, handoffRate: entry.turns > 0 ? Math.round((entry.handoffs / entry.turns) * 1000) / 1000 : 0 }))
    .sort((left, right) => right.week.localeCompare(left.week) || (left.municipality ?? "").localeCompare(right.municipality ?? ""));
  const unanswered = input.outcomes
    .filter((row) => UNANSWERED.has(row.outcome) && row.question)
    .map((row) => ({ question: row.question!, municipality: row.municipality }));
  return {
    from: input.from.toISOString(),
    to: input.to.toISOString(),
    weeks: summaries,
    unansweredGroups: groupSimilarQuestions(unanswered),
    thumbsDown: input.feedback
      .filter((row) => row.rating < 0)
      .sort((left, right) => right.createdAt.getTime() - left.createdAt.getTime())
      .slice(0, 100)
      .map((row) => ({ at: row.createdAt.toISOString(), question: row.question, municipality: row.municipality, outcome: row.outcome })),
    handoffReasons: [...reasons.entries()].map(([reason, count]) => ({ reason, count })).sort((left, right) => right.count - left.count),
    topTopics: [...topics.entries()].map(([kind, count]) => ({ kind, count })).sort((left, right) => right.count - left.count),
    employers: summariseEmployers(input.employerConversations ?? [], input.submissions ?? []),
  };
}

/** The period and scope of an insight report. */
export interface InsightQuery {
  readonly from: Date;
  readonly to: Date;
  /** Statistics Finland codes in scope; undefined: every municipality. */
  readonly municipalities: readonly string[] | undefined;
  /** Rows without a municipality (the person never said where) count too. */
  readonly includeUnknownMunicipality: boolean;
}

/**
 * The analytics rows of a period: turn outcomes, feedback and handoffs belong to the conversation
 * and handoff capabilities, which implement this port over their own tables (bot/insight-source.ts).
 * Questions arrive redacted.
 */
export interface InsightSource {
  load(query: InsightQuery): Promise<{ outcomes: OutcomeRow[]; feedback: FeedbackRow[]; handoffs: HandoffRow[]; employerConversations?: EmployerConversationRow[] }>;
}
