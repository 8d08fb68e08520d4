// Lähituki admin UI. Plain ES module, no build step. Everything from the server is rendered with
// textContent / DOM nodes only (never innerHTML), so stored text can never become markup.

import { labelShortageTab, loadShortage } from "./shortage.js";

const TEXTS = {
  fi: {
    appTitle: "Lähituki – sisällönhallinta", skip: "Siirry sisältöön", language: "Kieli", signOut: "Kirjaudu ulos",
    tabItems: "Sisältö", tabUpload: "Tuo tiedosto", tabFreshness: "Ajantasaisuus", tabSources: "Lähteet", tabAudit: "Muutosloki",
    tabInsights: "Oivallukset", tabEditors: "Käyttäjät", navLabel: "Sisällönhallinta",
    signInTitle: "Kirjaudu sisään", signInHelp: "Liitä henkilökohtainen API-tunnisteesi. Teamsissa kirjautuminen tapahtuu automaattisesti.",
    tokenLabel: "API-tunniste", signIn: "Kirjaudu", signInFailed: "Kirjautuminen epäonnistui: tunniste ei kelpaa.", signedInAs: "Kirjautunut: {user} ({scope})",
    allArea: "koko alue", search: "Haku", kind: "Tyyppi", any: "Kaikki", none: "–", kind_service: "Palvelu", kind_training: "Koulutus", kind_vacancy: "Työpaikka",
    municipality: "Kunta", source: "Lähde", validity: "Voimassaolo", validity_open: "Voimassa", validity_expired: "Päättynyt", validity_upcoming: "Tulossa", flaggedCredentials: "Pyytää lähettämään tunnuksia – ei näytetä chatissa, tarkista",
    searchButton: "Hae", newItem: "Uusi kohde", editItem: "Muokkaa kohdetta", createItem: "Uusi kohde",
    title: "Otsikko", validUntil: "Voimassa asti", updated: "Päivitetty", actions: "Toiminnot", edit: "Muokkaa", expire: "Päätä tänään", delete: "Poista",
    itemsCaption: "Kohteet ({total})", noItems: "Ei kohteita.", previous: "Edellinen", next: "Seuraava", page: "Sivu {page}/{pages}",
    confirmDelete: "Poistetaanko kohde \"{title}\"?", confirmExpire: "Päätetäänkö kohteen \"{title}\" voimassaolo tänään?",
    saved: "Tallennettu.", deleted: "Poistettu.", expired: "Voimassaolo päätetty: kohde ei enää näy hakutuloksissa.", save: "Tallenna", cancel: "Peruuta",
    fixErrors: "Korjaa seuraavat kohdat:", readOnly: "Vain luku (koko alueen kohde)",
    uploadHelp: "Tuettu: CSV, JSON, JSONL, Markdown, teksti, HTML ja PDF. Esikatsele ensin: mitään ei tallenneta ennen tuontia.",
    file: "Tiedosto", sourceOptional: "Lähde (valinnainen; oletus tiedoston nimi)", kindForDocuments: "Tyyppi vapaille dokumenteille",
    preview: "Esikatsele", import: "Tuo", chooseFile: "Valitse ensin tiedosto.",
    previewTitle: "Esikatselu: mitään ei ole vielä tallennettu", importTitle: "Tuonti valmis",
    inserted: "Uusia", updatedCount: "Päivitettyjä", unchanged: "Ennallaan", rejected: "Hylättyjä",
    errorsCaption: "Virheet riveittäin", line: "Rivi", field: "Kenttä", message: "Viesti", noErrors: "Ei virheitä.",
    expiringSoon: "Päättyy {days} päivän sisällä", stale: "Ei päivitetty {days} päivään",
    items: "Kohteita", lastRun: "Viimeisin tuonti", status: "Tila", by: "Tekijä", errors: "Virheitä", never: "ei koskaan",
    when: "Aika", who: "Kuka", what: "Toimenpide", item: "Kohde", hashes: "Sisältötiiviste ennen → jälkeen",
    weeks: "Viikkoja", show: "Näytä", downloadCsv: "Lataa CSV",
    week: "Viikko", turns: "Kysymyksiä", unanswered: "Vailla vastausta", thumbsDown: "Peukku alas", handoffRate: "Siirrot ihmiselle",
    unansweredGroups: "Vastaamatta jääneet kysymykset (ryhmitelty)", example: "Esimerkki", count: "Määrä",
    handoffReasons: "Siirtojen syyt", reason: "Syy", topTopics: "Yleisimmät aiheet", topic: "Aihe", thumbsDownAnswers: "Peukku alas -vastaukset",
    chartOutcomes: "Kysymykset ja tulokset viikoittain", chartTopics: "Yleisimmät aiheet",
    editors: "Käyttäjät", role: "Rooli", scope: "Alue", tokens: "Tunnisteet", loading: "Ladataan…", failed: "Virhe: {message}",
    id: "Tunniste", description: "Kuvaus", languageField: "Kieli", organization: "Organisaatio", address: "Osoite", url: "Verkko-osoite",
    email: "Sähköposti", phone: "Puhelin", validFrom: "Voimassa alkaen", startDate: "Alkamispäivä", tags: "Avainsanat (;-eroteltu)",
    occupation: "Ammatti (ISCO)", employmentType: "Työsuhteen tyyppi", format: "Toteutustapa", openingHours: "Aukioloajat",
    roleEditor: "Sisällöntuottaja", roleAdmin: "Alueen pääkäyttäjä", newToken: "Uusi tunniste", revokeTokens: "Mitätöi tunnisteet", addEditor: "Lisää käyttäjä", municipalitiesField: "Kunnat", municipalitiesHelp: "Pilkuilla eroteltuna, tai all = koko alue", tokenShownOnce: "Käyttäjän {user} uusi tunniste näytetään vain kerran – kopioi se nyt:", confirmRevoke: "Mitätöidäänkö käyttäjän {user} kaikki tunnisteet?", confirmRemoveEditor: "Poistetaanko käyttäjä {user}?", revoked: "Mitätöity: {count}",
    noData: "ei tietoja", unknownMunicipality: "kunta ei tiedossa",
    municipalityHelp: "Tyhjä = koko työllisyysalue",
  },
  sv: {
    appTitle: "Lähituki – innehållshantering", skip: "Hoppa till innehållet", language: "Språk", signOut: "Logga ut",
    tabItems: "Innehåll", tabUpload: "Importera fil", tabFreshness: "Aktualitet", tabSources: "Källor", tabAudit: "Ändringslogg",
    tabInsights: "Insikter", tabEditors: "Användare", navLabel: "Innehållshantering",
    signInTitle: "Logga in", signInHelp: "Klistra in din personliga API-token. I Teams loggas du in automatiskt.",
    tokenLabel: "API-token", signIn: "Logga in", signInFailed: "Inloggningen misslyckades: token är ogiltig.", signedInAs: "Inloggad: {user} ({scope})",
    allArea: "hela området", search: "Sök", kind: "Typ", any: "Alla", none: "–", kind_service: "Tjänst", kind_training: "Utbildning", kind_vacancy: "Arbetsplats",
    municipality: "Kommun", source: "Källa", validity: "Giltighet", validity_open: "Giltig", validity_expired: "Utgången", validity_upcoming: "Kommande", flaggedCredentials: "Ber om inloggningsuppgifter – visas inte i chatten, granska",
    searchButton: "Sök", newItem: "Nytt objekt", editItem: "Redigera objekt", createItem: "Nytt objekt",
    title: "Rubrik", validUntil: "Giltig till", updated: "Uppdaterad", actions: "Åtgärder", edit: "Redigera", expire: "Avsluta i dag", delete: "Radera",
    itemsCaption: "Objekt ({total})", noItems: "Inga objekt.", previous: "Föregående", next: "Nästa", page: "Sida {page}/{pages}",
    confirmDelete: "Radera objektet \"{title}\"?", confirmExpire: "Avsluta giltigheten för \"{title}\" i dag?",
    saved: "Sparat.", deleted: "Raderat.", expired: "Giltigheten avslutad: objektet syns inte längre i sökresultaten.", save: "Spara", cancel: "Avbryt",
    fixErrors: "Rätta följande:", readOnly: "Endast läsning (objekt för hela området)",
    uploadHelp: "Stöds: CSV, JSON, JSONL, Markdown, text, HTML och PDF. Förhandsgranska först: inget sparas före importen.",
    file: "Fil", sourceOptional: "Källa (valfri; standard filens namn)", kindForDocuments: "Typ för fria dokument",
    preview: "Förhandsgranska", import: "Importera", chooseFile: "Välj först en fil.",
    previewTitle: "Förhandsgranskning: inget har sparats ännu", importTitle: "Importen är klar",
    inserted: "Nya", updatedCount: "Uppdaterade", unchanged: "Oförändrade", rejected: "Avvisade",
    errorsCaption: "Fel per rad", line: "Rad", field: "Fält", message: "Meddelande", noErrors: "Inga fel.",
    expiringSoon: "Upphör inom {days} dagar", stale: "Inte uppdaterad på {days} dagar",
    items: "Objekt", lastRun: "Senaste import", status: "Status", by: "Av", errors: "Fel", never: "aldrig",
    when: "Tid", who: "Vem", what: "Åtgärd", item: "Objekt", hashes: "Innehållshash före → efter",
    weeks: "Veckor", show: "Visa", downloadCsv: "Ladda ner CSV",
    week: "Vecka", turns: "Frågor", unanswered: "Utan svar", thumbsDown: "Tummen ner", handoffRate: "Överlämningar",
    unansweredGroups: "Obesvarade frågor (grupperade)", example: "Exempel", count: "Antal",
    handoffReasons: "Orsaker till överlämning", reason: "Orsak", topTopics: "Vanligaste ämnen", topic: "Ämne", thumbsDownAnswers: "Svar med tummen ner",
    chartOutcomes: "Frågor och utfall per vecka", chartTopics: "Vanligaste ämnen",
    editors: "Användare", role: "Roll", scope: "Område", tokens: "Token", loading: "Laddar…", failed: "Fel: {message}",
    id: "Identifierare", description: "Beskrivning", languageField: "Språk", organization: "Organisation", address: "Adress", url: "Webbadress",
    email: "E-post", phone: "Telefon", validFrom: "Giltig från", startDate: "Startdatum", tags: "Nyckelord (åtskilda med ;)",
    occupation: "Yrke (ISCO)", employmentType: "Anställningsform", format: "Genomförande", openingHours: "Öppettider",
    roleEditor: "Redaktör", roleAdmin: "Områdets huvudanvändare", newToken: "Ny token", revokeTokens: "Återkalla token", addEditor: "Lägg till användare", municipalitiesField: "Kommuner", municipalitiesHelp: "Åtskilda med kommatecken, eller all = hela området", tokenShownOnce: "Ny token för {user} visas bara en gång – kopiera den nu:", confirmRevoke: "Återkalla alla token för {user}?", confirmRemoveEditor: "Ta bort användaren {user}?", revoked: "Återkallade: {count}",
    noData: "inga uppgifter", unknownMunicipality: "kommun okänd",
    municipalityHelp: "Tom = hela sysselsättningsområdet",
  },
  en: {
    appTitle: "Lähituki – content administration", skip: "Skip to content", language: "Language", signOut: "Sign out",
    tabItems: "Content", tabUpload: "Import file", tabFreshness: "Freshness", tabSources: "Sources", tabAudit: "Audit log",
    tabInsights: "Insights", tabEditors: "Editors", navLabel: "Content administration",
    signInTitle: "Sign in", signInHelp: "Paste your personal API token. In Teams you are signed in automatically.",
    tokenLabel: "API token", signIn: "Sign in", signInFailed: "Sign-in failed: the token is not valid.", signedInAs: "Signed in: {user} ({scope})",
    allArea: "whole area", search: "Search", kind: "Kind", any: "Any", none: "–", kind_service: "Service", kind_training: "Training", kind_vacancy: "Vacancy",
    municipality: "Municipality", source: "Source", validity: "Validity", validity_open: "Open", validity_expired: "Expired", validity_upcoming: "Upcoming", flaggedCredentials: "Asks people to send credentials – held back from the chat, review it",
    searchButton: "Search", newItem: "New item", editItem: "Edit item", createItem: "New item",
    title: "Title", validUntil: "Valid until", updated: "Updated", actions: "Actions", edit: "Edit", expire: "Expire today", delete: "Delete",
    itemsCaption: "Items ({total})", noItems: "No items.", previous: "Previous", next: "Next", page: "Page {page}/{pages}",
    confirmDelete: "Delete the item \"{title}\"?", confirmExpire: "End the validity of \"{title}\" today?",
    saved: "Saved.", deleted: "Deleted.", expired: "Expired: the item no longer appears in search results.", save: "Save", cancel: "Cancel",
    fixErrors: "Please fix the following:", readOnly: "Read only (area-wide item)",
    uploadHelp: "Supported: CSV, JSON, JSONL, Markdown, text, HTML and PDF. Preview first: nothing is saved before you import.",
    file: "File", sourceOptional: "Source (optional; default the file's name)", kindForDocuments: "Kind for free documents",
    preview: "Preview", import: "Import", chooseFile: "Choose a file first.",
    previewTitle: "Preview: nothing has been saved yet", importTitle: "Import done",
    inserted: "New", updatedCount: "Updated", unchanged: "Unchanged", rejected: "Rejected",
    errorsCaption: "Errors by row", line: "Line", field: "Field", message: "Message", noErrors: "No errors.",
    expiringSoon: "Expiring within {days} days", stale: "Not updated in {days} days",
    items: "Items", lastRun: "Last import", status: "Status", by: "By", errors: "Errors", never: "never",
    when: "When", who: "Who", what: "Action", item: "Item", hashes: "Content hash before → after",
    weeks: "Weeks", show: "Show", downloadCsv: "Download CSV",
    week: "Week", turns: "Questions", unanswered: "Unanswered", thumbsDown: "Thumbs down", handoffRate: "Handoffs",
    unansweredGroups: "Unanswered questions (grouped)", example: "Example", count: "Count",
    handoffReasons: "Handoff reasons", reason: "Reason", topTopics: "Top topics", topic: "Topic", thumbsDownAnswers: "Thumbs-down answers",
    chartOutcomes: "Questions and outcomes per week", chartTopics: "Top topics",
    editors: "Editors", role: "Role", scope: "Scope", tokens: "Tokens", loading: "Loading…", failed: "Error: {message}",
    id: "Id", description: "Description", languageField: "Language", organization: "Organisation", address: "Address", url: "Web address",
    email: "E-mail", phone: "Phone", validFrom: "Valid from", startDate: "Start date", tags: "Tags (separated by ;)",
    occupation: "Occupation (ISCO)", employmentType: "Employment type", format: "Format", openingHours: "Opening hours",
    roleEditor: "Editor", roleAdmin: "Area admin", newToken: "New token", revokeTokens: "Revoke tokens", addEditor: "Add editor", municipalitiesField: "Municipalities", municipalitiesHelp: "Comma-separated, or all = the whole area", tokenShownOnce: "New token of {user}, shown only once – copy it now:", confirmRevoke: "Revoke every token of {user}?", confirmRemoveEditor: "Remove the editor {user}?", revoked: "Revoked: {count}",
    noData: "no data", unknownMunicipality: "municipality not known",
    municipalityHelp: "Empty = the whole employment area",
  },
};

