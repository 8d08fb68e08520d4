// The employers' vacancies tab: vacancies employers sent through the chat form wait here for the
// municipality's review (correct, approve and publish, or reject with a reason for the employer).
// Everything in a submission was typed by someone outside: it goes into the page as text only, and
// how to apply is never a link, because nobody has checked the address before approval.
import { api, issuesOf } from "./api.js";
import { $, announce, el, formatDate } from "./dom.js";
import { PAGE_SIZE, state, t } from "./texts.js";

const EMPLOYMENT_TYPES = ["full-time", "part-time", "temporary", "seasonal"];

/** The fields an editor can correct: the chat form's, in its order, without the employer's consent. */
const FIELDS = [
  { name: "title", type: "text", required: true, maxlength: 150, wide: true, value: (submission) => submission.title },
  { name: "municipality", type: "municipality", required: true, value: (submission) => submission.municipality },
  { name: "description", type: "textarea", required: true, maxlength: 4000, wide: true, value: (submission) => submission.description },
  { name: "occupation", label: "occupationText", type: "text", maxlength: 100, value: (submission) => submission.occupationText ?? "" },
  { name: "employmentType", type: "select", required: true, value: (submission) => submission.employmentType },
  { name: "startDate", type: "date", value: (submission) => submission.startDate ?? "" },
  { name: "lastApplicationDate", type: "date", required: true, value: (submission) => submission.lastApplicationDate },
  { name: "howToApply", type: "text", required: true, maxlength: 500, help: "howToApplyNote", value: (submission) => submission.howToApply.value },
  { name: "employerName", type: "text", required: true, maxlength: 150, value: (submission) => submission.employerName },
  { name: "businessId", type: "text", required: true, maxlength: 12, value: (submission) => submission.businessId },
  { name: "contactPerson", type: "text", required: true, maxlength: 100, value: (submission) => submission.contactPerson ?? "" },
  { name: "contactEmail", type: "email", required: true, maxlength: 254, value: (submission) => submission.contactEmail ?? "" },
];

export async function loadSubmissions() {
  const status = $("#submissions-status").value || "pending";
  const params = new URLSearchParams({ status, limit: String(PAGE_SIZE), offset: String(state.submissionsOffset) });
  const container = $("#submissions-result");
  container.replaceChildren(el("p", { text: t("loading") }));
  const result = await api("GET", `/submissions?${params}`);
  // A decision can empty the last page: show the one before it.
  if (result.submissions.length === 0 && state.submissionsOffset > 0) {
    state.submissionsOffset = Math.max(0, state.submissionsOffset - PAGE_SIZE);
    return loadSubmissions();
  }
  const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
  const page = Math.floor(state.submissionsOffset / PAGE_SIZE) + 1;
  container.replaceChildren(
    el("p", { text: t("submissionsCount", { status: t(`submission_${status}`), total: result.total }) }),
    ...(result.submissions.length === 0 ? [el("p", { text: t("noSubmissions") })] : result.submissions.map(renderSubmission)),
    el(
      "div",
      { class: "pager" },
      el("button", { type: "button", class: "secondary", disabled: page <= 1, onclick: () => { state.submissionsOffset -= PAGE_SIZE; void reload(); } }, t("previous")),
      el("span", {}, t("page", { page, pages })),
      el("button", { type: "button", class: "secondary", disabled: page >= pages, onclick: () => { state.submissionsOffset += PAGE_SIZE; void reload(); } }, t("next")),
    ),
  );
}

async function reload() {
  try {
    await loadSubmissions();
  } catch (error) {
    announce(t("failed", { message: error.message }), true);
  }
}

function idOf(submission, part) {
  return `submission-${submission.id}-${part}`;
}

