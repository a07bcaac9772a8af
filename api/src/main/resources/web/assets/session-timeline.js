// The session page below the player: the events chart, the events table with its filters and
// counts, and the code blocks; for a running session all three follow it live over one SSE stream
// (/api/stream/session/{id}?kinds=extraction,code_block: one of --max-streams, beside the player's
// own), closed at the stream's end event, when the page reads the facts again.
import { getJson, showMessage } from "./common.js";
import { createChart } from "./session-chart.js";
import { createEvents } from "./session-events.js";
import { createCodeBlocks } from "./code-blocks.js";

// The chart and the counts are read again at most this often while events come in.
const REFRESH_MILLIS = 1000;

/** fn at most once per millis: calls in between are merged into one at the end of the wait. */
function atMostEvery(fn, millis) {
  let last = 0;
  let timer = null;
  return () => {
    if (timer !== null) return;
    timer = setTimeout(() => {
      timer = null;
      last = Date.now();
      fn();
    }, Math.max(0, last + millis - Date.now()));
  };
}

function follow(ref, { events, blocks, refresh, ended }) {
  const badge = document.getElementById("events-live");
  badge.hidden = false;
  const source = new EventSource(`/api/stream/session/${ref}?kinds=extraction,code_block`);
  source.addEventListener("extraction", (message) => {
    events.add(JSON.parse(message.data));
    refresh();
  });
  source.addEventListener("code_block", (message) => blocks.add(JSON.parse(message.data)));
  // The stream ends after end; closing it keeps the browser from opening it again.
  source.addEventListener("end", () => {
    source.close();
    badge.hidden = true;
    refresh();
    ended();
  });
  source.addEventListener("error", () => {
    if (source.readyState === EventSource.CLOSED) {
      badge.hidden = true;
      showMessage("Live events stopped: the daemon refused the stream (too many open?); reload to follow again.");
    }
  });
}

/**
 * Shows the chart, events and code blocks of the session whose facts (/api/query/session/{id}/facts)
 * are given; seek(seconds since the start) moves the player; ended() is called when a running
 * session ends.
 */
export async function showTimeline({ ref, facts, seek, ended }) {
  const session = facts.facts;
  const chart = createChart(document.getElementById("chart"), seek);
  const events = createEvents({ ref, startedAt: session.started_at, seek });
  const blocks = createCodeBlocks({ ref, sessionId: session.session_id, startedAt: session.started_at, seek });
  const readTimeline = () => getJson(`/api/query/session/${ref}/timeline`)
    .then((timeline) => {
      chart.draw(timeline);
      events.showCounts(timeline);
    })
    .catch((e) => showMessage("Could not load the timeline: " + e.message));
  await Promise.all([readTimeline(), events.load(), blocks.load()]);
  if (session.status === "running") {
    follow(ref, { events, blocks, refresh: atMostEvery(readTimeline, REFRESH_MILLIS), ended });
  }
}
