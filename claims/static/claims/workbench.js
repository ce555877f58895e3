// The page's own behaviour, kept out of the templates: the
// Content-Security-Policy allows no inline script and no eval (so no hx-on).
document.addEventListener("click", (event) => {
  const pick = event.target.closest(".pick-source");
  if (pick) {
    // A library source picked in the evidence form's search results.
    const form = pick.closest("form");
    form.querySelector("[name=source]").value = pick.dataset.sourceId;
    form.querySelector("#picked-source").textContent = "Picked: " + pick.textContent.trim();
  }
  if (event.target.closest(".print-page")) {
    window.print();
  }
});

// The review queue's "tick every claim on this page" box.
document.addEventListener("change", (event) => {
  const all = event.target.closest(".select-all");
  if (all) {
    for (const box of document.querySelectorAll(`input[name=claims][form="${all.dataset.form}"]`)) {
      box.checked = all.checked;
    }
  }
});
// Screen readers hear what a save did through the page's polite live
// region; emptied first so that the same words twice are read twice.
function announce(text) {
  const region = document.getElementById("announcer");
  if (!region || !text) return;
  region.textContent = "";
  window.setTimeout(() => { region.textContent = text; }, 50);
}

// The claim panel: whenever a new one is in the page (loaded with it or
// swapped in by htmx), mark its claim in the article and scroll the article
// to it, then put the keyboard focus where the reviewer goes next.
function markInArticle(panel) {
  const id = panel.dataset.claim;
  document.querySelectorAll("mark.claim.selected, .claim-row.selected").forEach((el) => el.classList.remove("selected"));
  document.querySelectorAll(".claim-row [aria-current]").forEach((el) => el.removeAttribute("aria-current"));
  const row = document.getElementById("claim-row-" + id);
  if (row) {
    row.classList.add("selected");
    row.querySelector("a")?.setAttribute("aria-current", "true");
  }
  const mark = markFor(id, Number(panel.dataset.start), Number(panel.dataset.end));
  if (!mark) return;
  mark.classList.add("selected");
  scrollArticleTo(mark);
}

// A claim's own highlight, or the one that holds it (a quote inside a
// reported statement is not highlighted apart from it).
function markFor(id, start, end) {
  const own = document.getElementById("mark-" + id);
  if (own) return own;
  return [...document.querySelectorAll("mark.claim[data-claim]")].find(
    (m) => Number(m.dataset.start) <= start && end <= Number(m.dataset.end)
  );
}

function scrollArticleTo(mark) {
  const sidebar = document.querySelector(".sidebar");
  // Only beside the panel: on a narrow screen the panel is below the article.
  if (!sidebar || getComputedStyle(sidebar).position !== "sticky") return;
  const box = mark.getBoundingClientRect();
  if (box.top < 0 || box.bottom > window.innerHeight) {
    mark.scrollIntoView({ block: "center" });
  }
}

// The claim j and k step from: the one last opened or stepped to.
let current = null;

function panelArrived(panel, { loaded }) {
  if (!panel.dataset.claim) return;
  current = panel.dataset.claim;
  markInArticle(panel);
  const status = panel.querySelector("[data-focus-after-swap]");
  if (status) {
    status.focus({ preventScroll: true });
    status.scrollIntoView({ block: "nearest" });
  } else {
    panel.closest(".sidebar")?.scrollTo({ top: 0 });
    if (!loaded || !document.activeElement || document.activeElement === document.body) {
      panel.querySelector(".panel-title")?.focus({ preventScroll: true });
    }
  }
  announce(panel.querySelector("[data-announce]")?.textContent.trim());
}

function checkPanel({ loaded = false } = {}) {
  const panel = document.getElementById("claim-panel");
  if (!panel || panel.dataset.seen) return;
  panel.dataset.seen = "1";
  panelArrived(panel, { loaded });
}

document.addEventListener("DOMContentLoaded", () => checkPanel({ loaded: true }));
document.addEventListener("htmx:afterSettle", () => checkPanel());

// Keyboard shortcuts; "?" lists them (templates/claims/includes/shortcuts.html).

function isTyping(target) {
  return Boolean(target.closest && target.closest("input, textarea, select, [contenteditable]:not([contenteditable=false])"));
}

