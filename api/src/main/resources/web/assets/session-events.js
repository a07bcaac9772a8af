// The session page's events table: the session's events oldest first from /api/query/extractions,
// filtered by type, risk and text (kept in the page's query string: type=, risk=, text=, and the
// selected event as event=), a page at a time ("more" follows the API's cursor). Clicking an event
// seeks the player to its moment, marks its row and shows the output lines around its line
// (/api/query/session/{id}/lines) with that line highlighted. Every recorded string is a text node.
import { el, getJson, showMessage, formatOffset, formatCount } from "./common.js";

const PAGE = 200;
const CONTEXT_LINES = 3;
const ERROR_TYPES = ["error", "exception", "compiler_error", "test_failure"];
const FILTERS = ["type", "risk", "text"];
// An event is committed with the time of the line it was read from; seeking a millisecond past it
// shows that line (the player draws what is due at or before the position).
const SEEK_PAST_SECONDS = 0.001;

/** Seconds since the epoch of an ISO instant, to the microsecond (Date.parse stops at milliseconds). */
export function epochSeconds(iso) {
  const match = /^(.*T\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)$/.exec(iso);
  if (!match) return Date.parse(iso) / 1000;
  return Date.parse(match[1] + match[3]) / 1000 + (match[2] ? parseFloat("0" + match[2]) : 0);
}

/** Lower case of ASCII letters only, as the API's text filter (SQLite's lower) folds them. */
function foldAscii(text) {
  return (text || "").replace(/[A-Z]/g, (c) => c.toLowerCase());
}

function setQuery(changes) {
  const query = new URLSearchParams(location.search);
  for (const [name, value] of Object.entries(changes)) {
    if (value) query.set(name, value);
    else query.delete(name);
  }
  history.replaceState(null, "", location.pathname + (query.size ? "?" + query : ""));
}

/**
 * The events section. ref is the session reference for URLs, startedAt its start (ISO), seek(seconds)
 * the player's. Returns load() for the first page, add(event) for a live event and showCounts(timeline).
 */
