// The session page: facts from /api/query/session/{id}/facts, the terminal player fed with the
// session's asciicast export and the markers of /api/query/session/{id}/markers; below it the
// chart, events and code blocks of session-timeline.js, whose clicks seek the player.
// AsciinemaPlayer is the vendored bundle's global (loaded by a classic script tag before this module).
import { el, getJson, showMessage, formatTime, formatDuration, formatOffset, formatCount, formatTokens,
         formatCost, statusBadge } from "./common.js";
import { showTimeline } from "./session-timeline.js";

const id = decodeURIComponent(location.pathname.slice("/sessions/".length));
const ref = encodeURIComponent(id);

function fact(name, value) {
  return [el("dt", {}, name), el("dd", {}, value === null || value === undefined ? "" : value)];
}

function renderFacts(answer) {
  const s = answer.facts;
  const t = answer.terminal;
  document.title = "tapedeck · " + s.short_id;
  const title = document.getElementById("title");
  title.replaceChildren("Session " + s.short_id + " ", statusBadge(s.status));
  const size = t.columns && t.rows ? `${t.columns}x${t.rows}` + (t.term ? " " + t.term : "") : "not recorded (pipes)";
  document.getElementById("facts").replaceChildren(
    ...fact("command", s.command_line),
    ...fact("directory", s.working_directory),
    ...fact("agent", s.agent_name),
    ...fact("host", s.host),
    ...fact("model", answer.model),
    ...fact("status", s.status),
    ...fact("exit code", s.exit_code),
    ...fact("started", formatTime(s.started_at)),
    ...fact("duration", formatDuration(s.duration_seconds)),
    ...fact("lines", `${formatCount(s.total_lines_processed)} (stdout ${formatCount(s.stdout_lines)},`
      + ` stderr ${formatCount(s.stderr_lines)})`),
    ...fact("events", `${formatCount(s.total_extraction_events)} (errors ${formatCount(s.errors)},`
      + ` high risk ${formatCount(s.high_risk_commands)})`),
    ...fact("tokens", s.input_tokens === null && s.output_tokens === null ? ""
      : `${formatTokens(s.input_tokens, s.output_tokens)} (in ${formatCount(s.input_tokens)},`
        + ` out ${formatCount(s.output_tokens)})`),
    ...fact("cost", formatCost(s.cost_usd)),
    ...fact("terminal", size));
}

/** Every marker of the session, following the cursor. */
async function loadMarkers() {
  const markers = [];
  let cursor = null;
  do {
    const answer = await getJson(`/api/query/session/${ref}/markers` + (cursor ? "?cursor=" + encodeURIComponent(cursor) : ""));
    markers.push(...answer.markers);
    cursor = answer.next_cursor;
  } while (cursor);
  return markers;
}

async function loadCast() {
  const response = await fetch(`/api/replay/export/${ref}?format=asciicast`);
  if (!response.ok) throw new Error(`${response.status}: the recording could not be loaded`);
  return response.text();
}

/** ?at=TIMESTAMP (a search hit's moment): where the player starts, in seconds since the session's start. */
function startAt(startedAt) {
  const at = new URLSearchParams(location.search).get("at");
  if (!at || Number.isNaN(Date.parse(at))) return undefined;
  return Math.max(0, epochSeconds(at) - epochSeconds(startedAt) + SEEK_PAST_SECONDS);
}

function createPlayer(cast, markers, terminal, start) {
  const options = {
    preload: true,
    idleTimeLimit: 2,
    markers: markers.map((m) => [m.time, m.label]),
    terminalFontSize: "small",
  };
  if (terminal.columns && terminal.rows) {
    options.cols = terminal.columns;
    options.rows = terminal.rows;
  }
  const player = AsciinemaPlayer.create({ data: cast }, document.getElementById("player"), options);
  // A seek draws the terminal at that moment at once; the startAt option waits for play.
  if (start !== undefined) player.seek(start);
  return player;
}

/** Seconds since the epoch of an ISO instant, to the microsecond (Date.parse stops at milliseconds). */
function epochSeconds(iso) {
  const match = /^(.*T\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)$/.exec(iso);
  if (!match) return Date.parse(iso) / 1000;
  return Date.parse(match[1] + match[3]) / 1000 + (match[2] ? parseFloat("0" + match[2]) : 0);
}

// An event is committed with the time of the line it was read from; seeking a millisecond past it
// shows that line (the player draws what is due at or before the position, and float sums may
// land a hair early).
const SEEK_PAST_SECONDS = 0.001;

/**
 * A running session: the player follows /api/stream/session/{id}/asciicast (asciinema-player's
 * eventsource driver, every frame drawn as it comes), and the facts are read again when it ends.
 */
function createLivePlayer(terminal) {
  const options = { autoPlay: true, terminalFontSize: "small" };
  if (terminal.columns && terminal.rows) {
    options.cols = terminal.columns;
    options.rows = terminal.rows;
  }
  const player = AsciinemaPlayer.create(
    { driver: "eventsource", url: `/api/stream/session/${ref}/asciicast`, bufferTime: 0 },
    document.getElementById("player"), options);
  player.addEventListener("ended", () => {
    getJson(`/api/query/session/${ref}/facts`).then(renderFacts).catch((e) => showMessage(e.message));
  });
  return player;
}

async function main() {
  let facts;
  try {
    facts = await getJson(`/api/query/session/${ref}/facts`);
  } catch (e) {
    showMessage("Could not load the session: " + e.message);
    return;
  }
  renderFacts(facts);
  let player = null;
  try {
    if (facts.facts.status === "running") {
      player = createLivePlayer(facts.terminal);
    } else {
      const [cast, markers] = await Promise.all([loadCast(), loadMarkers()]);
      player = createPlayer(cast, markers, facts.terminal, startAt(facts.facts.started_at));
    }
  } catch (e) {
    showMessage("Could not load the recording: " + e.message);
  }
  // Below the player (session-timeline.js): the chart, the events and the code blocks.
  await showTimeline({
    ref,
    facts,
    seek: (seconds) => player && player.seek(seconds),
    ended: () => getJson(`/api/query/session/${ref}/facts`).then(renderFacts).catch((e) => showMessage(e.message)),
  });
  document.body.dataset.loaded = "true";
}

main();
