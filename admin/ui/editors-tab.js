// The editors tab (area admins): editors, their tokens and scope.
import { api } from "./api.js";
import { $, announce, el, table } from "./dom.js";
import { state, t } from "./texts.js";

export async function loadEditors() {
  const container = $("#editors-result");
  const result = await api("GET", "/editors");
  const tokenOutput = el("div", { "aria-live": "polite" });
  const rows = result.editors.map((editor) =>
    el("tr", {},
      el("td", {}, editor.user),
      el("td", {}, editor.role === "admin" ? t("roleAdmin") : t("roleEditor")),
      el("td", {}, editor.allMunicipalities ? t("allArea") : editor.municipalities.join(", ")),
      el("td", {}, result.tokens.filter((token) => token.user === editor.user && !token.revokedAt).map((token) => `${token.prefix}…`).join(", ")),
      el("td", { class: "actions" },
        el("button", { type: "button", class: "secondary", "aria-label": `${t("newToken")}: ${editor.user}`, onclick: () => void createToken(editor.user, tokenOutput) }, t("newToken")),
        el("button", { type: "button", class: "secondary", "aria-label": `${t("revokeTokens")}: ${editor.user}`, onclick: () => void revokeTokens(editor.user) }, t("revokeTokens")),
        editor.user === state.me.user ? "" : el("button", { type: "button", class: "danger", "aria-label": `${t("delete")}: ${editor.user}`, onclick: () => void removeEditor(editor.user) }, t("delete")))));
  const form = el("form", { id: "editor-add", class: "filters", novalidate: true },
    el("div", {}, el("label", { for: "new-editor-user", text: t("who") }), el("input", { id: "new-editor-user", name: "user", type: "text", required: true })),
    el("div", {}, el("label", { for: "new-editor-municipalities", text: t("municipalitiesField") }), el("input", { id: "new-editor-municipalities", name: "municipalities", type: "text", required: true, "aria-describedby": "new-editor-help" }),
      el("p", { id: "new-editor-help", class: "help", text: t("municipalitiesHelp") })),
    el("div", {}, el("label", { for: "new-editor-role", text: t("role") }),
      el("select", { id: "new-editor-role", name: "role" }, el("option", { value: "editor" }, t("roleEditor")), el("option", { value: "admin" }, t("roleAdmin")))),
    el("div", { class: "filter-actions" }, el("button", { type: "submit" }, t("addEditor"))));
  const formError = el("p", { class: "error", role: "alert" });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const scope = String(data.get("municipalities") ?? "").trim();
    try {
      await api("POST", "/editors", {
        body: {
          user: String(data.get("user") ?? "").trim(),
          role: String(data.get("role")),
          municipalities: scope.toLowerCase() === "all" ? "all" : scope.split(",").map((part) => part.trim()).filter(Boolean),
        },
      });
      announce(t("saved"));
      await loadEditors();
    } catch (error) {
      formError.textContent = t("failed", { message: error.message });
    }
  });
  container.replaceChildren(
    table(t("editors"), [t("who"), t("role"), t("scope"), t("tokens"), t("actions")], rows),
    tokenOutput,
    el("h3", { text: t("addEditor") }),
    form,
    formError,
  );
}

export async function createToken(user, output) {
  try {
    const created = await api("POST", `/editors/${encodeURIComponent(user)}/tokens`);
    const field = el("input", { id: "created-token", type: "text", readonly: true, value: created.token, size: 60 });
    output.replaceChildren(el("label", { for: "created-token", text: t("tokenShownOnce", { user }) }), field);
    field.focus();
    field.select();
  } catch (error) {
    announce(t("failed", { message: error.message }), true);
  }
}

export async function revokeTokens(user) {
  if (!confirm(t("confirmRevoke", { user }))) return;
  try {
    const result = await api("DELETE", `/editors/${encodeURIComponent(user)}/tokens`);
    announce(t("revoked", { count: result.revoked }));
    await loadEditors();
  } catch (error) {
    announce(t("failed", { message: error.message }), true);
  }
}

export async function removeEditor(user) {
  if (!confirm(t("confirmRemoveEditor", { user }))) return;
  try {
    await api("DELETE", `/editors/${encodeURIComponent(user)}`);
    announce(t("deleted"));
    await loadEditors();
  } catch (error) {
    announce(t("failed", { message: error.message }), true);
  }
}