export function createEvents({ ref, startedAt, seek }) {
  const start = epochSeconds(startedAt);
  const params = new URLSearchParams(location.search);
  const filter = Object.fromEntries(FILTERS.map((name) => [name, params.get(name) || ""]));
  const form = document.getElementById("event-filters");
  const body = document.querySelector("#events tbody");
  const more = document.getElementById("more-events");
  const seen = new Set();
  let cursor = null;
  let complete = false;
  let generation = 0;

  function apiUrl(after) {
    const query = new URLSearchParams({ session: ref, order: "oldest", limit: String(PAGE) });
    for (const name of FILTERS) {
      if (filter[name]) query.set(name, filter[name]);
    }
    if (after) query.set("cursor", after);
    return "/api/query/extractions?" + query;
  }

  function matches(x) {
    return (!filter.type || x.event_type === filter.type) && (!filter.risk || x.risk_level === filter.risk)
      && (!filter.text || foldAscii(x.matched_value).includes(foldAscii(filter.text))
        || foldAscii(x.original_line).includes(foldAscii(filter.text)));
  }

  /** The event's row, with the event and its moment (seconds since the start). */
  function row(x) {
    const offset = Math.max(0, epochSeconds(x.timestamp) - start);
    const kind = ERROR_TYPES.includes(x.event_type) ? "kind-error" : "";
    const tr = el("tr", { class: kind, "data-offset": offset.toFixed(3), "data-extraction": x.id,
      "data-type": x.event_type, "data-line": x.line_number },
      el("td", {}, el("button", { type: "button", class: "seek", title: "play from here" }, formatOffset(offset))),
      el("td", { class: "type" }, x.event_type),
      el("td", { class: x.risk_level === "high" ? "risk-high" : "" }, x.risk_level),
      el("td", { class: "value" }, x.matched_value),
      el("td", { class: "n" }, x.line_number),
      el("td", { class: "text" }, x.original_line));
    tr.addEventListener("click", () => select(tr, x, offset, true));
    return [tr, x, offset];
  }

  /** Marks the row, shows the lines around the event's line under it, and seeks the player. */
  function select(tr, x, offset, andSeek) {
    for (const r of body.querySelectorAll("tr.current")) r.classList.remove("current");
    for (const r of body.querySelectorAll("tr.context")) r.remove();
    tr.classList.add("current");
    setQuery({ event: String(x.id) });
    if (andSeek) seek(offset + SEEK_PAST_SECONDS);
    if (x.line_number === null || x.line_number === undefined) return;
    const pre = el("pre", { class: "lines" }, "…");
    tr.after(el("tr", { class: "context" }, el("td", { colspan: 6 }, pre)));
    const from = Math.max(1, x.line_number - CONTEXT_LINES);
    getJson(`/api/query/session/${ref}/lines?from_line=${from}&limit=${2 * CONTEXT_LINES + 1}`)
      .then((answer) => pre.replaceChildren(...answer.lines.map((line) => el("span", {
        class: line.line_number === x.line_number ? "line hit" : "line", "data-line": line.line_number,
        "data-stream": line.stream }, el("span", { class: "ln" }, line.line_number), line.text))))
      .catch((e) => pre.replaceChildren("The lines could not be loaded: " + e.message));
  }

  function showEmpty() {
    if (body.children.length === 0) {
      body.append(el("tr", { class: "empty" }, el("td", { colspan: 6 },
        FILTERS.some((name) => filter[name]) ? "No events match." : "No events.")));
    }
  }

  async function load(first) {
    const mine = first ? ++generation : generation;
    if (first) {
      cursor = null;
      complete = false;
      seen.clear();
      body.replaceChildren();
    }
    more.disabled = true;
    try {
      const answer = await getJson(apiUrl(cursor));
      if (mine !== generation) return;
      for (const r of body.querySelectorAll("tr.empty")) r.remove();
      const rows = answer.extractions.filter((x) => !seen.has(x.id)).map((x) => {
        seen.add(x.id);
        return row(x);
      });
      body.append(...rows.map(([tr]) => tr));
      cursor = answer.next_cursor;
      complete = !cursor;
      more.hidden = complete;
      showEmpty();
      const wanted = new URLSearchParams(location.search).get("event");
      const chosen = rows.find(([, x]) => String(x.id) === wanted);
      if (first && chosen) select(...chosen, !new URLSearchParams(location.search).has("at"));
    } catch (e) {
      showMessage("Could not load the events: " + e.message);
    } finally {
      more.disabled = false;
    }
  }

  /** A live event: shown when it is new, passes the filter and the table already holds the rest. */
  function add(x) {
    if (seen.has(x.id) || !complete || !matches(x)) return;
    seen.add(x.id);
    for (const r of body.querySelectorAll("tr.empty")) r.remove();
    body.append(row(x)[0]);
  }

  /** Per-type and per-risk counts of the whole session, in the filter's choices and a summary line. */
  function showCounts(timeline) {
    const options = (select, counts, any) => {
      const chosen = filter[select.name];
      const names = Object.keys(counts);
      if (chosen && !names.includes(chosen)) names.push(chosen);
      select.replaceChildren(el("option", { value: "" }, any),
        ...names.map((name) => el("option", { value: name }, `${name} (${formatCount(counts[name] || 0)})`)));
      select.value = chosen;
    };
    options(form.elements.type, timeline.by_type, `any type (${formatCount(timeline.total)})`);
    options(form.elements.risk, timeline.by_risk, "any risk");
    const summary = document.getElementById("event-counts");
    summary.replaceChildren(...Object.entries(timeline.by_type).map(([type, n]) => el("button",
      { type: "button", class: "count", "data-type": type, title: "show only " + type }, `${type} ${formatCount(n)}`)));
    for (const button of summary.querySelectorAll("button")) {
      button.addEventListener("click", () => apply({ type: button.dataset.type, risk: "", text: "" }));
    }
  }

  function apply(changes) {
    Object.assign(filter, changes);
    for (const name of FILTERS) form.elements[name].value = filter[name];
    setQuery({ ...filter, event: "" });
    load(true);
  }

  // Until the counts come, the choices are "any" and the URL's own.
  for (const name of ["type", "risk"]) {
    const select = form.elements[name];
    select.replaceChildren(el("option", { value: "" }, "any " + name));
    if (filter[name]) select.append(el("option", { value: filter[name] }, filter[name]));
    select.value = filter[name];
  }
  form.elements.text.value = filter.text;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    apply(Object.fromEntries(FILTERS.map((name) => [name, form.elements[name].value.trim()])));
  });
  for (const name of ["type", "risk"]) {
    form.elements[name].addEventListener("change", () => form.requestSubmit());
  }
  more.addEventListener("click", () => load(false));
  return { load: () => load(true), add, showCounts };
}