// The claims j and k step through: the article's checklist (every claim,
// in the order of the text) or the queue's rows.
function claimList() {
  const rows = [...document.querySelectorAll(".checklist > ol.claims > li[data-claim]")];
  if (rows.length) {
    return rows.map((row) => ({
      id: row.dataset.claim,
      row,
      link: document.querySelector(`#mark-${row.dataset.claim} > a`) || row.querySelector("a"),
    }));
  }
  return [...document.querySelectorAll("#queue-table tbody tr")]
    .filter((row) => row.querySelector("a"))
    .map((row) => ({ id: row.querySelector("a").href, row, link: row.querySelector("a") }));
}

function step(delta) {
  const claims = claimList();
  if (!claims.length) return;
  const focused = document.activeElement;
  let index = claims.findIndex((c) => c.link === focused || c.row.contains(focused));
  if (index < 0 && current) index = claims.findIndex((c) => c.id === current);
  if (index < 0) {
    const open = document.getElementById("claim-panel")?.dataset.claim;
    index = claims.findIndex((c) => c.id === open);
  }
  const next = index < 0 ? (delta > 0 ? 0 : claims.length - 1) : Math.min(Math.max(index + delta, 0), claims.length - 1);
  const claim = claims[next];
  current = claim.id;
  document.querySelectorAll(".claim-row.current, tr.current").forEach((el) => el.classList.remove("current"));
  claim.row.classList.add("current");
  claim.link.focus({ preventScroll: true });
  if (!claim.link.closest("mark")) claim.row.scrollIntoView({ block: "nearest" });
  const mark = markFor(claim.id, Number(claim.row.dataset.start), Number(claim.row.dataset.end));
  if (mark) scrollArticleTo(mark);
}

function panelControl(selector) {
  return document.querySelector("#claim-panel " + selector);
}

function focusControl(selector, missing) {
  const control = panelControl(selector);
  if (control) {
    control.focus();
  } else {
    announce(document.querySelector("#claim-panel[data-claim]") ? missing : "Open a claim first.");
  }
}

// The page's own search (the queue's, a list's) before the navigation's:
// it narrows what is on the screen. The claim panel's source search is
// not the page's.
function focusSearch() {
  const field =
    document.querySelector("main input[type=search]:not(#claim-panel input)") ||
    document.querySelector("header input[type=search], header [role=search] input") ||
    document.querySelector("main form.filters select, main form.filters input");
  field?.focus();
  field?.select?.();
}

const SHORTCUTS = {
  j: () => step(1),
  k: () => step(-1),
  s: () => focusControl(".review-form select[name=state]", "This claim's state cannot be changed here."),
  v: () => focusControl(".review-form select[name=verdict]", "This claim's verdict cannot be changed here."),
  a: () => {
    const form = panelControl("form.accept-suggestion");
    if (form) form.requestSubmit();
    else announce(document.querySelector("#claim-panel[data-claim]") ? "No suggested verdict to accept." : "Open a claim first.");
  },
  n: () => focusControl(".note-form textarea", "No note can be added here."),
  "/": focusSearch,
  "?": () => document.getElementById("shortcuts")?.showModal(),
};

document.addEventListener("keydown", (event) => {
  if (event.defaultPrevented || event.isComposing || event.ctrlKey || event.metaKey || event.altKey) {
    fieldKeys(event);
    return;
  }
  if (isTyping(event.target)) {
    fieldKeys(event);
    return;
  }
  if (document.querySelector("dialog[open]")) return;
  const action = SHORTCUTS[event.key];
  if (!action) return;
  event.preventDefault();
  action();
});

// Inside the panel's forms: Enter on the state or verdict saves the review,
// Ctrl+Enter in the note adds it, Escape leaves the field for the claim.
function fieldKeys(event) {
  const field = event.target;
  if (!field.closest || !field.closest("#claim-panel")) return;
  const form = field.closest("form");
  if (event.key === "Enter" && field.tagName === "SELECT" && form?.classList.contains("review-form")) {
    event.preventDefault();
    form.requestSubmit();
  } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && field.tagName === "TEXTAREA" && form) {
    event.preventDefault();
    form.requestSubmit();
  } else if (event.key === "Escape" && !event.ctrlKey && !event.metaKey && !event.altKey) {
    event.preventDefault();
    document.querySelector("#claim-panel .panel-title")?.focus();
  }
}
