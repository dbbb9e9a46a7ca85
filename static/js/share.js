/* The article page's "Copy link" button (templates/articles/article_detail.html): shown only
   when JavaScript runs and the clipboard is there; it copies the story's address and says so. */
(function () {
  "use strict";
  document.querySelectorAll(".share-copy").forEach(function (button) {
    if (!navigator.clipboard) {
      return;
    }
    var status = button.parentNode.querySelector(".share-status");
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.dataset.url).then(
        function () { if (status) { status.textContent = "Link copied"; } },
        function () { if (status) { status.textContent = "Could not copy the link"; } }
      );
    });
  });
})();
