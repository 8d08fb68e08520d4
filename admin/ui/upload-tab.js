// The upload tab: a dry-run preview first, then the import.
import { api } from "./api.js";
import { $, announce, el, table } from "./dom.js";
import { state, t } from "./texts.js";

export function uploadSummary(result) {
  const counts = el(
    "ul",
    { class: "counts" },
    el("li", {}, `${t("inserted")}: ${result.inserted}`),
    el("li", {}, `${t("updatedCount")}: ${result.updated}`),
    el("li", {}, `${t("unchanged")}: ${result.unchanged}`),
    el("li", {}, `${t("rejected")}: ${result.rejected}`),
  );
  const errors = result.errors.length === 0
    ? el("p", { text: t("noErrors") })
    : table(t("errorsCaption"), [t("line"), t("field"), t("message")], result.errors.map((issue) =>
        el("tr", {}, el("td", {}, String(issue.line)), el("td", {}, issue.field), el("td", {}, issue.message))));
  return [el("h3", { text: result.dryRun ? t("previewTitle") : t("importTitle") }), counts, errors];
}

export async function sendUpload(dryRun) {
  const file = $("#upload-file").files[0];
  const output = $("#upload-result");
  if (!file) {
    output.replaceChildren(el("p", { class: "error", role: "alert", text: t("chooseFile") }));
    return;
  }
  const params = new URLSearchParams();
  if (dryRun) params.set("dryRun", "true");
  const source = $("#upload-source").value.trim();
  if (source) params.set("source", source);
  const kind = $("#upload-kind").value;
  if (kind) params.set("kind", kind);
  const body = new FormData();
  body.append("file", file, file.name);
  output.replaceChildren(el("p", { text: t("loading") }));
  try {
    const result = await api("POST", `/uploads?${params}`, { body });
    output.replaceChildren(...uploadSummary(result));
    state.uploadPreviewed = dryRun;
    $("#upload-import").disabled = !dryRun;
    if (!dryRun) announce(`${t("importTitle")}: ${t("inserted")} ${result.inserted}, ${t("updatedCount")} ${result.updated}, ${t("rejected")} ${result.rejected}`);
  } catch (error) {
    output.replaceChildren(el("p", { class: "error", role: "alert", text: t("failed", { message: error.message }) }));
    $("#upload-import").disabled = true;
  }
}
