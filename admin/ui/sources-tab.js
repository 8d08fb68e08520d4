// The sources tab: each source with its item count and last import.
import { api } from "./api.js";
import { $, el, formatDate, table } from "./dom.js";
import { t } from "./texts.js";

export async function loadSources() {
  const container = $("#sources-result");
  const result = await api("GET", "/sources");
  container.replaceChildren(
    table(t("tabSources"), [t("source"), t("items"), t("lastRun"), t("status"), t("by"), t("errors")], result.sources.map((source) =>
      el("tr", {},
        el("td", {}, source.source),
        el("td", {}, String(source.items)),
        el("td", {}, source.lastRun ? formatDate(source.lastRun.finishedAt ?? source.lastRun.startedAt) : t("never")),
        el("td", {}, source.lastRun?.status ?? ""),
        el("td", {}, source.lastRun?.actor ?? ""),
        el("td", {}, source.lastRun ? String(source.lastRun.errors.length) : "")))),
  );
}
