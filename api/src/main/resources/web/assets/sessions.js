// The sessions page: GET /api/query/sessions with the page's own query string (agent, status, host,
// since, limit, cursor), so every view is a URL. While the page shows a running session it asks again
// every 2 s (see docs/architecture.md, "The dashboard", for why a poll and not SSE).
import { el, getJson, showMessage, sessionHref, formatTime, formatDuration, formatCount, formatTokens,
         formatCost, statusBadge } from "./common.js";

const FILTERS = ["agent", "status", "host", "since"];
const POLL_MILLIS = 2000;
const params = new URLSearchParams(location.search);

function apiUrl() {
  const query = new URLSearchParams();
  query.set("limit", "50");
  for (const name of [...FILTERS, "limit", "cursor"]) {
    const value = params.get(name);
    if (value) query.set(name, value);
  }
  return "/api/query/sessions?" + query;
}

function fillForm() {
  const form = document.getElementById("filters");
  for (const name of FILTERS) {
    form.elements[name].value = params.get(name) || "";
  }
  // Leave empty fields out of the URL: ?agent=&status= would be a different, uglier link.
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const query = new URLSearchParams();
    for (const name of FILTERS) {
      const value = form.elements[name].value.trim();
      if (value) query.set(name, value);
    }
    location.assign("/" + (query.size ? "?" + query : ""));
  });
}

function row(s) {
  return el("tr", { "data-session": s.session_id, "data-status": s.status },
    el("td", {}, el("a", { href: sessionHref(s.session_id) }, s.short_id)),
    el("td", {}, s.agent_name),
    el("td", {}, s.host),
    el("td", {}, statusBadge(s.status)),
    el("td", { class: "n" }, s.exit_code),
    el("td", {}, formatTime(s.started_at)),
    el("td", { class: "n" }, formatDuration(s.duration_seconds)),
    el("td", { class: "n" }, formatCount(s.total_lines_processed)),
    el("td", { class: "n" }, formatCount(s.errors)),
    el("td", { class: "n" }, formatCount(s.high_risk_commands)),
    el("td", { class: "n" }, formatTokens(s.input_tokens, s.output_tokens)),
    el("td", { class: "n" }, formatCost(s.cost_usd)),
    el("td", { class: "command", title: s.command_line }, s.command_line));
}

let shown = null;

/** Shows a page of sessions (only when it changed: a poll must not rebuild rows someone is reading). */
function render(answer) {
  const text = JSON.stringify(answer);
  if (text === shown) {
    return answer.sessions.some((s) => s.status === "running");
  }
  shown = text;
  const body = document.querySelector("#sessions tbody");
  body.replaceChildren(...answer.sessions.map(row));
  if (answer.sessions.length === 0) {
    body.append(el("tr", {}, el("td", { colspan: 13 }, "No sessions.")));
  }
  const newest = new URLSearchParams(params);
  newest.delete("cursor");
  document.getElementById("newest").setAttribute("href", "/" + (newest.size ? "?" + newest : ""));
  const older = document.getElementById("older");
  if (answer.next_cursor) {
    const next = new URLSearchParams(params);
    next.set("cursor", answer.next_cursor);
    older.setAttribute("href", "/?" + next);
    older.hidden = false;
  } else {
    older.hidden = true;
  }
  document.body.dataset.loaded = "true";
  return answer.sessions.some((s) => s.status === "running");
}

async function load() {
  try {
    if (render(await getJson(apiUrl()))) {
      setTimeout(load, POLL_MILLIS);
    }
  } catch (e) {
    showMessage("Could not list the sessions: " + e.message);
  }
}

fillForm();
load();
