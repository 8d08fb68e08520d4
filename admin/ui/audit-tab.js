// The audit tab: changes within the editor's scope.
import { api } from "./api.js";
import { $, el, formatDate, table } from "./dom.js";
import { t } from "./texts.js";

export async function loadAudit() {
  const container = $("#audit-result");
  const result = await api("GET", "/audit?limit=200");
  container.replaceChildren(
    table(t("tabAudit"), [t("when"), t("who"), t("what"), t("item"), t("municipality"), t("hashes")], result.entries.map((entry) =>
      el("tr", {},
        el("td", {}, formatDate(entry.at)),
        el("td", {}, entry.actor),
        el("td", {}, entry.action),
        el("td", {}, [entry.source, entry.itemId].filter(Boolean).join(" / ")),
        el("td", {}, entry.municipality ?? ""),
        el("td", {}, `${(entry.beforeHash ?? "–").slice(0, 10)} → ${(entry.afterHash ?? "–").slice(0, 10)}`)))),
  );
}
