// The items tab and the item editor.
import { showView } from "./admin.js";
import { api } from "./api.js";
import { $, announce, el, formatDate, kindLabel, table } from "./dom.js";
import { PAGE_SIZE, state, t } from "./texts.js";

export async function loadItems() {
  const form = new FormData($("#items-filter"));
  const params = new URLSearchParams();
  for (const [name, value] of form) if (String(value).trim()) params.set(name, String(value).trim());
  params.set("limit", String(PAGE_SIZE));
  params.set("offset", String(state.itemsOffset));
  const container = $("#items-result");
  container.replaceChildren(el("p", { text: t("loading") }));
  const result = await api("GET", `/items?${params}`);
  const rows = result.items.map((item) =>
    el(
      "tr",
      {},
      el("td", {}, item.title, item.flaggedAsksForCredentials ? el("strong", { class: "error", text: ` ⚠ ${t("flaggedCredentials")}` }) : ""),
      el("td", {}, kindLabel(item.kind)),
      el("td", {}, item.municipalityName ?? item.municipality ?? t("allArea")),
      el("td", {}, item.source),
      el("td", {}, item.validUntil ?? ""),
      el("td", {}, formatDate(item.updatedAt)),
      el(
        "td",
        { class: "actions" },
        item.editable
          ? [
              el("button", { type: "button", class: "secondary", "aria-label": `${t("edit")}: ${item.title}`, onclick: () => openEditor(item) }, t("edit")),
              el("button", { type: "button", class: "secondary", "aria-label": `${t("expire")}: ${item.title}`, onclick: () => expireItem(item) }, t("expire")),
              el("button", { type: "button", class: "danger", "aria-label": `${t("delete")}: ${item.title}`, onclick: () => deleteItem(item) }, t("delete")),
            ]
          : el("span", {}, t("readOnly")),
      ),
    ),
  );
  const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
  const page = Math.floor(state.itemsOffset / PAGE_SIZE) + 1;
  container.replaceChildren(
    result.items.length === 0
      ? el("p", { text: t("noItems") })
      : table(t("itemsCaption", { total: result.total }), [t("title"), t("kind"), t("municipality"), t("source"), t("validUntil"), t("updated"), t("actions")], rows),
    el(
      "div",
      { class: "pager" },
      el("button", { type: "button", class: "secondary", disabled: page <= 1, onclick: () => { state.itemsOffset -= PAGE_SIZE; void loadItems(); } }, t("previous")),
      el("span", {}, t("page", { page, pages })),
      el("button", { type: "button", class: "secondary", disabled: page >= pages, onclick: () => { state.itemsOffset += PAGE_SIZE; void loadItems(); } }, t("next")),
    ),
  );
}

export async function expireItem(item) {
  if (!confirm(t("confirmExpire", { title: item.title }))) return;
  try {
    await api("POST", `/items/${encodeURIComponent(item.source)}/${encodeURIComponent(item.id)}/expire`);
    announce(t("expired"));
    await loadItems();
  } catch (error) {
    announce(t("failed", { message: error.message }), true);
  }
}

export async function deleteItem(item) {
  if (!confirm(t("confirmDelete", { title: item.title }))) return;
  try {
    await api("DELETE", `/items/${encodeURIComponent(item.source)}/${encodeURIComponent(item.id)}`);
    announce(t("deleted"));
    await loadItems();
  } catch (error) {
    announce(t("failed", { message: error.message }), true);
  }
}

export const EDITOR_FIELDS = [
  { name: "id", type: "text", required: true },
  { name: "kind", type: "select", options: ["service", "training", "vacancy"], required: true },
  { name: "title", type: "text", required: true, wide: true },
  { name: "description", type: "textarea", required: true, wide: true },
  { name: "language", label: "languageField", type: "select", options: ["fi", "sv", "en"] },
  { name: "municipality", type: "text", help: "municipalityHelp" },
  { name: "organization", type: "text" },
  { name: "address", type: "text" },
  { name: "url", type: "url" },
  { name: "email", type: "email" },
  { name: "phone", type: "tel" },
  { name: "validFrom", type: "date" },
  { name: "validUntil", type: "date" },
  { name: "startDate", type: "date" },
  { name: "tags", type: "text" },
  { name: "occupation", type: "text" },
  { name: "employmentType", type: "select", options: ["", "full-time", "part-time", "temporary", "seasonal"] },
  { name: "format", type: "select", options: ["", "in-person", "online", "hybrid"] },
  { name: "audience", type: "select", options: ["jobseeker", "employer", "both"] },
  { name: "openingHours", type: "text", wide: true },
];

