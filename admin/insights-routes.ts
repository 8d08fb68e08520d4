import { z } from "zod";
import type { SqlSubmissionRepository } from "../ingest/index.js";
import { municipalityCode, municipalityName } from "../knowledge/index.js";
import { ForbiddenError } from "../platform/index.js";
import { editorOf, languageOf, parseInput } from "./admin-router.js";
import type { AdminRouteExtension } from "./admin-routes-types.js";
import { toCsv } from "./csv-export.js";
import { buildInsightReport, type InsightReport, type InsightSource } from "./insights.js";
import { ADMIN_MESSAGES, type AdminLanguage } from "./messages.js";
import { listingScope, type Editor } from "./roles.js";
import { renderBarChart } from "./svg-chart.js";

const querySchema = z.object({
  municipality: z
    .string()
    .trim()
    .optional()
    .transform((value, context) => {
      if (!value) return undefined;
      const code = municipalityCode(value);
      if (!code) {
        context.addIssue({ code: "custom", message: `unknown municipality "${value}"` });
        return z.NEVER;
      }
      return code;
    }),
  weeks: z.coerce.number().int().min(1).max(52).default(8),
  chart: z.enum(["outcomes", "topics"]).default("outcomes"),
});

const CHART_TEXTS = {
  outcomes: { fi: "Kysymykset ja tulokset viikoittain", sv: "Frågor och utfall per vecka", en: "Questions and outcomes per week" },
  topics: { fi: "Yleisimmät aiheet", sv: "Vanligaste ämnen", en: "Top topics" },
  turns: { fi: "Kysymyksiä", sv: "Frågor", en: "Questions" },
  unanswered: { fi: "Vailla vastausta", sv: "Utan svar", en: "Unanswered" },
  thumbsDown: { fi: "Peukku alas", sv: "Tummen ner", en: "Thumbs down" },
  handoffs: { fi: "Siirrot ihmiselle", sv: "Överlämningar", en: "Handoffs" },
  service: { fi: "Palvelut", sv: "Tjänster", en: "Services" },
  training: { fi: "Koulutukset", sv: "Utbildningar", en: "Training" },
  vacancy: { fi: "Työpaikat", sv: "Arbetsplatser", en: "Vacancies" },
} as const;

async function reportFor(
  deps: { insights: InsightSource; submissions?: Pick<SqlSubmissionRepository, "insightRows"> | undefined },
  editor: Editor,
  query: z.output<typeof querySchema>,
  language: AdminLanguage,
): Promise<InsightReport> {
  const insights = deps.insights;
  const scope = listingScope(editor, query.municipality ? [query.municipality] : undefined);
  if (scope === "forbidden") throw new ForbiddenError(ADMIN_MESSAGES.forbiddenMunicipality[language]);
  const to = new Date();
  const from = new Date(to.getTime() - query.weeks * 7 * 86_400_000);
  // Rows without a municipality (the person never said where) are shown with area scope only.
  const rows = await insights.load({
    from,
    to,
    municipalities: scope.municipalities,
    includeUnknownMunicipality: editor.allMunicipalities && !query.municipality,
  });
  const submissions = deps.submissions ? await deps.submissions.insightRows({ from, to, municipalities: scope.municipalities }) : [];
  return buildInsightReport({ ...rows, submissions, from, to });
}

/** Per-week totals across the municipalities in scope, oldest first (for charts). */
function weeklyTotals(report: InsightReport) {
  const totals = new Map<string, { turns: number; unanswered: number; thumbsDown: number; handoffs: number }>();
  for (const week of report.weeks) {
    const entry = totals.get(week.week) ?? { turns: 0, unanswered: 0, thumbsDown: 0, handoffs: 0 };
    entry.turns += week.turns;
    entry.unanswered += week.unanswered;
    entry.thumbsDown += week.thumbsDown;
    entry.handoffs += week.handoffs;
    totals.set(week.week, entry);
  }
  return [...totals.entries()].sort(([left], [right]) => left.localeCompare(right));
}

