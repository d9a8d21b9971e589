// The search box: Pagefind's, over the index `kg site` builds of the parties' and the
// declarations' pages. Its results link from the site's root wherever the site is served
// (this script's folder), not from the server's root.
(function () {
  var root = new URL(".", document.currentScript.src).pathname;
  if (typeof PagefindUI === "undefined") return; // no index: the pages work without it
  new PagefindUI({ element: "#search", baseUrl: root, showImages: false, showSubResults: false });
})();
