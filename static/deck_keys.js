// Presenter mode's keyboard: left/right arrows and Page Up/Page Down (what a presentation clicker sends) follow the
// deck's Previous / Next links. Loaded from /app/static/ (no inline script, so a Content-Security-Policy of 'self'
// allows it); the deck draws its links in containers keyed deck_prev and deck_next.
(() => {
  if (window.__deckKeys) return;  // Streamlit re-inserts the tag on reruns: listen once
  window.__deckKeys = true;
  const moves = {ArrowRight: "next", PageDown: "next", ArrowLeft: "prev", PageUp: "prev"};
  document.addEventListener("keydown", (event) => {
    const move = moves[event.key];
    if (!move || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    const link = document.querySelector(".st-key-deck_" + move + " a");
    if (!link) return;  // not in presenter mode any more, or the first or last step
    event.preventDefault();
    link.click();
  });
})();
