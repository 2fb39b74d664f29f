// Agenda editor: drag and drop reordering where JS runs (the ↑/↓ buttons work without it),
// focus kept where the user was when htmx swaps the list, and the result announced in a
// live region that lives outside the swapped list (so screen readers hear it).
(function () {
  "use strict";
  let fokusId = null;

  document.addEventListener("htmx:beforeRequest", function () {
    const aktiv = document.activeElement;
    fokusId = aktiv && aktiv.id ? aktiv.id : null;
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    const liste = document.getElementById("saksliste");
    if (!liste || !liste.contains(event.detail.elt) && event.detail.elt !== liste && event.detail.target.id !== "saksliste") return;
    const status = document.getElementById("saksliste-melding");
    if (status) status.textContent = liste.dataset.melding || "";
    // An invalid field first: the user must fix it.
    let mål = liste.querySelector("[aria-invalid='true']");
    if (!mål && fokusId) {
      mål = document.getElementById(fokusId);
      if (mål && mål.disabled) {
        // The line reached the top or bottom: the other direction is the natural next key.
        const annen = fokusId.startsWith("opp-") ? fokusId.replace("opp-", "ned-") : fokusId.replace("ned-", "opp-");
        mål = document.getElementById(annen);
      }
    }
    // The pressed button went away with its line: stay in the agenda.
    if (!mål) mål = liste.querySelector(".agenda");
    if (mål) mål.focus();
    settOppDra();
  });

  function settOppDra() {
    const liste = document.querySelector("#saksliste .agenda");
    if (!liste || liste.dataset.dra === "1") return;
    liste.dataset.dra = "1";
    let dratt = null;
    let opprinneligNeste = null;
    liste.addEventListener("dragstart", function (e) {
      dratt = e.target.closest("li[draggable]");
      if (!dratt) return;
      opprinneligNeste = dratt.nextSibling;
      dratt.classList.add("agenda__linje--dras");
      e.dataTransfer.effectAllowed = "move";
      e.dataTransfer.setData("text/plain", dratt.dataset.id);
    });
    liste.addEventListener("dragover", function (e) {
      if (!dratt) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = "move";
      const over = e.target.closest("li[draggable]");
      if (!over || over === dratt) return;
      const boks = over.getBoundingClientRect();
      const etter = e.clientY > boks.top + boks.height / 2;
      liste.insertBefore(dratt, etter ? over.nextSibling : over);
    });
    liste.addEventListener("drop", function (e) {
      if (dratt) e.preventDefault();
    });
    liste.addEventListener("dragend", function (e) {
      if (!dratt) return;
      dratt.classList.remove("agenda__linje--dras");
      const linje = dratt;
      dratt = null;
      if (e.dataTransfer.dropEffect === "none") {
        // Cancelled (Escape, or dropped outside the list): put the line back, save nothing.
        liste.insertBefore(linje, opprinneligNeste);
        return;
      }
      const ids = Array.from(liste.querySelectorAll("li[data-id]")).map((li) => Number(li.dataset.id));
      const url = document.getElementById("saksliste").dataset.sorterUrl;
      htmx.ajax("POST", url, { target: "#saksliste", swap: "outerHTML", values: { ids: JSON.stringify(ids) } });
    });
  }

  document.addEventListener("DOMContentLoaded", settOppDra);
})();