/** `GET /api/admin/insights`, `/insights.csv` and `/insights.svg`, scoped to the editor's municipalities. */
export function insightRoutes(deps: { insights: InsightSource; submissions?: Pick<SqlSubmissionRepository, "insightRows"> | undefined }): AdminRouteExtension {
  return (router) => {
    router.get("/insights", async (request, response) => {
      const query = parseInput(querySchema, request.query);
      const language = languageOf(request);
      const report = await reportFor(deps, editorOf(response), query, language);
      const name = (code: string | undefined) => (code ? (municipalityName(code, language) ?? code) : undefined);
      response.json({
        ...report,
        weeks: report.weeks.map((week) => ({ ...week, municipalityName: name(week.municipality) })),
        unansweredGroups: report.unansweredGroups.map((group) => ({ ...group, municipalityNames: group.municipalities.map((code) => name(code)!) })),
        thumbsDown: report.thumbsDown.map((entry) => ({ ...entry, municipalityName: name(entry.municipality) })),
        employers: report.employers.map((entry) => ({ ...entry, municipalityName: name(entry.municipality) })),
      });
    });

    router.get("/insights.csv", async (request, response) => {
      const query = parseInput(querySchema, request.query);
      const report = await reportFor(deps, editorOf(response), query, languageOf(request));
      const rows: Array<Array<string | number | undefined>> = [["section", "week", "municipality", "label", "count", "value"]];
      for (const week of report.weeks) {
        const name = week.municipality ? municipalityName(week.municipality) : "";
        rows.push(["week", week.week, name, "turns", week.turns, undefined]);
        rows.push(["week", week.week, name, "unanswered", week.unanswered, undefined]);
        rows.push(["week", week.week, name, "thumbs_down", week.thumbsDown, undefined]);
        rows.push(["week", week.week, name, "handoffs", week.handoffs, week.handoffRate]);
      }
      for (const group of report.unansweredGroups) {
        rows.push(["unanswered_question", undefined, group.municipalities.map((code) => municipalityName(code) ?? code).join(" "), group.example, group.count, undefined]);
      }
      for (const entry of report.thumbsDown) {
        rows.push(["thumbs_down", entry.at.slice(0, 10), entry.municipality ? municipalityName(entry.municipality) : "", entry.question ?? "", 1, entry.outcome ?? ""]);
      }
      for (const entry of report.handoffReasons) rows.push(["handoff_reason", undefined, undefined, entry.reason, entry.count, undefined]);
      for (const entry of report.topTopics) rows.push(["topic", undefined, undefined, entry.kind, entry.count, undefined]);
      // The "week" column holds the month for employer rows ("2026-12").
      for (const entry of report.employers) {
        const place = entry.municipality ? municipalityName(entry.municipality) : "";
        rows.push(["employer", entry.month, place, "conversations", entry.conversations, undefined]);
        rows.push(["employer", entry.month, place, "submitted", entry.submitted, undefined]);
        rows.push(["employer", entry.month, place, "approved", entry.approved, undefined]);
        rows.push(["employer", entry.month, place, "rejected", entry.rejected, entry.medianHoursToDecision ?? undefined]);
      }
      response
        .type("text/csv; charset=utf-8")
        .setHeader("content-disposition", 'attachment; filename="lahituki-insights.csv"')
        .send(toCsv(rows));
    });

    router.get("/insights.svg", async (request, response) => {
      const query = parseInput(querySchema, request.query);
      const language = languageOf(request);
      const report = await reportFor(deps, editorOf(response), query, language);
      let svg: string;
      if (query.chart === "topics") {
        const topics = report.topTopics.slice(0, 8);
        svg = renderBarChart({
          title: CHART_TEXTS.topics[language],
          description: topics.map((topic) => `${topic.kind}: ${topic.count}`).join(", ") || "–",
          categories: topics.map((topic) => (topic.kind in CHART_TEXTS ? CHART_TEXTS[topic.kind as "service"][language] : topic.kind)),
          series: [{ label: CHART_TEXTS.turns[language], color: "#0b5cad", values: topics.map((topic) => topic.count) }],
        });
      } else {
        const weeks = weeklyTotals(report);
        svg = renderBarChart({
          title: CHART_TEXTS.outcomes[language],
          description: weeks
            .map(([week, entry]) => `${week}: ${entry.turns} / ${entry.unanswered} / ${entry.thumbsDown} / ${entry.handoffs}`)
            .join("; ") || "–",
          categories: weeks.map(([week]) => week.slice(5)),
          series: [
            { label: CHART_TEXTS.turns[language], color: "#0b5cad", values: weeks.map(([, entry]) => entry.turns) },
            { label: CHART_TEXTS.unanswered[language], color: "#b35c00", values: weeks.map(([, entry]) => entry.unanswered) },
            { label: CHART_TEXTS.thumbsDown[language], color: "#a4161a", values: weeks.map(([, entry]) => entry.thumbsDown) },
            { label: CHART_TEXTS.handoffs[language], color: "#1e6b34", values: weeks.map(([, entry]) => entry.handoffs) },
          ],
        });
      }
      response.type("image/svg+xml").setHeader("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'").send(svg);
    });
  };
}
