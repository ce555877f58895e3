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