export function openEditor(item) {
  state.editing = item;
  $("#editor-heading").textContent = item ? t("editItem") : t("createItem");
  const errors = $("#editor-errors");
  errors.hidden = true;
  errors.replaceChildren();
  const form = $("#editor-form");
  form.replaceChildren(
    ...EDITOR_FIELDS.map((field) => {
      const id = `field-${field.name}`;
      const value = item ? (field.name === "tags" ? (item.tags ?? []).join("; ") : field.name === "municipality" ? (item.municipalityName ?? item.municipality ?? "") : (item[field.name] ?? "")) : "";
      let input;
      if (field.type === "select") {
        input = el("select", { id, name: field.name }, field.options.map((option) =>
          el("option", { value: option, selected: option === value }, option === "" ? t("none") : field.name === "kind" ? kindLabel(option) : field.name === "audience" ? t(`audience_${option}`) : option)));
      } else if (field.type === "textarea") {
        input = el("textarea", { id, name: field.name });
        input.value = value;
      } else {
        input = el("input", { id, name: field.name, type: field.type });
        input.value = value;
      }
      if (field.required) input.setAttribute("aria-required", "true");
      if (field.name === "id" && item) input.readOnly = true;
      const help = field.help ? el("p", { id: `${id}-help`, class: "help", text: t(field.help) }) : undefined;
      const error = el("p", { id: `${id}-error`, class: "field-error" });
      input.setAttribute("aria-describedby", [help ? `${id}-help` : "", `${id}-error`].filter(Boolean).join(" "));
      return el("div", { class: field.wide ? "wide" : undefined }, el("label", { for: id, text: t(field.label ?? field.name) }), input, help, error);
    }),
    el(
      "div",
      { class: "wide filter-actions" },
      el("button", { type: "submit" }, t("save")),
      el("button", { type: "button", class: "secondary", onclick: () => showView("items") }, t("cancel")),
    ),
  );
  showView("editor");
  form.querySelector(item ? "#field-title" : "#field-id").focus();
}

export function showFieldErrors(issues) {
  for (const node of document.querySelectorAll("#editor-form .field-error")) node.textContent = "";
  for (const node of document.querySelectorAll("#editor-form [aria-invalid]")) node.removeAttribute("aria-invalid");
  const summary = $("#editor-errors");
  summary.replaceChildren(
    el("p", { text: t("fixErrors") }),
    el("ul", {}, issues.map((issue) => {
      const input = document.getElementById(`field-${issue.field}`);
      if (input) {
        input.setAttribute("aria-invalid", "true");
        document.getElementById(`field-${issue.field}-error`).textContent = issue.message;
        return el("li", {}, el("a", { href: `#field-${issue.field}`, onclick: (event) => { event.preventDefault(); input.focus(); } }, issue.message));
      }
      return el("li", {}, issue.message);
    })),
  );
  summary.hidden = false;
  summary.focus();
}

export async function saveItem(event) {
  event.preventDefault();
  const form = new FormData($("#editor-form"));
  const body = {};
  for (const [name, value] of form) {
    const text = String(value).trim();
    if (!text) continue;
    body[name] = name === "tags" ? text.split(";").map((tag) => tag.trim()).filter(Boolean) : text;
  }
  const item = state.editing;
  try {
    if (item) await api("PUT", `/items/${encodeURIComponent(item.source)}/${encodeURIComponent(item.id)}`, { body });
    else await api("POST", "/items", { body });
    announce(t("saved"));
    showView("items");
  } catch (error) {
    const issues = error.body?.error?.issues ?? (error.body?.error ? [{ field: error.body.error.field ?? "", message: error.body.error.message }] : [{ field: "", message: error.message }]);
    showFieldErrors(issues);
  }
}
