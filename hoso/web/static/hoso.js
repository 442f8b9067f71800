// The only script; every page works without it. It adds: a changed sort or page size submits
// the search form at once; filters folded on a narrow screen; a search box in long facets;
// keys: "/" focuses the search box, "j"/"k" move between results, Enter opens one.
for (const select of document.querySelectorAll("select[data-autosubmit]")) {
  select.addEventListener("change", () => select.form.submit());
}

// On a phone the results must start on the first screen: the filters fold behind a button.
const narrow = window.matchMedia("(max-width: 820px)");
function foldFilters() {
  for (const box of document.querySelectorAll("details[data-fold-narrow]")) box.open = !narrow.matches;
}
foldFilters();
narrow.addEventListener("change", foldFilters);

// Long facets (the bodies facet has hundreds of values) get a box that filters their values.
for (const facet of document.querySelectorAll(".facet[data-long]")) {
  const box = document.createElement("input");
  box.type = "search";
  box.className = "facet-filter";
  box.placeholder = facet.dataset.filterLabel || "";
  box.setAttribute("aria-label", box.placeholder);
  facet.querySelector("h3").after(box);
  const details = facet.querySelector("details");
  box.addEventListener("input", () => {
    const wanted = fold(box.value.trim());
    if (details) details.open = wanted !== "" || details.open;
    for (const item of facet.querySelectorAll("li")) {
      item.hidden = wanted !== "" && !fold(item.dataset.value || item.textContent).includes(wanted);
    }
  });
}

function fold(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "d").toLowerCase();
}

// Keyboard: "/" to the search box; j/k through the results of a search page.
const hits = Array.from(document.querySelectorAll("[data-hit]"));
let current = -1;
function move(step) {
  if (!hits.length) return;
  if (current >= 0) hits[current].classList.remove("current");
  current = Math.max(0, Math.min(hits.length - 1, current + step));
  hits[current].classList.add("current");
  hits[current].scrollIntoView({ block: "nearest" });
  hits[current].querySelector("h2 a").focus();
}
document.addEventListener("keydown", (event) => {
  const target = event.target;
  const typing = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
  if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.key === "/") {
    const box = document.querySelector('form.search input[name="q"]');
    if (box) { event.preventDefault(); box.focus(); box.select(); }
  } else if (event.key === "j") {
    move(1);
  } else if (event.key === "k") {
    move(-1);
  }
});
