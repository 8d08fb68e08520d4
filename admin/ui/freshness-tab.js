// The freshness tab: items expiring soon and items not updated for long.
import { api } from "./api.js";
import { $, el, formatDate, table } from "./dom.js";
import { openEditor } from "./items-tab.js";
import { t } from "./texts.js";

export async function loadFreshness() {
  const container = $("#freshness-result");
  container.replaceChildren(el("p", { text: t("loading") }));
  const result = await api("GET", "/freshness");
  const rows = (items, dateOf) => items.map((item) =>
    el("tr", {}, el("td", {}, item.title), el("td", {}, item.municipalityName ?? item.municipality ?? t("allArea")), el("td", {}, item.source), el("td", {}, dateOf(item)),
      el("td", { class: "actions" }, item.editable ? el("button", { type: "button", class: "secondary", "aria-label": `${t("edit")}: ${item.title}`, onclick: () => openEditor(item) }, t("edit")) : "")));
  container.replaceChildren(
    el("h3", { text: t("expiringSoon", { days: result.expiringDays }) }),
    result.expiringSoon.items.length === 0 ? el("p", { text: t("noItems") })
      : table(t("expiringSoon", { days: result.expiringDays }), [t("title"), t("municipality"), t("source"), t("validUntil"), t("actions")], rows(result.expiringSoon.items, (item) => item.validUntil)),
    el("h3", { text: t("stale", { days: result.staleDays }) }),
    result.stale.items.length === 0 ? el("p", { text: t("noItems") })
      : table(t("stale", { days: result.staleDays }), [t("title"), t("municipality"), t("source"), t("updated"), t("actions")], rows(result.stale.items, (item) => formatDate(item.updatedAt))),
  );
}
