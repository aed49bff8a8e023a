// Clicking a highlighted word shows the details of every mark under it (innermost first):
// the details are rendered by the server into hidden elements and copied into the panel.
"use strict";

const KINDS = ["quote", "event", "entity", "place", "count"];

function refOf(mark) {
  for (const kind of KINDS) {
    const ref = mark.dataset[kind];
    if (ref) return ref;
  }
  return null;
}

function show(marks) {
  const panel = document.getElementById("details");
  if (!panel) return;
  panel.replaceChildren();
  for (const mark of marks) {
    const ref = refOf(mark);
    const detail = ref && document.getElementById("detail-" + ref);
    if (detail) panel.appendChild(detail.cloneNode(true));
  }
  document.querySelectorAll("mark.chosen").forEach((m) => m.classList.remove("chosen"));
  marks.forEach((m) => m.classList.add("chosen"));
}

function marksAt(target) {
  const marks = [];
  for (let node = target; node && node.id !== "text"; node = node.parentElement) {
    if (node.tagName === "MARK") marks.push(node);
  }
  return marks;
}

document.addEventListener("DOMContentLoaded", () => {
  const text = document.getElementById("text");
  if (!text) return;
  text.addEventListener("click", (event) => {
    const marks = marksAt(event.target);
    if (marks.length) show(marks);
  });
  text.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === " ") {
      const marks = marksAt(event.target);
      if (marks.length) {
        event.preventDefault();
        show(marks);
      }
    }
  });
});
