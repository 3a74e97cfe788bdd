// The header search box's suggestions (loaded by htmx): arrow keys move from the box into the list and
// back, Escape closes it. Without JavaScript the box is a plain form and Tab reaches every suggestion.
document.addEventListener("keydown", (event) => {
  const input = document.getElementById("site-search-input");
  const box = document.getElementById("site-search-suggestions");
  if (!input || !box) return;
  const links = Array.from(box.querySelectorAll("a"));
  const index = links.indexOf(document.activeElement);
  if (event.target !== input && index < 0) return;
  if (event.key === "ArrowDown" && links.length) {
    event.preventDefault();
    links[Math.min(index + 1, links.length - 1)].focus();
  } else if (event.key === "ArrowUp" && index >= 0) {
    event.preventDefault();
    (index === 0 ? input : links[index - 1]).focus();
  } else if (event.key === "Escape" && links.length) {
    box.replaceChildren();
    input.focus();
  }
});
