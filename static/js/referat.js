// The referat page: keep a copy of unsaved text in the browser (localStorage) so nothing typed
// is lost if the connection drops; the copy is removed once the server has saved the form.
(function () {
  "use strict";
  const skjemaer = () => document.querySelectorAll("form[data-autolagre]");
  const nøkkel = (skjema, felt) => skjema.dataset.autolagre + ":" + felt.name;

  function lagreLokalt(event) {
    const felt = event.target;
    const skjema = felt.form;
    if (!skjema || !skjema.dataset.autolagre || felt.tagName !== "TEXTAREA") return;
    try { localStorage.setItem(nøkkel(skjema, felt), felt.value); } catch (e) { /* full or blocked */ }
  }

  function glemLokalt(skjema) {
    skjema.querySelectorAll("textarea").forEach(function (felt) {
      try { localStorage.removeItem(nøkkel(skjema, felt)); } catch (e) { /* ignore */ }
    });
  }

  function visStatus(skjema, tekst) {
    const status = skjema.querySelector(".lagret-status");
    if (status) status.innerHTML = '<span class="lagret lagret--feil" role="alert"></span>';
    if (status) status.firstChild.textContent = tekst;
  }

  document.addEventListener("input", lagreLokalt);

  document.addEventListener("htmx:afterRequest", function (event) {
    const skjema = event.detail.elt;
    if (!skjema || !skjema.dataset || !skjema.dataset.autolagre) return;
    const ok = event.detail.successful && !(event.detail.xhr.responseText || "").includes("lagret--feil");
    if (ok) glemLokalt(skjema);
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
  // put back text that never reached the server, and save it.
  window.addEventListener("load", function () {
    let hentet = false;
    skjemaer().forEach(function (skjema) {
      let endret = false;
      skjema.querySelectorAll("textarea").forEach(function (felt) {
        let lagret = null;
        try { lagret = localStorage.getItem(nøkkel(skjema, felt)); } catch (e) { /* ignore */ }
        if (lagret !== null && lagret !== felt.value) {
          felt.value = lagret;
          endret = true;
        } else if (lagret !== null) {
          try { localStorage.removeItem(nøkkel(skjema, felt)); } catch (e) { /* ignore */ }
        }
      });
      if (endret) {
        hentet = true;
        if (window.htmx && skjema.hasAttribute("hx-post")) htmx.trigger(skjema, "submit");
      }
    });
    // Inside a role=status region, so screen readers announce it too.
    if (hentet) document.getElementById("gjenopprettet").hidden = false;
  });
})();
