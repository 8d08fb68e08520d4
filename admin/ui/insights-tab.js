// The insights tab: weekly figures, charts, unanswered questions and the CSV download.
import { api } from "./api.js";
import { $, announce, el, formatDate, kindLabel, table } from "./dom.js";
import { state, t } from "./texts.js";

export function insightParams() {
  const params = new URLSearchParams();
  const municipality = $("#insights-municipality").value.trim();
  if (municipality) params.set("municipality", municipality);
  params.set("weeks", $("#insights-weeks").value || "8");
  params.set("lang", state.language);
  return params;
}

export async function chartImage(chart, label) {
  const params = insightParams();
  params.set("chart", chart);
  const response = await api("GET", `/insights.svg?${params}`, { raw: true });
  const url = URL.createObjectURL(await response.blob());
  return el("img", { class: "chart", src: url, alt: label });
}

export async function loadInsights() {
  const container = $("#insights-result");
  container.replaceChildren(el("p", { text: t("loading") }));
  const report = await api("GET", `/insights?${insightParams()}`);
  const [outcomes, topics] = await Promise.all([chartImage("outcomes", t("chartOutcomes")), chartImage("topics", t("chartTopics"))]);
  container.replaceChildren(
    el("h3", { text: t("chartOutcomes") }),
    outcomes,
    table(t("chartOutcomes"), [t("week"), t("municipality"), t("turns"), t("unanswered"), t("thumbsDown"), t("handoffRate")], report.weeks.map((week) =>
      el("tr", {}, el("td", {}, week.week), el("td", {}, week.municipalityName ?? week.municipality ?? t("unknownMunicipality")), el("td", {}, String(week.turns)),
        el("td", {}, String(week.unanswered)), el("td", {}, String(week.thumbsDown)), el("td", {}, `${week.handoffs} (${Math.round(week.handoffRate * 100)} %)`)))),
    el("h3", { text: t("unansweredGroups") }),
    table(t("unansweredGroups"), [t("example"), t("count"), t("municipality")], report.unansweredGroups.map((group) =>
      el("tr", {}, el("td", {}, group.example), el("td", {}, String(group.count)), el("td", {}, (group.municipalityNames ?? group.municipalities).join(", "))))),
    el("h3", { text: t("thumbsDownAnswers") }),
    table(t("thumbsDownAnswers"), [t("when"), t("example"), t("municipality")], report.thumbsDown.map((entry) =>
      el("tr", {}, el("td", {}, formatDate(entry.at)), el("td", {}, entry.question ?? ""), el("td", {}, entry.municipalityName ?? entry.municipality ?? "")))),
    el("h3", { text: t("handoffReasons") }),
    table(t("handoffReasons"), [t("reason"), t("count")], report.handoffReasons.map((entry) =>
      el("tr", {}, el("td", {}, entry.reason), el("td", {}, String(entry.count))))),
    el("h3", { text: t("topTopics") }),
    topics,
    table(t("topTopics"), [t("topic"), t("count")], report.topTopics.map((entry) =>
      el("tr", {}, el("td", {}, kindLabel(entry.kind) === `kind_${entry.kind}` ? entry.kind : kindLabel(entry.kind)), el("td", {}, String(entry.count))))),
    el("h3", { text: t("employerInsights") }),
    table(t("employerInsights"), [t("month"), t("municipality"), t("employerConversations"), t("submitted"), t("approvedCount"), t("rejectedCount"), t("hoursToDecision")],
      (report.employers ?? []).map((entry) =>
        el("tr", {}, el("td", {}, entry.month), el("td", {}, entry.municipalityName ?? entry.municipality ?? t("unknownMunicipality")),
          el("td", {}, String(entry.conversations)), el("td", {}, String(entry.submitted)), el("td", {}, String(entry.approved)),
          el("td", {}, String(entry.rejected)), el("td", {}, entry.medianHoursToDecision === null ? t("none") : String(entry.medianHoursToDecision))))),
  );
}

export async function downloadInsightsCsv() {
  try {
    const response = await api("GET", `/insights.csv?${insightParams()}`, { raw: true });
    const url = URL.createObjectURL(await response.blob());
    const link = el("a", { href: url, download: "lahituki-insights.csv" });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (error) {
    announce(t("failed", { message: error.message }), true);
  }
}
