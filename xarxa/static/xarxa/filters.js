// The list pages' filter forms (<details class="filters-fold" open>) fold away on a narrow screen, so the
// results come first, and open again when the screen becomes wide, where the form has its side column and
// the summary is hidden. The server renders them open: without JavaScript nothing is hidden. Forms that
// htmx swaps in later are left as the server rendered them (open), as the reader is working in them.
// The breakpoint is the one in xarxa.css.
(() => {
  const narrow = window.matchMedia("(max-width: 48rem)");
  const fit = () => {
    for (const fold of document.querySelectorAll("details.filters-fold")) fold.open = !narrow.matches;
  };
  if (narrow.matches) fit();
  narrow.addEventListener("change", fit);
})();
