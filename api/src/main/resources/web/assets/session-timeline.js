// The session page below the player: the events chart, the events table with its filters and
// counts, and the code blocks; for a running session all three follow it live over one SSE stream
// (/api/stream/session/{id}?kinds=extraction,code_block&from=now: one of --max-streams, beside the
// player's own), closed at the stream's end event, when the page reads the facts again.
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

/**
 * Opens the session's stream of events and code blocks from what is committed now (from=now), and
 * resolves once it is open (or refused), so what the page reads after that overlaps it rather than
 * leaving a gap; handle(kind, item) gets its items, ended() its end.
 */
function follow(ref, handle, ended) {
  const badge = document.getElementById("events-live");
  const source = new EventSource(`/api/stream/session/${ref}?kinds=extraction,code_block&from=now`);
  for (const kind of ["extraction", "code_block"]) {
    source.addEventListener(kind, (message) => handle(kind, JSON.parse(message.data)));
  }
  // The stream ends after end; closing it keeps the browser from opening it again.
  source.addEventListener("end", () => {
    source.close();
    badge.hidden = true;
    ended();
  });
  return new Promise((resolve) => {
    source.addEventListener("open", () => {
      badge.hidden = false;
      resolve();
    });
    source.addEventListener("error", () => {
      if (source.readyState === EventSource.CLOSED) {
        badge.hidden = true;
        showMessage("Live events stopped: the daemon refused the stream (too many open?); reload to follow again.");
        resolve();
      }
    });
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
  if (session.status === "running") {
    // Items that come before the first pages are in are held, then added (those read twice are skipped).
    const held = [];
    let loaded = false;
    const refresh = atMostEvery(readTimeline, REFRESH_MILLIS);
    const handle = (kind, item) => {
      if (!loaded) {
        held.push([kind, item]);
      } else if (kind === "extraction") {
        events.add(item);
        refresh();
      } else {
        blocks.add(item);
      }
    };
    await follow(ref, handle, () => {
      refresh();
      ended();
    });
    await Promise.all([readTimeline(), events.load(), blocks.load()]);
    loaded = true;
    for (const [kind, item] of held.splice(0)) handle(kind, item);
    return;
  }
  await Promise.all([readTimeline(), events.load(), blocks.load()]);
}
