// The referat page: keep a copy of unsaved text in the browser (localStorage) so nothing typed
// is lost if the connection drops; the copy is removed once the server has saved the form.
// The copy carries the server version it was based on (the form's «sist_sett»): when the server
// has moved on since, the page shows both texts and lets the user choose instead of saving.
(function () {
  "use strict";
  const skjemaer = () => document.querySelectorAll("form[data-autolagre]");
  const nøkkel = (skjema, felt) => skjema.dataset.autolagre + ":" + felt.name;

  function serverversjon(skjema) {
    const felt = skjema.querySelector('input[name$="-sist_sett"]');
    return felt ? felt.value : "";
  }

  function lesLokalt(skjema, felt) {
    let verdi = null;
    try { verdi = localStorage.getItem(nøkkel(skjema, felt)); } catch (e) { return null; }
    if (verdi === null) return null;
    try {
      const kopi = JSON.parse(verdi);
      if (kopi && typeof kopi.tekst === "string") return kopi;
    } catch (e) { /* an older plain copy */ }
    // A copy without a version: never saved over the server's text without asking.
    return { tekst: verdi, versjon: null };
  }

  function glemFelt(skjema, felt) {
    try { localStorage.removeItem(nøkkel(skjema, felt)); } catch (e) { /* ignore */ }
  }

  function lagreLokalt(event) {
    const felt = event.target;
    const skjema = felt.form;
    if (!skjema || !skjema.dataset.autolagre || felt.tagName !== "TEXTAREA") return;
    // While the user chooses between two texts, the stored one is not replaced.
    if (skjema.dataset.velger) return;
    const kopi = { tekst: felt.value, versjon: serverversjon(skjema) };
    try { localStorage.setItem(nøkkel(skjema, felt), JSON.stringify(kopi)); } catch (e) { /* full or blocked */ }
  }

  function glemLokalt(skjema) {
    skjema.querySelectorAll("textarea").forEach(function (felt) { glemFelt(skjema, felt); });
  }

  function visStatus(skjema, tekst) {
    const status = skjema.querySelector(".lagret-status");
    if (status) status.innerHTML = '<span class="lagret lagret--feil" role="alert"></span>';
    if (status) status.firstChild.textContent = tekst;
  }

  function lagre(skjema) {
    if (window.htmx && skjema.hasAttribute("hx-post")) htmx.trigger(skjema, "submit");
  }

  // The server's text changed after the copy was made: show the copy next to the field and let
  // the user keep either.
  function velg(skjema, felt, kopi) {
    skjema.dataset.velger = "1";
    const boks = document.createElement("div");
    boks.className = "ds-alert referat-valg";
    boks.dataset.color = "warning";
    const etikett = document.createElement("label");
    etikett.className = "ds-label";
    etikett.htmlFor = felt.id + "-lokal";
    etikett.textContent = "Ulagret tekst fra denne nettleseren (teksten på serveren er endret siden)";
    const tekst = document.createElement("textarea");
    tekst.className = "ds-input";
    tekst.id = felt.id + "-lokal";
    tekst.readOnly = true;
    tekst.rows = 4;
    tekst.value = kopi.tekst;
    const forklaring = document.createElement("p");
    forklaring.className = "ds-paragraph";
    forklaring.textContent = "Feltet over viser teksten som er lagret på serveren. Velg hvilken tekst du vil beholde.";
    const bruk = document.createElement("button");
    bruk.type = "button";
    bruk.className = "ds-button";
    bruk.dataset.variant = "secondary";
    bruk.textContent = "Bruk teksten fra nettleseren";
    const behold = document.createElement("button");
    behold.type = "button";
    behold.className = "ds-button";
    behold.dataset.variant = "tertiary";
    behold.textContent = "Behold teksten på serveren";
    const knapper = document.createElement("div");
    knapper.className = "handlinger";
    knapper.append(bruk, behold);
    boks.append(etikett, tekst, forklaring, knapper);
    felt.closest(".ds-field").after(boks);

    function ferdig() {
      boks.remove();
      if (!skjema.querySelector(".referat-valg")) delete skjema.dataset.velger;
    }
    bruk.addEventListener("click", function () {
      felt.value = kopi.tekst;
      ferdig();
      // Saved against the version the page shows now: the user has seen it and chosen.
      lagreLokalt({ target: felt });
      lagre(skjema);
      felt.focus();
    });
    behold.addEventListener("click", function () {
      glemFelt(skjema, felt);
      ferdig();
      felt.focus();
    });
  }

  document.addEventListener("input", lagreLokalt);

  document.addEventListener("htmx:afterRequest", function (event) {
    const skjema = event.detail.elt;
    if (!skjema || !skjema.dataset || !skjema.dataset.autolagre) return;
    const ok = event.detail.successful && !(event.detail.xhr.responseText || "").includes("lagret--feil");
    if (ok && !skjema.dataset.velger) glemLokalt(skjema);
  });

  // No connection, or the server failed: say so where it said «Lagret» before.
  ["htmx:sendError", "htmx:responseError"].forEach(function (navn) {
    document.addEventListener(navn, function (event) {
      const skjema = event.detail.elt;
      if (!skjema || !skjema.dataset || !skjema.dataset.autolagre) return;
      visStatus(skjema, navn === "htmx:sendError"
        ? "Ikke lagret – ingen forbindelse. Teksten er tatt vare på i nettleseren og lagres når du skriver videre eller trykker «Lagre»."
        : "Ikke lagret – serveren svarte med en feil. Teksten er tatt vare på i nettleseren.");
    });
  });

  // After htmx has set up the forms (it does so on DOMContentLoaded; this runs on load):
  // put back text that never reached the server, and save it — unless the server's text has
  // changed since the copy was made; then ask.
  window.addEventListener("load", function () {
    let hentet = false;
    let konflikt = false;
    skjemaer().forEach(function (skjema) {
      let endret = false;
      const versjon = serverversjon(skjema);
      skjema.querySelectorAll("textarea").forEach(function (felt) {
        const kopi = lesLokalt(skjema, felt);
        if (kopi === null) return;
        if (kopi.tekst === felt.value) {
          glemFelt(skjema, felt);
        } else if (kopi.versjon !== null && kopi.versjon === versjon) {
          felt.value = kopi.tekst;
          endret = true;
        } else {
          velg(skjema, felt, kopi);
          konflikt = true;
        }
      });
      if (endret) {
        hentet = true;
        if (!skjema.dataset.velger) lagre(skjema);
      }
    });
    // Inside a role=status region, so screen readers announce it too.
    if (hentet) document.getElementById("gjenopprettet").hidden = false;
    if (konflikt) document.getElementById("konflikt").hidden = false;
  });
})();