function renderSubmission(submission) {
  const panel = el("div", { id: idOf(submission, "panel"), class: "submission-panel" });
  const rows = detailRows(submission).map(([label, ...value]) => el("tr", {}, el("th", { scope: "row", text: label }), el("td", {}, ...value)));
  return el(
    "article",
    { class: "submission", "aria-labelledby": idOf(submission, "heading") },
    el("h3", { id: idOf(submission, "heading"), tabindex: "-1", text: submission.title }),
    el("table", { "aria-labelledby": idOf(submission, "heading") }, el("tbody", {}, rows)),
    decisionControls(submission, panel),
    panel,
  );
}

/** Label and value(s) of each shown detail; values are strings (text nodes) or nodes built from text. */
function detailRows(submission) {
  const rows = [
    [t("reference"), submission.reference],
    [t("status"), t(`submission_${submission.status}`)],
    [t("municipality"), submission.municipalityName],
    [t("employerName"), submission.employerName],
    [t("businessId"), submission.businessId],
    [t("employmentType"), t(`employment_${submission.employmentType}`)],
  ];
  if (submission.occupationText) rows.push([t("occupationText"), submission.occupation ? `${submission.occupationText} (ISCO ${submission.occupation})` : submission.occupationText]);
  rows.push(
    [t("startDate"), submission.startDate ?? t("none")],
    [t("lastApplicationDate"), submission.lastApplicationDate],
    [t("description"), el("span", { class: "multiline", text: submission.description })],
    // Plain text on purpose (never an <a>): the address is unchecked until an editor approves it.
    [t("howToApply"), `${t(submission.howToApply.kind)}: ${submission.howToApply.value}`,
      submission.status === "pending" ? el("span", { class: "help", text: t("howToApplyNote") }) : undefined],
    [t("contactPerson"), submission.contactPerson ?? t("none")],
    [t("contactEmail"), submission.contactEmail ?? t("none")],
    [t("submissionLanguage"), t(`language_${submission.language}`)],
    [t("submittedAt"), formatDate(submission.createdAt)],
  );
  if (submission.decidedAt) rows.push([t("decided"), t("decidedByAt", { at: formatDate(submission.decidedAt), by: submission.decidedBy ?? "" })]);
  if (submission.reason) rows.push([t("rejectionReason"), el("span", { class: "multiline", text: submission.reason })]);
  if (submission.item) rows.push([t("publishedItem"), `${submission.item.source} / ${submission.item.id}`]);
  return rows;
}

/** Edit, Approve and Reject for a pending submission the editor may decide; each opens its panel. */
function decisionControls(submission, panel) {
  if (submission.status !== "pending") return undefined;
  if (!submission.editable) return el("p", { text: t("readOnlySubmission") });
  const buttons = [];
  const toggle = (button, build) => {
    const wasOpen = button.getAttribute("aria-expanded") === "true";
    for (const other of buttons) other.setAttribute("aria-expanded", "false");
    panel.replaceChildren();
    if (wasOpen) return;
    button.setAttribute("aria-expanded", "true");
    const close = () => {
      button.setAttribute("aria-expanded", "false");
      panel.replaceChildren();
      button.focus();
    };
    panel.append(build(close));
    panel.querySelector("input, select, textarea, button")?.focus();
  };
  const control = (key, className, build) => {
    const button = el(
      "button",
      { type: "button", class: className, "aria-expanded": "false", "aria-controls": panel.id, "aria-label": `${t(key)}: ${submission.title}`, onclick: () => toggle(button, build) },
      t(key),
    );
    buttons.push(button);
    return button;
  };
  return el(
    "div",
    { class: "filter-actions" },
    control("edit", "secondary", (close) => editForm(submission, close)),
    control("approve", undefined, (close) => approvePanel(submission, close)),
    control("reject", "danger", (close) => rejectForm(submission, close)),
  );
}