const state = {
  language: localStorage.getItem("lahituki.admin.language") || (navigator.language || "fi").slice(0, 2),
  token: sessionStorage.getItem("lahituki.admin.token") || "",
  me: undefined,
  itemsOffset: 0,
  editing: undefined,
  uploadPreviewed: false,
};
if (!TEXTS[state.language]) state.language = "fi";

const PAGE_SIZE = 25;

function t(key, values = {}) {
  const text = TEXTS[state.language][key] ?? TEXTS.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
}

const $ = (selector) => document.querySelector(selector);

/** Builds an element; children are nodes or strings (strings become text nodes). */
function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "onclick") element.addEventListener("click", value);
    else if (name === "text") element.textContent = value;
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

function table(caption, headers, rows) {
  if (rows.length === 0) return el("p", { class: "empty", text: `${caption}: ${t("noData")}` });
  return el(
    "table",
    {},
    el("caption", { text: caption }),
    el("thead", {}, el("tr", {}, headers.map((header) => el("th", { scope: "col", text: header })))),
    el("tbody", {}, rows),
  );
}

function announce(message, isError = false) {
  const status = $("#status");
  status.textContent = message;
  status.className = isError ? "status error" : "status";
}

class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

async function api(method, path, options = {}) {
  const headers = { authorization: `Bearer ${state.token}`, "accept-language": state.language };
  let body = options.body;
  if (body !== undefined && !(body instanceof FormData)) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(body);
  }
  const response = await fetch(`/api/admin${path}`, { method, headers, body });
  if (options.raw) {
    if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => undefined));
    return response;
  }
  const text = await response.text();
  const parsed = text ? JSON.parse(text) : undefined;
  if (response.status === 401 && !options.signingIn) {
    signOut();
    throw new ApiError(401, parsed);
  }
  if (!response.ok) throw new ApiError(response.status, parsed);
  return parsed;
}

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

