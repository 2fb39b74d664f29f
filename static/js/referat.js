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

  document.addEventListener("input", lagreLokalt);

  document.addEventListener("htmx:afterRequest", function (event) {
    const skjema = event.detail.elt;
    if (!skjema || !skjema.dataset || !skjema.dataset.autolagre) return;
    const ok = event.detail.successful && !(event.detail.xhr.responseText || "").includes("lagret--feil");
    if (ok) glemLokalt(skjema);
  });

  document.addEventListener("DOMContentLoaded", function () {
    let hentet = false;
    skjemaer().forEach(function (skjema) {
      skjema.querySelectorAll("textarea").forEach(function (felt) {
        let lagret = null;
        try { lagret = localStorage.getItem(nøkkel(skjema, felt)); } catch (e) { /* ignore */ }
        if (lagret !== null && lagret !== felt.value) {
          felt.value = lagret;
          hentet = true;
          felt.dispatchEvent(new Event("input", { bubbles: true }));
        } else if (lagret !== null) {
          try { localStorage.removeItem(nøkkel(skjema, felt)); } catch (e) { /* ignore */ }
        }
      });
    });
    if (hentet) document.getElementById("gjenopprettet").hidden = false;
  });
})();