function municipalityInput(submission, id) {
  const me = state.me;
  if (me && !me.allMunicipalities && me.municipalities.length > 0) {
    // A scoped editor can only move a vacancy within their own municipalities.
    const choices = me.municipalities.map((code, index) => ({ code, name: me.municipalityNames?.[index] ?? code }));
    if (!choices.some((choice) => choice.code === submission.municipality)) choices.unshift({ code: submission.municipality, name: submission.municipalityName });
    return el("select", { id, name: "municipality" }, choices.map((choice) => el("option", { value: choice.code, selected: choice.code === submission.municipality }, choice.name)));
  }
  const input = el("input", { id, name: "municipality", type: "text" });
  input.value = submission.municipalityName;
  return input;
}

function editForm(submission, close) {
  const fieldId = (name) => idOf(submission, `field-${name}`);
  const summary = el("div", { id: idOf(submission, "edit-errors"), class: "error-summary", role: "alert", tabindex: "-1", hidden: true });
  const fields = FIELDS.map((field) => {
    const id = fieldId(field.name);
    let input;
    if (field.type === "municipality") input = municipalityInput(submission, id);
    else if (field.type === "select") {
      input = el("select", { id, name: field.name }, EMPLOYMENT_TYPES.map((type) => el("option", { value: type, selected: type === submission.employmentType }, t(`employment_${type}`))));
    } else if (field.type === "textarea") {
      input = el("textarea", { id, name: field.name, rows: 8, maxlength: field.maxlength });
      input.value = field.value(submission);
    } else {
      input = el("input", { id, name: field.name, type: field.type, maxlength: field.maxlength, spellcheck: field.type === "text" ? undefined : "false" });
      input.value = field.value(submission);
    }
    if (field.required) input.setAttribute("aria-required", "true");
    const help = field.help ? el("p", { id: `${id}-help`, class: "help", text: t(field.help) }) : undefined;
    const error = el("p", { id: `${id}-error`, class: "field-error" });
    input.setAttribute("aria-describedby", [help ? `${id}-help` : "", `${id}-error`].filter(Boolean).join(" "));
    return el("div", { class: field.wide ? "wide" : undefined }, el("label", { for: id, text: t(field.label ?? field.name) }), input, help, error);
  });
  const form = el(
    "form",
    { class: "submission-form", novalidate: true, "aria-labelledby": idOf(submission, "edit-heading") },
    el("h4", { id: idOf(submission, "edit-heading"), class: "wide", text: t("editSubmission", { title: submission.title }) }),
    el("div", { class: "wide" }, summary),
    fields,
    el(
      "div",
      { class: "wide filter-actions" },
      el("button", { type: "submit" }, t("save")),
      el("button", { type: "button", class: "secondary", onclick: close }, t("cancel")),
    ),
  );
  // What the form started with, as the inputs hold it: only what the editor changed is sent.
  const original = Object.fromEntries(FIELDS.map((field) => [field.name, String(new FormData(form).get(field.name) ?? "").trim()]));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void saveSubmission({ submission, form, summary, fieldId, original });
  });
  return form;
}

async function saveSubmission({ submission, form, summary, fieldId, original }) {
  const data = new FormData(form);
  const changes = {};
  for (const field of FIELDS) {
    const value = String(data.get(field.name) ?? "").trim();
    if (value !== original[field.name]) changes[field.name] = value;
  }
  if (Object.keys(changes).length === 0) {
    announce(t("noChanges"));
    return;
  }
  try {
    const updated = await api("PATCH", `/submissions/${encodeURIComponent(submission.id)}`, { body: changes });
    announce(t("submissionSaved", { title: updated.title, reference: updated.reference }));
    await loadSubmissions();
    document.getElementById(idOf(updated, "heading"))?.focus();
  } catch (error) {
    showFieldErrors({ form, summary, fieldId, issues: issuesOf(error) });
  }
}

