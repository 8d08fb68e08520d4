// Shortage occupations: area admins keep, per employment area, the ISCO-08 occupations a
// public source (e.g. Ammattibarometri) lists as short of labour. Its own module: it reads
// the signed-in token and language the main UI stores, and renders with DOM nodes only.
import { el } from "./dom.js";

const TEXTS = {
  fi: {
    tab: "Pula-ammatit", heading: "Pula-ammatit työllisyysalueittain", area: "Työllisyysalue", asOf: "Lähteen päivämäärä",
    sourceName: "Lähde", sourceUrl: "Lähteen verkko-osoite", codes: "Ammatit (ISCO-08-koodi, yksi riviä kohden)",
    codesHelp: "Esimerkiksi 5321 (lähihoitaja). Lyhyempi koodi kattaa kaikki sen alaiset ammatit.",
    save: "Tallenna", saved: "Tallennettu. Botti käyttää listaa heti seuraavissa vastauksissa.", current: "Nykyinen lista",
    code: "Koodi", label: "Ammatti", updated: "Päivittänyt {user}, {at}", empty: "Listaa ei ole vielä annettu.",
    failed: "Virhe: {message}", loading: "Ladataan…",
  },
  sv: {
    tab: "Bristyrken", heading: "Bristyrken per sysselsättningsområde", area: "Sysselsättningsområde", asOf: "Källans datum",
    sourceName: "Källa", sourceUrl: "Källans webbadress", codes: "Yrken (ISCO-08-kod, en per rad)",
    codesHelp: "Till exempel 5321 (närvårdare). En kortare kod omfattar alla yrken under den.",
    save: "Spara", saved: "Sparat. Botten använder listan i nästa svar.", current: "Nuvarande lista",
    code: "Kod", label: "Yrke", updated: "Uppdaterad av {user}, {at}", empty: "Ingen lista har angetts ännu.",
    failed: "Fel: {message}", loading: "Laddar…",
  },
  en: {
    tab: "Shortage occupations", heading: "Shortage occupations by employment area", area: "Employment area", asOf: "Date of the source",
    sourceName: "Source", sourceUrl: "Source web address", codes: "Occupations (ISCO-08 code, one per line)",
    codesHelp: "For example 5321 (practical nurse). A shorter code covers every occupation under it.",
    save: "Save", saved: "Saved. The bot uses the list in its next answers.", current: "Current list",
    code: "Code", label: "Occupation", updated: "Updated by {user}, {at}", empty: "No list has been given yet.",
    failed: "Error: {message}", loading: "Loading…",
  },
};

function language() {
  const chosen = document.getElementById("language-select")?.value || localStorage.getItem("lahituki.admin.language") || "fi";
  return TEXTS[chosen] ? chosen : "fi";
}

function t(key, values = {}) {
  const text = TEXTS[language()][key] ?? TEXTS.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
}

async function call(method, body) {
  const response = await fetch("/api/admin/shortage-occupations", {
    method,
    headers: {
      authorization: `Bearer ${sessionStorage.getItem("lahituki.admin.token") || ""}`,
      "accept-language": language(),
      ...(body ? { "content-type": "application/json" } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const parsed = await response.json().catch(() => undefined);
  if (!response.ok) throw new Error(parsed?.error?.message || `HTTP ${response.status}`);
  return parsed;
}

function status(container, message, isError = false) {
  const node = container.querySelector(".shortage-status");
  if (node) {
    node.textContent = message;
    node.className = isError ? "shortage-status error" : "shortage-status";
  }
}

function renderArea(container, area) {
  const id = (name) => `shortage-${area.area}-${name}`;
  const list = area.occupations.length
    ? el(
        "table",
        {},
        el("caption", { text: `${t("current")}: ${area.name}` }),
        el("thead", {}, el("tr", {}, el("th", { scope: "col", text: t("code") }), el("th", { scope: "col", text: t("label") }))),
        el("tbody", {}, area.occupations.map((occupation) => el("tr", {}, el("td", { text: occupation.isco }), el("td", { text: occupation.label })))),
      )
    : el("p", { text: t("empty") });
  const form = el(
    "form",
    {
      novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        const data = new FormData(event.target);
        const codes = String(data.get("codes") || "")
          .split(/[\s,;]+/)
          .map((code) => code.trim())
          .filter(Boolean);
        try {
          await call("PUT", {
            area: area.area,
            asOf: String(data.get("asOf") || ""),
            source: { name: String(data.get("sourceName") || ""), ...(data.get("sourceUrl") ? { url: String(data.get("sourceUrl")) } : {}) },
            occupations: codes,
          });
          await loadShortage(container);
          status(container, t("saved"));
        } catch (error) {
          status(container, t("failed", { message: error.message }), true);
        }
      },
    },
    el("div", {}, el("label", { for: id("asOf"), text: t("asOf") }), el("input", { id: id("asOf"), name: "asOf", type: "date", required: true, value: area.asOf || "" })),
    el("div", {}, el("label", { for: id("source"), text: t("sourceName") }), el("input", { id: id("source"), name: "sourceName", type: "text", required: true, value: area.source?.name || "Ammattibarometri" })),
    el("div", {}, el("label", { for: id("url"), text: t("sourceUrl") }), el("input", { id: id("url"), name: "sourceUrl", type: "url", value: area.source?.url || "" })),
    el(
      "div",
      {},
      el("label", { for: id("codes"), text: t("codes") }),
      el("textarea", { id: id("codes"), name: "codes", rows: 6, "aria-describedby": id("help"), text: area.occupations.map((occupation) => occupation.isco).join("\n") }),
      el("p", { id: id("help"), class: "help", text: t("codesHelp") }),
    ),
    el("button", { type: "submit", text: t("save") }),
  );
  const updated = area.updatedBy ? el("p", { text: t("updated", { user: area.updatedBy, at: new Date(area.updatedAt).toLocaleString(language()) }) }) : undefined;
  return el("section", { "aria-labelledby": id("heading") }, el("h3", { id: id("heading"), text: area.name }), list, updated, form);
}

/** Renders every area's list with its edit form into `container` (area admins only; others get 403). */
export async function loadShortage(container) {
  const heading = document.getElementById("shortage-heading");
  if (heading) heading.textContent = t("heading");
  container.replaceChildren(el("p", { class: "shortage-status", role: "status", "aria-live": "polite", text: t("loading") }));
  try {
    const result = await call("GET");
    container.replaceChildren(el("p", { class: "shortage-status", role: "status", "aria-live": "polite" }), ...result.areas.map((area) => renderArea(container, area)));
  } catch (error) {
    status(container, t("failed", { message: error.message }), true);
  }
}

/** The tab's label in the chosen language (the main UI's texts do not know this tab). */
export function labelShortageTab() {
  const link = document.querySelector('#tab-shortage a');
  if (link) link.textContent = t("tab");
}
