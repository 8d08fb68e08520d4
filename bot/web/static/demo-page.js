// Language switch of the demo page: page texts here, the chat through window.Lahituki.
(function () {
  "use strict";
  var TEXTS = {
    fi: {
      skip: "Siirry chattiin", title: "Työ ja koulutus",
      intro: "Etsitkö töitä, koulutusta tai apua työnhakuun? Lähituki-chat kertoo avoimista työpaikoista, koulutuksista ja työllisyyspalveluista Kaustisen seudulla ja lähialueilla – suomeksi, ruotsiksi ja englanniksi. Tarvittaessa se välittää asiasi ihmiselle.",
      demo: "Tämä on esittelysivu: sisältö ja chatin tietopankki ovat kuvitteellista esimerkkiaineistoa.",
      embedTitle: "Chatin lisääminen omalle sivulle",
      embedText: "Kunnan verkkosivulle chat lisätään kahdella rivillä. Kunta-attribuutti saa vastaukset suosimaan kyseistä kuntaa.",
      footer: "Lähituki – esittely. Hätätilanteessa soita 112."
    },
    sv: {
      skip: "Gå till chatten", title: "Arbete och utbildning",
      intro: "Söker du jobb, utbildning eller hjälp med jobbsökandet? Chatten Lähituki berättar om lediga jobb, utbildningar och sysselsättningstjänster i Kaustbynejden och närområdena – på finska, svenska och engelska. Vid behov förmedlar den ditt ärende till en människa.",
      demo: "Det här är en demosida: innehållet och chattens kunskapsbank är fiktivt exempelmaterial.",
      embedTitle: "Lägg till chatten på din egen webbplats",
      embedText: "Chatten läggs till på kommunens webbplats med två rader. Kommunattributet gör att svaren föredrar den kommunen.",
      footer: "Lähituki – demo. Ring 112 i nödsituationer."
    },
    en: {
      skip: "Skip to chat", title: "Work and training",
      intro: "Looking for work, training or help with your job search? The Lähituki chat tells you about open vacancies, training and employment services in the Kaustinen region and nearby – in Finnish, Swedish and English. When needed, it passes your question to a person.",
      demo: "This is a demo page: its content and the chat's knowledge base are fictional sample data.",
      embedTitle: "Adding the chat to your own website",
      embedText: "The chat is added to a municipality website with two lines. The municipality attribute makes answers prefer that municipality.",
      footer: "Lähituki – demo. In an emergency, call 112."
    }
  };
  function apply(language) {
    document.documentElement.lang = language;
    var texts = TEXTS[language];
    document.querySelectorAll("[data-i18n]").forEach(function (element) {
      var key = element.getAttribute("data-i18n");
      if (texts[key]) element.textContent = texts[key];
    });
    document.querySelectorAll("nav button[data-lang]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-lang") === language));
    });
    if (window.Lahituki) window.Lahituki.setLanguage(language);
  }
  document.querySelectorAll("nav button[data-lang]").forEach(function (button) {
    button.addEventListener("click", function () { apply(button.getAttribute("data-lang")); });
  });
  var snippet = document.getElementById("embed-snippet");
  if (snippet) snippet.textContent = snippet.textContent.replace('src="/embed.js"', 'src="' + location.origin + '/embed.js"');
})();
