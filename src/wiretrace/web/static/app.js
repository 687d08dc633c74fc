// Story page: picking an article in the timeline lights its node in the graph, and
// "Compare the two picked" waits for two different articles. While the links are being
// checked with compare (#explaining), the story is shown as it stands, with the time
// taken so far, and the checked story takes its place when the server has it.
function bindPicking() {
  const form = document.querySelector("form.pick");
  if (!form) return;
  const button = form.querySelector("#compare-picked");
  const picked = (side) => (form.querySelector(`input[name=${side}]:checked`) || {}).value;
  const update = () => {
    const a = picked("a"), b = picked("b");
    button.disabled = !(a && b && a !== b);
    document.querySelectorAll("svg.provenance .node").forEach((node) => {
      const members = [node.dataset.article];
      node.classList.toggle("picked", [a, b].some((id) => id && members.includes(id)));
    });
  };
  form.addEventListener("change", update);
  document.querySelectorAll("table.timeline tr[data-article]").forEach((row) => {
    const node = document.querySelector(`svg.provenance .node[data-article="${row.dataset.article}"]`);
    if (!node) return;
    row.addEventListener("mouseenter", () => node.classList.add("hover"));
    row.addEventListener("mouseleave", () => node.classList.remove("hover"));
  });
  update();
}

function awaitExplained() {
  const note = document.getElementById("explaining");
  if (!note) return;
  const started = Date.now();
  const elapsed = note.querySelector(".elapsed");
  const tick = setInterval(() => {
    elapsed.textContent = `${Math.round((Date.now() - started) / 1000)} s so far`;
  }, 1000);
  const fail = (message) => {
    note.textContent = message;
    note.classList.add("error-message");
  };
  fetch(note.dataset.page)
    .then((response) => response.text().then((html) => {
      const page = new DOMParser().parseFromString(html, "text/html");
      if (!response.ok) {
        const why = page.querySelector(".error-message");
        return fail(`The links could not be checked: ${why ? why.textContent : response.status}`);
      }
      document.querySelector("main").replaceWith(document.adoptNode(page.querySelector("main")));
      bindPicking();
    }))
    .catch(() => fail("The links could not be checked: the server did not answer. Reload the page to try again."))
    .finally(() => clearInterval(tick));
}

document.addEventListener("DOMContentLoaded", () => {
  bindPicking();
  awaitExplained();
});
