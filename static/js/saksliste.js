// Agenda editor: drag and drop reordering where JS runs (the ↑/↓ buttons work without it),
// and focus kept on the button the user pressed when htmx swaps the list.
(function () {
  "use strict";
  let fokusId = null;

  document.addEventListener("htmx:beforeRequest", function () {
    const aktiv = document.activeElement;
    fokusId = aktiv && aktiv.id ? aktiv.id : null;
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target.id !== "saksliste" && event.detail.elt.id !== "saksliste") return;
    let mål = fokusId && document.getElementById(fokusId);
    if (mål && mål.disabled) {
      // The line reached the top or bottom: move focus to the other direction.
      const annen = fokusId.startsWith("opp-") ? fokusId.replace("opp-", "ned-") : fokusId.replace("ned-", "opp-");
      mål = document.getElementById(annen);
    }
    if (!mål) mål = document.getElementById("saksliste-status");
    if (mål) mål.focus();
    settOppDra();
  });

  function settOppDra() {
    const liste = document.querySelector("#saksliste .agenda");
    if (!liste || liste.dataset.dra === "1") return;
    liste.dataset.dra = "1";
    let dratt = null;
    liste.addEventListener("dragstart", function (e) {
      dratt = e.target.closest("li[draggable]");
      if (!dratt) return;
      dratt.classList.add("agenda__linje--dras");
      e.dataTransfer.effectAllowed = "move";
      e.dataTransfer.setData("text/plain", dratt.dataset.id);
    });
    liste.addEventListener("dragover", function (e) {
      if (!dratt) return;
      e.preventDefault();
      const over = e.target.closest("li[draggable]");
      if (!over || over === dratt) return;
      const boks = over.getBoundingClientRect();
      const etter = e.clientY > boks.top + boks.height / 2;
      liste.insertBefore(dratt, etter ? over.nextSibling : over);
    });
    liste.addEventListener("dragend", function () {
      if (!dratt) return;
      dratt.classList.remove("agenda__linje--dras");
      dratt = null;
      const ids = Array.from(liste.querySelectorAll("li[data-id]")).map((li) => li.dataset.id);
      const url = document.getElementById("saksliste").dataset.sorterUrl;
      htmx.ajax("POST", url, { target: "#saksliste", swap: "outerHTML", values: { ids: JSON.stringify(ids.map(Number)) } });
    });
  }

  document.addEventListener("DOMContentLoaded", settOppDra);
})();
