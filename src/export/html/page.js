// Clicking (or pressing Enter on) a speaker keeps only that speaker's quotations
// highlighted; clicking it again shows all. The page works without this script.
(function () {
  "use strict";
  document.querySelectorAll(".qc-article").forEach(function (article) {
    var items = article.querySelectorAll(".qc-speakers li");
    function toggle(li) {
      var id = li.getAttribute("data-speaker");
      var on = !li.classList.contains("qc-only");
      items.forEach(function (x) {
        x.classList.remove("qc-only");
        x.classList.toggle("qc-off", on && x !== li);
      });
      article.classList.toggle("qc-dim", on);
      article.querySelectorAll(".qc-q").forEach(function (q) {
        q.classList.toggle("qc-on", on && q.getAttribute("data-speaker") === id);
      });
      if (on) {
        li.classList.add("qc-only");
      }
    }
    items.forEach(function (li) {
      li.addEventListener("click", function () { toggle(li); });
      li.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") {
          e.preventDefault();
          toggle(li);
        }
      });
    });
  });
  document.documentElement.setAttribute("data-qc-ready", "1");
}());
