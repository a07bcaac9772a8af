// The session page: facts from /api/query/session/{id}/facts, the terminal player (player.js:
// the session's windowed cast with its markers, speed and idle selectors), and below it the chart,
// events and code blocks of session-timeline.js, whose clicks seek the player.
// `player.seek(seconds)` takes seconds since the session's start, the clock of the asciicast export
// and of the markers route.
import { el, getJson, showMessage, formatTime, formatDuration, formatCount, formatTokens,
         formatCost, statusBadge } from "./common.js";
import { createPlayer, createLivePlayer } from "./player.js";
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

/** ?at=TIMESTAMP (a search hit's moment): where the player starts, in seconds since the session's start. */
function startAt(startedAt) {
  const at = new URLSearchParams(location.search).get("at");
  if (!at || Number.isNaN(Date.parse(at))) return undefined;
  return Math.max(0, epochSeconds(at) - epochSeconds(startedAt) + SEEK_PAST_SECONDS);
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
    const container = document.getElementById("player");
    if (facts.facts.status === "running") {
      // The facts are read again when the session ends.
      player = createLivePlayer(container, id, facts.terminal, () => {
        getJson(`/api/query/session/${ref}/facts`).then(renderFacts).catch((e) => showMessage(e.message));
      });
    } else {
      player = await createPlayer(container, id, facts.terminal, startAt(facts.facts.started_at));
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