function signOut() {
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
  upload: () => {},
  freshness: loadFreshness,
  sources: loadSources,
  audit: loadAudit,
  insights: loadInsights,
  editors: loadEditors,
  shortage: () => loadShortage($("#shortage-result")),
};

function showView(name) {
  for (const section of document.querySelectorAll("main > section")) section.hidden = section.id !== `view-${name}`;
  for (const link of document.querySelectorAll("#tabs a")) {
    if (link.dataset.view === name) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  if (name !== "signin" && name !== "editor" && location.hash !== `#${name}`) history.replaceState(null, "", `#${name}`);
  const load = VIEWS[name];
  if (load) Promise.resolve(load()).catch((error) => announce(t("failed", { message: error.message }), true));
}

function kindLabel(kind) {
  return t(`kind_${kind}`);
}

function formatDate(iso) {
  if (!iso) return "";
  return new Date(iso).toLocaleString(state.language === "en" ? "en-GB" : `${state.language}-FI`, { dateStyle: "short", timeStyle: "short" });
}

async function loadItems() {
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

async function expireItem(item) {
  if (!confirm(t("confirmExpire", { title: item.title }))) return;
  try {
    await api("POST", `/items/${encodeURIComponent(item.source)}/${encodeURIComponent(item.id)}/expire`);
    announce(t("expired"));
    await loadItems();
  } catch (error) {
    announce(t("failed", { message: error.message }), true);
  }
}

async function deleteItem(item) {
  if (!confirm(t("confirmDelete", { title: item.title }))) return;
  try {
    await api("DELETE", `/items/${encodeURIComponent(item.source)}/${encodeURIComponent(item.id)}`);
    announce(t("deleted"));
    await loadItems();
  } catch (error) {
    announce(t("failed", { message: error.message }), true);
  }
}

const EDITOR_FIELDS = [
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
  { name: "openingHours", type: "text", wide: true },
];

function openEditor(item) {
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
          el("option", { value: option, selected: option === value }, option === "" ? t("none") : field.name === "kind" ? kindLabel(option) : option)));
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

function showFieldErrors(issues) {
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

async function saveItem(event) {
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

function uploadSummary(result) {
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

async function sendUpload(dryRun) {
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

async function loadFreshness() {
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

async function loadSources() {
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

async function loadAudit() {
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

function insightParams() {
  const params = new URLSearchParams();
  const municipality = $("#insights-municipality").value.trim();
  if (municipality) params.set("municipality", municipality);
  params.set("weeks", $("#insights-weeks").value || "8");
  params.set("lang", state.language);
  return params;
}

async function chartImage(chart, label) {
  const params = insightParams();
  params.set("chart", chart);
  const response = await api("GET", `/insights.svg?${params}`, { raw: true });
  const url = URL.createObjectURL(await response.blob());
  return el("img", { class: "chart", src: url, alt: label });
}

async function loadInsights() {
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
  );
}

async function downloadInsightsCsv() {
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

async function loadEditors() {
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

async function createToken(user, output) {
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

async function revokeTokens(user) {
  if (!confirm(t("confirmRevoke", { user }))) return;
  try {
    const result = await api("DELETE", `/editors/${encodeURIComponent(user)}/tokens`);
    announce(t("revoked", { count: result.revoked }));
    await loadEditors();
  } catch (error) {
    announce(t("failed", { message: error.message }), true);
  }
}

async function removeEditor(user) {
  if (!confirm(t("confirmRemoveEditor", { user }))) return;
  try {
    await api("DELETE", `/editors/${encodeURIComponent(user)}`);
    announce(t("deleted"));
    await loadEditors();
  } catch (error) {
    announce(t("failed", { message: error.message }), true);
  }
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
