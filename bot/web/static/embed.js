/*
 * Lähituki web chat embed. Include once and add an element:
 *   <script src="https://<lahituki-host>/embed.js" defer></script>
 *   <div data-lahituki data-municipality="Veteli" data-language="fi"></div>
 * It shows a privacy notice first, then the official Bot Framework Web Chat (served by the same
 * host, no CDN) over Lähituki's own Direct Line API. The conversation resumes after a reload.
 */
(function () {
  "use strict";
  if (window.Lahituki) return;
  var script = document.currentScript;
  var base = script && script.src ? new URL(script.src, location.href).origin : location.origin;
  var API = base + "/v3/directline";
  var SESSION_KEY = "lahituki:session:" + base;
  var ACCEPT_KEY = "lahituki:privacy-accepted:" + base;
  var LOCALES = { fi: "fi-FI", sv: "sv-SE", en: "en-US" };

  var TEXTS = {
    fi: {
      title: "Lähituki-chat",
      subtitle: "Työpaikat, koulutukset ja työllisyyspalvelut",
      privacyTitle: "Ennen kuin aloitat",
      privacy1: "Lähituki on tekoälyä hyödyntävä digitaalinen apuri. Sen vastaukset perustuvat työllisyysalueen tietopankkiin, ja se kertoo lähteensä. Tarkista tärkeät asiat lähteestä.",
      privacy2: "Keskustelusi tallennetaan, jotta voin vastata ja tarvittaessa välittää asiasi ihmiselle. Keskustelu poistetaan automaattisesti {days} päivän kuluttua. Tilastoihin tallennetaan kysymykset ilman henkilötietoja.",
      privacy3: "Älä kirjoita chattiin henkilötunnustasi, terveystietojasi tai muita arkaluonteisia tietoja. Puhelinnumeron tai sähköpostin voit antaa vain, kun pyydät yhteydenottoa ihmiseltä.",
      privacy4: "Hätätilanteessa soita 112.",
      accept: "Hyväksyn ja aloitan keskustelun",
      connecting: "Yhdistetään…",
      failed: "Yhteyttä chattiin ei saatu. Yritä hetken päästä uudelleen.",
      region: "Lähituki-chat"
    },
    sv: {
      title: "Lähituki-chatten",
      subtitle: "Jobb, utbildningar och sysselsättningstjänster",
      privacyTitle: "Innan du börjar",
      privacy1: "Lähituki är en digital hjälpreda som använder artificiell intelligens. Svaren bygger på sysselsättningsområdets kunskapsbank och anger sina källor. Kontrollera viktiga saker i källan.",
      privacy2: "Ditt samtal sparas så att jag kan svara och vid behov förmedla ditt ärende till en människa. Samtalet raderas automatiskt efter {days} dagar. För statistik sparas frågorna utan personuppgifter.",
      privacy3: "Skriv inte din personbeteckning, hälsouppgifter eller andra känsliga uppgifter i chatten. Telefonnummer eller e-post kan du ge bara när du ber en människa kontakta dig.",
      privacy4: "Ring 112 i nödsituationer.",
      accept: "Jag godkänner och börjar chatta",
      connecting: "Ansluter…",
      failed: "Det gick inte att ansluta till chatten. Försök igen om en stund.",
      region: "Lähituki-chatten"
    },
    en: {
      title: "Lähituki chat",
      subtitle: "Jobs, training and employment services",
      privacyTitle: "Before you start",
      privacy1: "Lähituki is a digital helper that uses artificial intelligence. Its answers come from the employment area's knowledge base and name their sources. Check important details in the source.",
      privacy2: "Your conversation is stored so that I can answer and, if needed, pass your question to a person. It is deleted automatically after {days} days. Questions are kept for statistics without personal data.",
      privacy3: "Don't type your personal identity code, health information or other sensitive data in the chat. Give a phone number or e-mail only when you ask a person to contact you.",
      privacy4: "In an emergency, call 112.",
      accept: "I agree, start the chat",
      connecting: "Connecting…",
      failed: "Could not connect to the chat. Please try again in a moment.",
      region: "Lähituki chat"
    }
  };

  var widgets = [];
  var webChatLoading;
  var retentionDays = 90;

  function normaliseLanguage(value) {
    var code = String(value || "").slice(0, 2).toLowerCase();
    return code === "sv" || code === "en" ? code : "fi";
  }

  function loadWebChat() {
    if (window.WebChat) return Promise.resolve(window.WebChat);
    if (!webChatLoading) {
      webChatLoading = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = base + "/webchat/webchat.js";
        tag.async = true;
        tag.onload = function () { resolve(window.WebChat); };
        tag.onerror = function () { reject(new Error("Web Chat could not be loaded")); };
        document.head.appendChild(tag);
      });
    }
    return webChatLoading;
  }

  function loadStyles() {
    if (document.querySelector("link[data-lahituki-css]")) return;
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = base + "/web/lahituki.css";
    link.setAttribute("data-lahituki-css", "");
    document.head.appendChild(link);
  }

  function readSession() {
    try { return JSON.parse(localStorage.getItem(SESSION_KEY) || "null") || {}; } catch (error) { return {}; }
  }
  function writeSession(session) {
    try { localStorage.setItem(SESSION_KEY, JSON.stringify(session)); } catch (error) { /* private mode: no resume */ }
  }

  function generateToken(body) {
    return fetch(API + "/tokens/generate", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body)
    }).then(function (response) {
      if (!response.ok) { var error = new Error("token " + response.status); error.status = response.status; throw error; }
      return response.json();
    });
  }

  /** A token for the stored conversation (resume), else for a new one with the same user id. */
  function obtainToken() {
    var session = readSession();
    var attempt = session.userId && session.conversationId
      ? generateToken({ user: { id: session.userId }, conversationId: session.conversationId, resumeSecret: session.resumeSecret })
      : Promise.reject(new Error("no session"));
    return attempt.catch(function (error) {
      if (error && error.status === 429) throw error;
      return generateToken(session.userId ? { user: { id: session.userId } } : {});
    }).then(function (result) {
      writeSession({ userId: result.userId, conversationId: result.conversationId, resumeSecret: result.resumeSecret });
      return result;
    });
  }

  function Widget(element) {
    this.element = element;
    this.municipality = element.getAttribute("data-municipality") || "";
    this.language = normaliseLanguage(element.getAttribute("data-language") || document.documentElement.lang);
    this.headingId = element.getAttribute("data-heading-id") || "lahituki-title-" + widgets.length;
    this.build();
  }

  Widget.prototype.texts = function () { return TEXTS[this.language]; };

  Widget.prototype.build = function () {
    var t = this.texts();
    var root = document.createElement("section");
    root.className = "lahituki";
    root.setAttribute("aria-labelledby", this.headingId);
    root.innerHTML =
      '<div class="lahituki__header"><h2 class="lahituki__title"></h2><p class="lahituki__subtitle"></p></div>' +
      '<div class="lahituki__privacy"><h3></h3><p data-p="1"></p><p data-p="2"></p><p data-p="3"></p><p data-p="4"></p>' +
      '<button type="button" class="lahituki__button"></button></div>' +
      '<p class="lahituki__status" role="status" aria-live="polite"></p>' +
      '<div class="lahituki__chat" hidden></div>';
    this.element.innerHTML = "";
    this.element.appendChild(root);
    this.root = root;
    root.querySelector(".lahituki__title").id = this.headingId;
    this.privacy = root.querySelector(".lahituki__privacy");
    this.chat = root.querySelector(".lahituki__chat");
    this.status = root.querySelector(".lahituki__status");
    var self = this;
    root.querySelector(".lahituki__button").addEventListener("click", function () {
      try { sessionStorage.setItem(ACCEPT_KEY, "1"); } catch (error) { /* ignore */ }
      self.start();
    });
    this.renderTexts();
    var accepted = false;
    try { accepted = sessionStorage.getItem(ACCEPT_KEY) === "1"; } catch (error) { accepted = false; }
    if (accepted) this.start();
    void t;
  };

  Widget.prototype.renderTexts = function () {
    var t = this.texts();
    var root = this.root;
    root.setAttribute("lang", this.language);
    root.querySelector(".lahituki__title").textContent = t.title;
    root.querySelector(".lahituki__subtitle").textContent = t.subtitle;
    root.querySelector(".lahituki__privacy h3").textContent = t.privacyTitle;
    root.querySelector('[data-p="1"]').textContent = t.privacy1;
    root.querySelector('[data-p="2"]').textContent = t.privacy2.replace("{days}", String(retentionDays));
    root.querySelector('[data-p="3"]').textContent = t.privacy3;
    root.querySelector('[data-p="4"]').textContent = t.privacy4;
    root.querySelector(".lahituki__button").textContent = t.accept;
  };

  Widget.prototype.start = function () {
    var self = this;
    if (this.started) return;
    this.started = true;
    this.privacy.hidden = true;
    this.chat.hidden = false;
    this.status.textContent = this.texts().connecting;
    Promise.all([loadWebChat(), obtainToken()]).then(function (results) {
      self.WebChat = results[0];
      self.connect(results[1]);
    }).catch(function () {
      self.started = false;
      self.status.textContent = self.texts().failed;
      self.privacy.hidden = false;
      self.chat.hidden = true;
    });
  };

  Widget.prototype.connect = function (tokenResult) {
    var self = this;
    var WebChat = this.WebChat;
    this.userId = tokenResult.userId;
    this.directLine = WebChat.createDirectLine({ token: tokenResult.token, domain: API, webSocket: true });
    this.store = WebChat.createStore({}, function (store) {
      return function (next) {
        return function (action) {
          if (action.type === "DIRECT_LINE/POST_ACTIVITY") {
            var activity = action.payload.activity;
            activity.channelData = Object.assign({}, activity.channelData, {
              lahituki: { municipality: self.municipality || undefined, language: self.language }
            });
          } else if (action.type === "DIRECT_LINE/CONNECT_FULFILLED") {
            self.status.textContent = "";
            store.dispatch({
              type: "WEB_CHAT/SEND_EVENT",
              payload: { name: "webchat/join", value: { municipality: self.municipality || undefined, language: self.language } }
            });
          } else if (action.type === "DIRECT_LINE/CONNECTION_STATUS_UPDATE" && action.payload && action.payload.connectionStatus === 3) {
            // ExpiredToken (after a long sleep): get a new token for the same conversation.
            self.reconnect();
          }
          return next(action);
        };
      };
    });
    this.render();
  };

  Widget.prototype.reconnect = function () {
    var self = this;
    if (this.reconnecting) return;
    this.reconnecting = true;
    obtainToken().then(function (result) {
      self.reconnecting = false;
      try { self.directLine.end(); } catch (error) { /* already closed */ }
      self.connect(result);
    }).catch(function () {
      self.reconnecting = false;
      self.status.textContent = self.texts().failed;
    });
  };

  Widget.prototype.render = function () {
    if (!this.directLine) return;
    this.WebChat.renderWebChat({
      directLine: this.directLine,
      store: this.store,
      userID: this.userId,
      locale: LOCALES[this.language],
      styleOptions: {
        hideUploadButton: true,
        accent: "#0b4f6c",
        subtle: "#595959",
        suggestedActionLayout: "flow",
        bubbleBackground: "#f1f3f5",
        bubbleFromUserBackground: "#dbeafe",
        primaryFont: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
        sendBoxBorderTop: "solid 1px #8a9199",
        transcriptOverlayButtonBackground: "#0b4f6c"
      }
    }, this.chat);
  };

  Widget.prototype.setLanguage = function (language) {
    language = normaliseLanguage(language);
    if (language === this.language) return;
    this.language = language;
    this.renderTexts();
    if (this.store) {
      this.render();
      this.store.dispatch({ type: "WEB_CHAT/SEND_POST_BACK", payload: { value: { action: "setLanguage", language: language } } });
    }
  };

  function mountAll() {
    loadStyles();
    document.querySelectorAll("[data-lahituki]").forEach(function (element) {
      if (element.getAttribute("data-lahituki-mounted")) return;
      element.setAttribute("data-lahituki-mounted", "1");
      widgets.push(new Widget(element));
    });
  }

  window.Lahituki = {
    setLanguage: function (language) { widgets.forEach(function (widget) { widget.setLanguage(language); }); },
    mount: mountAll
  };

  fetch(base + "/web/config.json").then(function (response) { return response.ok ? response.json() : {}; }).then(function (config) {
    if (config && typeof config.retentionDays === "number") retentionDays = config.retentionDays;
  }).catch(function () { /* keep the default */ }).then(function () {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll);
    else mountAll();
  });
})();
