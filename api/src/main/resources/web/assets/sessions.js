// The sessions page: GET /api/query/sessions with the page's own query string (agent, status, host,
// since, until, limit, cursor), so every view is a URL. Running sessions follow live over one SSE
// stream per tab, GET /api/stream/sessions with the same agent, host, since and until: each message
// is a session's listing item (when it starts, changes or ends; at most one a second per session).
// A row on the page is replaced in place; a session not on the page is added, newest first, on the
// first page only, when it passes the status filter. After a reconnect the listing is read again.
import { el, getJson, showMessage, sessionHref, formatTime, formatDuration, formatCount, formatTokens,
         formatCost, statusBadge } from "./common.js";

const FILTERS = ["agent", "status", "host", "since", "until"];
const STREAM_FILTERS = ["agent", "host", "since", "until"];
const RETRY_MILLIS = 5000;
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
  return el("tr", { "data-session": s.session_id, "data-status": s.status, "data-started": s.started_at },
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

function render(answer) {
  const body = document.querySelector("#sessions tbody");
  body.replaceChildren(...answer.sessions.map(row));
  if (answer.sessions.length === 0) {
    body.append(el("tr", { class: "empty" }, el("td", { colspan: 13 }, "No sessions.")));
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
}

/** A session's new listing item: its row replaced in place, or a new row on the first page. */
function update(s) {
  const body = document.querySelector("#sessions tbody");
  const rows = [...body.querySelectorAll("tr[data-session]")];
  const shown = rows.find((r) => r.dataset.session === s.session_id);
  if (shown) {
    shown.replaceWith(row(s));
    return;
  }
  const status = params.get("status");
  if (params.get("cursor") || (status && status !== s.status)) return;
  const after = rows.find((r) => r.dataset.started < s.started_at);
  // Older than every row of a full page: it belongs to a later page.
  if (!after && rows.length >= Number(params.get("limit") || 50)) return;
  body.querySelector("tr.empty")?.remove();
  body.insertBefore(row(s), after || null);
}

/** Reads the listing again (after a reconnect: a session may have ended while no stream was open). */
async function reload() {
  try {
    render(await getJson(apiUrl()));
  } catch (e) {
    showMessage("Could not list the sessions: " + e.message);
  }
}

let opened = 0;

function follow() {
  const query = new URLSearchParams();
  for (const name of STREAM_FILTERS) {
    const value = params.get(name);
    if (value) query.set(name, value);
  }
  const stream = new EventSource("/api/stream/sessions" + (query.size ? "?" + query : ""));
  stream.addEventListener("session", (event) => update(JSON.parse(event.data)));
  stream.addEventListener("open", () => {
    document.body.dataset.live = "true";
    if (++opened > 1) reload();
  });
  // The browser reconnects by itself after a dropped connection; not after a refusal (a 503 when
  // every stream slot is taken), so then the page tries again a while later.
  stream.addEventListener("error", () => {
    if (stream.readyState === EventSource.CLOSED) {
      document.body.dataset.live = "false";
      setTimeout(follow, RETRY_MILLIS);
    }
  });
}

async function main() {
  fillForm();
  try {
    render(await getJson(apiUrl()));
    follow();
  } catch (e) {
    showMessage("Could not list the sessions: " + e.message);
  }
  document.body.dataset.loaded = "true";
}

main();
