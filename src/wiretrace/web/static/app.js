// Story page: picking an article in the timeline lights its node in the graph, and
// "Compare the two picked" waits for two different articles.
document.addEventListener("DOMContentLoaded", () => {
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
});
