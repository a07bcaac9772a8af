// The overview page (/agents): one agent's (or every agent's) sessions, lines, errors, high-risk
// commands, tokens and cost over a range, from GET /api/query/overview, drawn with uPlot, and its
// most frequent errors as a table. The range is in the query string: range=24h|7d|30d (a preset,
// the default 7d), or since/until in any form the API takes; bucket=hour|day overrides the range's
// own (hours up to 7 days, days beyond). Error values are recorded text: text nodes only.
import uPlot from "./uplot/uPlot.esm.js";
import { el, getJson, showMessage, sessionHref, formatTime, formatCount, formatCost } from "./common.js";

const PRESETS = { "24h": "hour", "7d": "hour", "30d": "day" };
const WEEK_MILLIS = 7 * 86400 * 1000;
const STATUS_COLOURS = { completed: "#2e7d32", running: "#1f6feb", failed: "#c62828", killed: "#8e24aa",
  failed_to_start: "#6d4c41", interrupted: "#9e9e9e" };
const params = new URLSearchParams(location.search);
const charts = [];

/** The range the URL asks for: a preset, or since/until as given. */
function range() {
  const since = params.get("since"), until = params.get("until");
  if (since || until) return { preset: "", since, until };
  const preset = PRESETS[params.get("range")] ? params.get("range") : "7d";
  return { preset, since: preset, until: null };
}

function apiUrl(r, bucket) {
  const query = new URLSearchParams();
  if (params.get("agent")) query.set("agent", params.get("agent"));
  if (r.since) query.set("since", r.since);
  if (r.until) query.set("until", r.until);
  query.set("bucket", bucket);
  return "/api/query/overview?" + query;
}

function fillForm(r) {
  const form = document.getElementById("filters");
  form.elements.range.value = r.preset;
  form.elements.since.value = r.preset ? "" : r.since || "";
  form.elements.until.value = r.until || "";
  form.elements.bucket.value = params.get("bucket") || "";
  // Typing a time means a range of one's own.
  for (const name of ["since", "until"]) {
    form.elements[name].addEventListener("input", () => { form.elements.range.value = ""; });
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const query = new URLSearchParams();
    const agent = form.elements.agent.value;
    if (agent) query.set("agent", agent);
    const preset = form.elements.range.value;
    if (preset) {
      query.set("range", preset);
    } else {
      for (const name of ["since", "until"]) {
        const value = form.elements[name].value.trim();
        if (value) query.set(name, value);
      }
    }
    if (form.elements.bucket.value) query.set("bucket", form.elements.bucket.value);
    location.assign("/agents" + (query.size ? "?" + query : ""));
  });
}

function fillAgents(agents) {
  const select = document.getElementById("filters").elements.agent;
  const chosen = params.get("agent") || "";
  const names = agents.includes(chosen) || !chosen ? agents : [chosen, ...agents];
  select.replaceChildren(el("option", { value: "" }, "every agent"),
    ...names.map((name) => el("option", { value: name }, name)));
  select.value = chosen;
}

function fact(name, value) {
  return [el("dt", {}, name), el("dd", {}, value)];
}

function showTotals(answer) {
  const t = answer.totals;
  const byStatus = Object.entries(t.sessions_by_status).map(([s, n]) => `${formatCount(n)} ${s}`).join(", ");
  const tokens = t.input_tokens === null && t.output_tokens === null ? "" :
    `${formatCount(t.input_tokens || 0)} in, ${formatCount(t.output_tokens || 0)} out`;
  document.getElementById("totals").replaceChildren(
    ...fact("sessions", formatCount(t.sessions) + (byStatus ? ` (${byStatus})` : "")),
    ...fact("lines", formatCount(t.lines)),
    ...fact("errors", formatCount(t.errors)),
    ...fact("high-risk commands", formatCount(t.high_risk_commands)),
    ...fact("tokens", tokens),
    ...fact("cost", formatCost(t.cost_usd)));
  document.getElementById("range").textContent = `${answer.agent === null ? "Every agent" : "Agent " + answer.agent}, `
    + `${formatTime(answer.since)} to ${formatTime(answer.until)}, per ${answer.bucket}.`;
}

