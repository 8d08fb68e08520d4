// Advisor console: queue of handoffs, claim and close. In Teams it signs in with Teams SSO
// (authentication.getAuthToken); elsewhere with a bearer token the advisor pastes.
"use strict";

(function () {
  const TOKEN_KEY = "lahituki.advisor.token";
  const STATE_LABELS = { waiting: "Odottaa", claimed: "Hoidossa", closed: "Suljettu", cancelled: "Peruttu" };
  const LANGUAGE_LABELS = { fi: "suomi", sv: "ruotsi", en: "englanti" };
  const $ = (id) => document.getElementById(id);
  let token = null;
  let inTeams = false;
  let refreshTimer = null;

  function status(message, isError) {
    const element = $("status");
    element.textContent = message || "";
    element.classList.toggle("error", Boolean(isError));
  }

  function element(tag, attributes, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes || {})) {
      if (key === "text") node.textContent = value;
      else if (key === "onclick") node.addEventListener("click", value);
      else node.setAttribute(key, value);
    }
    for (const child of children || []) node.append(child);
    return node;
  }

  function duration(seconds) {
    if (seconds < 60) return "alle minuutin";
    const minutes = Math.round(seconds / 60);
    if (minutes < 60) return minutes + " min";
    const hours = Math.floor(minutes / 60);
    return hours + " h " + (minutes % 60) + " min";
  }

  async function api(path, options) {
    const response = await fetch("/advisor/api" + path, {
      method: (options && options.method) || "GET",
      headers: { authorization: "Bearer " + token, "content-type": "application/json" },
    });
    const body = await response.json().catch(() => ({}));
    if (response.status === 401) {
      signOut("Kirjautuminen vanhentui tai tunnus ei kelpaa. Kirjaudu uudelleen.");
      throw new Error("unauthorized");
    }
    if (!response.ok && response.status !== 409) {
      throw new Error((body.error && body.error.message) || "Virhe " + response.status);
    }
    return { status: response.status, body: body };
  }

  function show(section) {
    for (const id of ["sign-in", "queue", "detail"]) $(id).hidden = id !== section;
  }

  function signOut(message) {
    token = null;
    sessionStorage.removeItem(TOKEN_KEY);
    if (refreshTimer) clearInterval(refreshTimer);
    $("who").hidden = true;
    show("sign-in");
    status(message || "", Boolean(message));
  }

  async function claim(handoff) {
    status("Otetaan hoitoon…");
    const result = await api("/handoffs/" + encodeURIComponent(handoff.id) + "/claim", { method: "POST" });
    if (result.status === 409) status(result.body.error.message, true);
    else status("Otit pyynnön hoitoon. Keskustelu jatkuu Teamsin chatissa Lähituen kanssa.");
    await loadQueue();
  }

  async function close(handoff) {
    const result = await api("/handoffs/" + encodeURIComponent(handoff.id) + "/close", { method: "POST" });
    if (result.status === 409) status(result.body.error.message, true);
    else status("Pyyntö suljettu.");
    await loadQueue();
  }

  async function callbackDone(handoff) {
    const result = await api("/handoffs/" + encodeURIComponent(handoff.id) + "/callback-done", { method: "POST" });
    if (result.status === 409) status(result.body.error.message, true);
    else status("Yhteydenotto merkitty tehdyksi.");
    await loadQueue();
  }

  function actionButtons(handoff) {
    const place = handoff.municipalityName || "kunta ei tiedossa";
    const cell = element("td");
    const run = (fn) => () => fn(handoff).catch((error) => status(error.message, true));
    if (handoff.state === "waiting") {
      cell.append(element("button", { type: "button", text: "Ota hoitoon", "aria-label": "Ota hoitoon: " + place + ", " + handoff.topic, onclick: run(claim) }));
      if (handoff.mode === "callback") cell.append(" ", element("button", { type: "button", class: "secondary", text: "Yhteydenotto tehty", onclick: run(callbackDone) }));
    } else if (handoff.state === "claimed") {
      if (handoff.mode === "callback") cell.append(element("button", { type: "button", text: "Yhteydenotto tehty", onclick: run(callbackDone) }));
      else cell.append(element("button", { type: "button", class: "secondary", text: "Sulje", "aria-label": "Sulje: " + place + ", " + handoff.topic, onclick: run(close) }));
    }
    cell.append(" ", element("button", { type: "button", class: "secondary", text: "Tiedot", "aria-label": "Tiedot: " + place + ", " + handoff.topic, onclick: () => openDetail(handoff.id).catch((error) => status(error.message, true)) }));
    return cell;
  }

  function table(caption, handoffs) {
    const head = element("tr", {}, ["Kunta", "Aihe", "Kieli", "Odottanut", "Tila", "Toiminnot"].map((label) => element("th", { scope: "col", text: label })));
    const rows = handoffs.map((handoff) => {
      const state = STATE_LABELS[handoff.state] + (handoff.claimedBy ? ": " + handoff.claimedBy.name : "");
      const extra = [];
      if (handoff.mode === "callback") extra.push(element("span", { class: "badge", text: " Yhteydenottopyyntö" }));
      if (handoff.escalated) extra.push(element("span", { class: "badge", text: " Välitetty kumppanialueelle" }));
      return element("tr", { "data-handoff-id": handoff.id }, [
        element("td", { text: handoff.municipalityName || "ei tiedossa" }),
        element("td", {}, [handoff.topic, ...extra]),
        element("td", { text: LANGUAGE_LABELS[handoff.language] || handoff.language }),
        element("td", { text: duration(handoff.waitedSeconds) }),
        element("td", { text: state }),
        actionButtons(handoff),
      ]);
    });
    const body = rows.length > 0 ? rows : [element("tr", {}, [element("td", { colspan: "6", class: "muted", text: "Ei pyyntöjä." })])];
    return element("table", {}, [element("caption", { text: caption + " (" + handoffs.length + ")" }), element("thead", {}, [head]), element("tbody", {}, body)]);
  }

  async function loadQueue() {
    const { body } = await api("/handoffs");
    const groups = { waiting: [], claimed: [], ended: [] };
    for (const handoff of body.handoffs) {
      if (handoff.state === "waiting") groups.waiting.push(handoff);
      else if (handoff.state === "claimed") groups.claimed.push(handoff);
      else groups.ended.push(handoff);
    }
    $("tables").replaceChildren(
      table("Odottavat", groups.waiting),
      table("Hoidossa", groups.claimed),
      table("Suljetut", groups.ended.slice(0, 50)),
    );
  }

  async function openDetail(id) {
    const { body } = await api("/handoffs/" + encodeURIComponent(id));
    const handoff = body.handoff;
    const facts = element("dl", {}, [
      element("dt", { text: "Kunta" }), element("dd", { text: handoff.municipalityName || "ei tiedossa" }),
      element("dt", { text: "Aihe" }), element("dd", { text: handoff.topic }),
      element("dt", { text: "Yhteenveto" }), element("dd", { text: handoff.summary || "–" }),
      element("dt", { text: "Yhteystieto" }), element("dd", { text: handoff.contact ? [handoff.contact.phone, handoff.contact.email].filter(Boolean).join(", ") : "–" }),
    ]);
    const parts = [facts];
    if (body.transcript) {
      parts.push(element("h3", { text: "Jaettu keskustelu" }));
      parts.push(element("ul", { class: "transcript" }, body.transcript.map((line) =>
        element("li", {}, [element("strong", { text: (line.role === "bot" ? "Botti" : "Asiakas") + ": " }), line.text]))));
      if (body.messages && body.messages.length > 0) {
        parts.push(element("h3", { text: "Viestit neuvojan kanssa" }));
        parts.push(element("ul", { class: "transcript" }, body.messages.map((message) =>
          element("li", {}, [element("strong", { text: (message.direction === "to_person" ? (message.senderName || "Neuvoja") : "Asiakas") + ": " }), message.text]))));
      }
    } else {
      parts.push(element("p", { class: "muted", text: "Asiakas ei antanut lupaa jakaa keskustelua; näet vain yhteenvedon." }));
    }
    $("detail-body").replaceChildren(...parts);
    show("detail");
    $("detail-heading").focus();
  }

  async function start() {
    try {
      const { body } = await api("/me");
      $("who").textContent = body.name;
      $("who").hidden = false;
      show("queue");
      status("");
      await loadQueue();
      if (refreshTimer) clearInterval(refreshTimer);
      refreshTimer = setInterval(() => loadQueue().catch(() => undefined), 15000);
    } catch (error) {
      if (error.message !== "unauthorized") status(error.message, true);
    }
  }

  async function teamsSignIn() {
    const teams = window.microsoftTeams;
    if (!teams) return false;
    try {
      await teams.app.initialize();
      await teams.app.getContext();
      token = await teams.authentication.getAuthToken();
      inTeams = true;
      return true;
    } catch (error) {
      status("Teams-kirjautuminen epäonnistui. Kirjaudu tunnuksella.", true);
      return false;
    }
  }

  async function init() {
    $("sign-in-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const value = $("token-input").value.trim();
      if (!value) {
        status("Anna käyttöoikeustunnus.", true);
        $("token-input").focus();
        return;
      }
      token = value;
      sessionStorage.setItem(TOKEN_KEY, value);
      $("token-input").value = "";
      start();
    });
    $("refresh").addEventListener("click", () => loadQueue().then(() => status("Jono päivitetty.")).catch((error) => status(error.message, true)));
    $("sign-out").addEventListener("click", () => signOut("Kirjauduit ulos."));
    $("back").addEventListener("click", () => {
      show("queue");
      loadQueue().catch((error) => status(error.message, true));
    });
    const wantsTeams = new URLSearchParams(location.search).get("inTeams") === "1" || window.parent !== window;
    if (wantsTeams && (await teamsSignIn())) {
      $("sign-out").hidden = inTeams;
      return start();
    }
    token = sessionStorage.getItem(TOKEN_KEY);
    if (token) return start();
    show("sign-in");
  }

  document.addEventListener("DOMContentLoaded", () => {
    init().catch((error) => status(error.message, true));
  });
})();
