// Tells the desk every minute that this article is still open, and shows who else has it open.
(function () {
  "use strict";
  var notice = document.getElementById("presence-notice");
  if (!notice || !notice.dataset.presenceUrl) { return; }
  var csrf = document.querySelector("input[name=csrfmiddlewaretoken]");
  function report() {
    fetch(notice.dataset.presenceUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: {"X-CSRFToken": csrf ? csrf.value : ""}
    }).then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        notice.textContent = "";
        if (data.others.length) {
          var p = document.createElement("p");
          p.className = "warning";
          p.textContent = "Also open now by " + data.others.join(", ") +
            ". Save often; if they save first you will be shown their changes.";
          notice.appendChild(p);
        }
      }).catch(function () {});
  }
  setInterval(report, 60000);
})();