/** As the item editor does: a summary linking to each field, and each message beside its field. */
function showFieldErrors({ form, summary, fieldId, issues }) {
  for (const node of form.querySelectorAll(".field-error")) node.textContent = "";
  for (const node of form.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid");
  summary.replaceChildren(
    el("p", { text: t("fixErrors") }),
    el("ul", {}, issues.map((issue) => {
      const input = issue.field ? document.getElementById(fieldId(issue.field)) : null;
      if (!input || !form.contains(input)) return el("li", {}, issue.message);
      input.setAttribute("aria-invalid", "true");
      const error = document.getElementById(`${input.id}-error`);
      error.textContent = error.textContent ? `${error.textContent} ${issue.message}` : issue.message;
      return el("li", {}, el("a", { href: `#${input.id}`, onclick: (event) => { event.preventDefault(); input.focus(); } }, `${t(FIELDS.find((field) => field.name === issue.field)?.label ?? issue.field)}: ${issue.message}`));
    })),
  );
  summary.hidden = false;
  summary.focus();
}

function approvePanel(submission, close) {
  const questionId = idOf(submission, "approve-question");
  const error = el("p", { class: "error", role: "alert" });
  const confirmButton = el("button", { type: "button" }, t("approve"));
  confirmButton.addEventListener("click", async () => {
    confirmButton.disabled = true;
    try {
      const decided = await api("POST", `/submissions/${encodeURIComponent(submission.id)}/approve`, { body: {} });
      await afterDecision(t("submissionApproved", { title: decided.title, reference: decided.reference }));
    } catch (failure) {
      confirmButton.disabled = false;
      await refused(failure, error);
    }
  });
  return el(
    "div",
    { role: "group", "aria-labelledby": questionId },
    el("p", { id: questionId, text: t("approveQuestion", { title: submission.title }) }),
    el("div", { class: "filter-actions" }, confirmButton, el("button", { type: "button", class: "secondary", onclick: close }, t("cancel"))),
    error,
  );
}

function rejectForm(submission, close) {
  const id = idOf(submission, "reason");
  const reason = el("textarea", { id, name: "reason", rows: 4, maxlength: 1000, "aria-required": "true", "aria-describedby": `${id}-help ${id}-error` });
  const fieldError = el("p", { id: `${id}-error`, class: "field-error" });
  const error = el("p", { class: "error", role: "alert" });
  const showReasonError = (message) => {
    reason.setAttribute("aria-invalid", "true");
    fieldError.textContent = message;
    reason.focus();
  };
  const form = el(
    "form",
    { novalidate: true },
    el("div", {}, el("label", { for: id, text: t("rejectReasonLabel") }), reason, el("p", { id: `${id}-help`, class: "help", text: t("rejectReasonHelp") }), fieldError),
    el("div", { class: "filter-actions" }, el("button", { type: "submit", class: "danger" }, t("sendRejection")), el("button", { type: "button", class: "secondary", onclick: close }, t("cancel"))),
    error,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = reason.value.trim();
    if (text.length < 3) {
      showReasonError(t("rejectReasonMissing"));
      return;
    }
    reason.removeAttribute("aria-invalid");
    fieldError.textContent = "";
    try {
      const decided = await api("POST", `/submissions/${encodeURIComponent(submission.id)}/reject`, { body: { reason: text } });
      await afterDecision(t("submissionRejected", { title: decided.title, reference: decided.reference }));
    } catch (failure) {
      const issue = issuesOf(failure).find((candidate) => candidate.field === "reason");
      if (issue) showReasonError(issue.message);
      else await refused(failure, error);
    }
  });
  return form;
}

/** After a decision: say what happened, show the queue again and put focus on the tab's heading. */
async function afterDecision(message) {
  announce(message);
  await reload();
  $("#submissions-heading").focus();
}

/** A refused decision: the message beside the buttons; if someone else decided first, the queue again. */
async function refused(failure, output) {
  const message = issuesOf(failure).map((issue) => issue.message).join(" ");
  if (failure.status === 409 || failure.status === 404) {
    announce(t("failed", { message }), true);
    await reload();
    $("#submissions-heading").focus();
    return;
  }
  output.textContent = t("failed", { message });
}
