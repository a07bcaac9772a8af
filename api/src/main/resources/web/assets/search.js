// The search page: GET /api/query/search with the page's own q, agent and since. A hit's text is
// built from its `highlights` offsets as text nodes and <mark> elements (the API's `snippet` holds
// recorded text unescaped beside <mark> tags, so it is never used as markup). A hit opens its
// session at the hit's moment (?at=TIMESTAMP).
import { el, getJson, showMessage, sessionHref, formatTime } from "./common.js";

const FILTERS = ["q", "agent", "since"];
const params = new URLSearchParams(location.search);

function marked(text, highlights) {
  const cell = el("td", { class: "text" });
  let at = 0;
  for (const [start, end] of highlights) {
    if (start < at || end > text.length) continue;
    cell.append(text.slice(at, start), el("mark", {}, text.slice(start, end)));
    at = end;
  }
  cell.append(text.slice(at));
  return cell;
}

function row(hit) {
  const href = sessionHref(hit.session_id) + "?at=" + encodeURIComponent(hit.timestamp);
  return el("tr", { "data-session": hit.session_id },
    el("td", {}, formatTime(hit.timestamp)),
    el("td", {}, hit.agent_name),
    el("td", {}, el("a", { href }, hit.session_id)),
    el("td", { class: "n" }, hit.line_number),
    el("td", {}, hit.kind === "extraction" ? hit.event_type : hit.stream),
    marked(hit.text, hit.highlights));
}

async function main() {
  const form = document.getElementById("filters");
  for (const name of FILTERS) form.elements[name].value = params.get(name) || "";
  const query = new URLSearchParams();
  for (const name of FILTERS) {
    const value = params.get(name);
    if (value) query.set(name, value);
  }
  if (query.get("q")) {
    query.set("limit", "100");
    try {
      const answer = await getJson("/api/query/search?" + query);
      const body = document.querySelector("#hits tbody");
      body.replaceChildren(...answer.hits.map(row));
      if (answer.hits.length === 0) body.append(el("tr", {}, el("td", { colspan: 6 }, "No hits.")));
      const notes = [];
      if (answer.cut_short) notes.push("The search stopped at its bound: older hits may exist (narrow it by agent or time).");
      const pending = answer.pending_index;
      if (pending && (pending.chunks > 0 || pending.extractions > 0)) notes.push("The newest lines are not indexed yet.");
      document.getElementById("notes").textContent = notes.join(" ");
    } catch (e) {
      showMessage("Could not search: " + e.message);
    }
  }
  document.body.dataset.loaded = "true";
}

main();