/** Draws one chart into its figure; series: [{label, values, colour, scale}]. */
function draw(id, xs, series, axes) {
  const figure = document.getElementById(id);
  const total = series.reduce((sum, s) => sum + s.values.reduce((a, v) => a + (v || 0), 0), 0);
  figure.dataset.total = String(total);
  const options = {
    width: Math.max(320, figure.clientWidth - 8), height: 200,
    scales: { x: { time: true } },
    series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.colour, width: 1.5, scale: s.scale || "y",
      points: { show: xs.length <= 60 } }))],
    axes: [{}, ...axes],
  };
  const chart = new uPlot(options, [xs, ...series.map((s) => s.values)], figure);
  charts.push([figure, chart]);
}

function drawCharts(answer) {
  const b = answer.buckets;
  const xs = b.map((x) => Date.parse(x.start) / 1000);
  const statuses = Object.keys(answer.totals.sessions_by_status);
  const shown = statuses.length ? statuses : ["completed"];
  draw("chart-sessions", xs, shown.map((s) => ({ label: s, colour: STATUS_COLOURS[s] || "#667",
    values: b.map((x) => x.sessions[s] || 0) })), [{ scale: "y" }]);
  draw("chart-lines", xs, [{ label: "lines", colour: "#1f6feb", values: b.map((x) => x.lines) }], [{ scale: "y" }]);
  draw("chart-problems", xs, [
    { label: "errors", colour: "#c62828", values: b.map((x) => x.errors) },
    { label: "high-risk commands", colour: "#d9730d", values: b.map((x) => x.high_risk_commands) },
  ], [{ scale: "y" }]);
  draw("chart-usage", xs, [
    { label: "tokens", colour: "#1f6feb", values: b.map((x) => (x.input_tokens === null && x.output_tokens === null)
      ? null : (x.input_tokens || 0) + (x.output_tokens || 0)) },
    { label: "cost (USD)", colour: "#2e7d32", scale: "usd", values: b.map((x) => x.cost_usd) },
  ], [{ scale: "y" }, { scale: "usd", side: 1, grid: { show: false } }]);
  const t = answer.totals;
  if (t.input_tokens === null && t.output_tokens === null && t.cost_usd === null) {
    document.querySelector("#chart-usage figcaption").append(el("span", { class: "hint" }, " (none reported in this range)"));
  }
}

function errorRow(e) {
  const search = new URLSearchParams({ q: e.value });
  if (params.get("agent")) search.set("agent", params.get("agent"));
  const last = sessionHref(e.last_session_id) + "?at=" + encodeURIComponent(e.last_seen);
  return el("tr", { "data-session": e.last_session_id },
    el("td", { class: "n" }, formatCount(e.count)),
    el("td", { class: "n" }, formatCount(e.sessions)),
    el("td", { class: "type" }, e.event_type),
    el("td", { class: "value" }, e.value),
    el("td", {}, el("a", { href: last, class: "last" }, formatTime(e.last_seen))),
    el("td", {}, el("a", { href: "/search?" + search, class: "search" }, "search")));
}

function showErrors(answer) {
  const body = document.querySelector("#errors tbody");
  body.replaceChildren(...answer.frequent_errors.map(errorRow));
  if (answer.frequent_errors.length === 0) body.append(el("tr", {}, el("td", { colspan: 6 }, "No errors.")));
  document.getElementById("errors-note").textContent = answer.errors_cut_short
    ? "Counted over the newest 10,000 errors of the range; narrow it for exact counts." : "";
}

async function main() {
  const r = range();
  fillForm(r);
  try {
    let bucket = params.get("bucket") || PRESETS[r.preset] || "hour";
    let answer = await getJson(apiUrl(r, bucket));
    if (!params.get("bucket") && !r.preset && bucket === "hour"
        && Date.parse(answer.until) - Date.parse(answer.since) > WEEK_MILLIS) {
      bucket = "day";
      answer = await getJson(apiUrl(r, bucket));
    }
    fillAgents(answer.agents);
    showTotals(answer);
    drawCharts(answer);
    showErrors(answer);
  } catch (e) {
    showMessage("Could not read the overview: " + e.message);
  }
  document.body.dataset.loaded = "true";
}

window.addEventListener("resize", () => {
  for (const [figure, chart] of charts) chart.setSize({ width: Math.max(320, figure.clientWidth - 8), height: 200 });
});

main();
