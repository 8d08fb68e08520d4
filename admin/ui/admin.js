// Lähituki admin UI. Plain ES module, no build step. Everything from the server is rendered with
// textContent / DOM nodes only (never innerHTML), so stored text can never become markup.
// This is the entry point: it wires the tabs (one module each) to navigation and sign-in.

import { labelShortageTab, loadShortage } from "./shortage.js";
import { api } from "./api.js";
import { loadAudit } from "./audit-tab.js";
import { $, announce } from "./dom.js";
import { loadEditors } from "./editors-tab.js";
import { loadFreshness } from "./freshness-tab.js";
import { downloadInsightsCsv, loadInsights } from "./insights-tab.js";
import { loadItems, openEditor, saveItem } from "./items-tab.js";
import { loadSources } from "./sources-tab.js";
import { loadSubmissions } from "./submissions-tab.js";
import { TEXTS, state, t } from "./texts.js";
import { sendUpload } from "./upload-tab.js";

function applyTexts() {
  document.documentElement.lang = state.language;
  document.title = t("appTitle");
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  $("#tabs").setAttribute("aria-label", t("navLabel"));
  $("#language-select").value = state.language;
  if (state.me) showSignedIn();
}

function showSignedIn() {
  const scope = state.me.allMunicipalities ? t("allArea") : (state.me.municipalityNames ?? state.me.municipalities).join(", ");
  const label = $("#signed-in-as");
  label.textContent = t("signedInAs", { user: state.me.user, scope });
  label.hidden = false;
  $("#sign-out").hidden = false;
  $("#tabs").hidden = false;
  $("#tab-editors").hidden = !state.me.areaAdmin;
  $("#tab-shortage").hidden = !state.me.areaAdmin;
  labelShortageTab();
}

export function signOut() {
  state.token = "";
  state.me = undefined;
  sessionStorage.removeItem("lahituki.admin.token");
  $("#signed-in-as").hidden = true;
  $("#sign-out").hidden = true;
  $("#tabs").hidden = true;
  showView("signin");
}

async function signIn(token) {
  state.token = token;
  try {
    state.me = await api("GET", "/me", { signingIn: true });
  } catch (error) {
    state.token = "";
    $("#signin-error").textContent = error.status === 401 || error.status === 403 ? t("signInFailed") : t("failed", { message: error.message });
    return false;
  }
  sessionStorage.setItem("lahituki.admin.token", token);
  $("#signin-error").textContent = "";
  showSignedIn();
  const view = location.hash.slice(1);
  showView(VIEWS[view] ? view : "items");
  return true;
}

const VIEWS = {
  signin: () => {},
  items: loadItems,
  editor: () => {},
  submissions: loadSubmissions,
  upload: () => {},
  freshness: loadFreshness,
  sources: loadSources,
  audit: loadAudit,
  insights: loadInsights,
  editors: loadEditors,
  shortage: () => loadShortage($("#shortage-result")),
};

export function showView(name) {
  for (const section of document.querySelectorAll("main > section")) section.hidden = section.id !== `view-${name}`;
  for (const link of document.querySelectorAll("#tabs a")) {
    if (link.dataset.view === name) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  if (name !== "signin" && name !== "editor" && location.hash !== `#${name}`) history.replaceState(null, "", `#${name}`);
  const load = VIEWS[name];
  if (load) Promise.resolve(load()).catch((error) => announce(t("failed", { message: error.message }), true));
}

/** In Teams, sign in with the tab's SSO token; elsewhere the token form is used. */
async function trySignInWithTeams() {
  const teams = window.microsoftTeams;
  const inTeams = new URLSearchParams(location.search).get("inTeams") === "1" || window.parent !== window;
  if (!teams || !inTeams) return false;
  try {
    await Promise.race([teams.app.initialize(), new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 3000))]);
    const context = await teams.app.getContext();
    const locale = context?.app?.locale?.slice(0, 2);
    if (locale && TEXTS[locale] && !localStorage.getItem("lahituki.admin.language")) {
      state.language = locale;
      applyTexts();
    }
    const token = await teams.authentication.getAuthToken();
    return await signIn(token);
  } catch {
    return false;
  }
}

function start() {
  applyTexts();
  $("#language-select").addEventListener("change", (event) => {
    state.language = event.target.value;
    localStorage.setItem("lahituki.admin.language", state.language);
    applyTexts();
    const current = document.querySelector("main > section:not([hidden])")?.id?.replace("view-", "");
    if (current && current !== "editor" && current !== "signin") showView(current);
  });
  $("#sign-out").addEventListener("click", signOut);
  $("#signin-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const token = $("#token-input").value.trim();
    if (token) void signIn(token).then((ok) => { if (ok) $("#token-input").value = ""; });
  });
  for (const link of document.querySelectorAll("#tabs a")) {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      showView(link.dataset.view);
      $("#main").focus();
    });
  }
  $("#items-filter").addEventListener("submit", (event) => {
    event.preventDefault();
    state.itemsOffset = 0;
    void loadItems().catch((error) => announce(t("failed", { message: error.message }), true));
  });
  $("#submissions-filter").addEventListener("submit", (event) => {
    event.preventDefault();
    state.submissionsOffset = 0;
    void loadSubmissions().catch((error) => announce(t("failed", { message: error.message }), true));
  });
  $("#new-item").addEventListener("click", () => openEditor(undefined));
  $("#editor-form").addEventListener("submit", saveItem);
  $("#upload-form").addEventListener("submit", (event) => {
    event.preventDefault();
    void sendUpload(true);
  });
  // Changing anything after the preview means the preview no longer describes the import.
  for (const selector of ["#upload-file", "#upload-source", "#upload-kind"]) {
    $(selector).addEventListener("change", () => {
      $("#upload-import").disabled = true;
    });
  }
  $("#upload-import").addEventListener("click", () => void sendUpload(false));
  $("#insights-form").addEventListener("submit", (event) => {
    event.preventDefault();
    void loadInsights().catch((error) => announce(t("failed", { message: error.message }), true));
  });
  $("#insights-csv").addEventListener("click", () => void downloadInsightsCsv());

  void (async () => {
    if (state.token && (await signIn(state.token))) return;
    if (await trySignInWithTeams()) return;
    showView("signin");
  })();
}

start();

