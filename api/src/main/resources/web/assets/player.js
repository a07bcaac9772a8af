// The session page's terminal player: asciinema-player (the vendored bundle's global
// AsciinemaPlayer) playing the session's windowed cast, /api/replay/cast/{id}: an index of windows
// of lines (asciinema-player's "segmented" recordings), each fetched when a seek lands in it or
// while the window before it plays, so a session of a million lines opens as fast as a small one.
//
// Two clocks: session time (seconds since the session's start: the asciicast export's, the markers
// route's, the events table's) and played time (the player's, with idle gaps capped at the chosen
// limit by the server). The controller made here takes and gives session time; the index's `clock`
// (the cap and the gaps it shortened) maps one onto the other. Speed and the idle cap are options
// asciinema-player only takes when it is made, so changing one makes a new player at the moment the
// old one showed, playing if it was.
import { getJson, showMessage } from "./common.js";

export const SPEEDS = ["0.25", "0.5", "1", "1.5", "2", "4", "8", "16"];
export const IDLE_LIMITS = ["off", "0.5", "1", "2", "5", "10"];
const DEFAULT_SPEED = "1";
const DEFAULT_IDLE = "2";

/** Session time ↔ played time, from an index's clock: {idle: seconds or null, gaps: [[start, end], ...]}. */
export class Clock {
  constructor(clock) {
    this.limit = clock.idle === null || clock.idle === undefined ? Infinity : clock.idle;
    this.gaps = clock.gaps || [];
  }

  /** The played time of a session time. */
  played(t) {
    let cut = 0;
    for (const [start, end] of this.gaps) {
      if (start >= t) break;
      cut += Math.max(0, Math.min(t, end) - start - this.limit);
    }
    return Math.max(0, t - cut);
  }

  /** The session time of a played time (inside a shortened gap: its start plus the time played in it). */
  session(p) {
    let cut = 0;
    for (const [start, end] of this.gaps) {
      const playedStart = start - cut;
      if (p <= playedStart) break;
      if (p <= playedStart + this.limit) return start + (p - playedStart);
      cut += end - start - this.limit;
    }
    return p + cut;
  }
}

/** The value of a query parameter if it is one of the choices; else the default, with a line saying so. */
function choice(name, choices, fallback) {
  const value = new URLSearchParams(location.search).get(name);
  if (value === null) return fallback;
  if (choices.includes(value)) return value;
  showMessage(`${name} must be one of ${choices.join(", ")}; got "${value}", so ${fallback} is used`);
  return fallback;
}

/** Sets a query parameter of the page's URL without reloading it (the other parameters stay). */
function keepInUrl(name, value) {
  const url = new URL(location.href);
  url.searchParams.set(name, value);
  history.replaceState(history.state, "", url);
}

/**
 * The player of an ended session in container, with the speed and idle selectors (selects #speed
 * and #idle) kept in the page's URL. start: session seconds to show first (?at=), or undefined.
 * The controller is also container.tapedeckPlayer, for browser tests and the benchmark harness.
 */
export async function createPlayer(container, sessionId, terminal, start) {
  const ref = encodeURIComponent(sessionId);
  const windowLines = new URLSearchParams(location.search).get("window");
  const state = { speed: choice("speed", SPEEDS, DEFAULT_SPEED), idle: choice("idle", IDLE_LIMITS, DEFAULT_IDLE) };
  const indexUrl = (idle) => `/api/replay/cast/${ref}?idle=${idle}`
    + (windowLines ? "&window=" + encodeURIComponent(windowLines) : "");
  let clock = new Clock((await getJson(indexUrl(state.idle))).clock);
  let inner = null;
  let playing = false;

  function make(playedStart) {
    const options = { preload: true, speed: Number(state.speed), terminalFontSize: "small" };
    if (terminal.columns && terminal.rows) {
      options.cols = terminal.columns;
      options.rows = terminal.rows;
    }
    if (playedStart !== undefined) options.startAt = playedStart;
    // The page fetched the index a moment ago; the player's fetch of it is a cache hit (max-age=60).
    const made = AsciinemaPlayer.create({ url: indexUrl(state.idle), format: "segmented" }, container, options);
    made.addEventListener("play", () => { if (inner === made) playing = true; });
    made.addEventListener("playing", () => { if (inner === made) playing = true; });
    made.addEventListener("pause", () => { if (inner === made) playing = false; });
    made.addEventListener("ended", () => { if (inner === made) playing = false; });
    inner = made;
    // A seek draws the terminal at that moment at once; the startAt option waits for play.
    if (playedStart !== undefined) made.seek(playedStart);
  }

  /** A new player at the moment the old one showed, playing if it was (speed and idle are fixed at creation). */
  async function remake(change) {
    const at = clock.session(inner.getCurrentTime() || 0);
    const wasPlaying = playing;
    const hadFocus = container.contains(document.activeElement);
    Object.assign(state, change);
    if (change.idle !== undefined) clock = new Clock((await getJson(indexUrl(state.idle))).clock);
    inner.dispose();
    playing = false;
    make(clock.played(at));
    if (wasPlaying) inner.play();
    if (hadFocus) focusPlayer(container);
  }

  const controller = {
    /** Shows the moment seconds after the session's start (a marker's, an event's, ?at=). */
    seek: (seconds) => inner.seek(clock.played(seconds)),
    /** Where the player is, in seconds since the session's start. */
    getCurrentTime: () => clock.session(inner.getCurrentTime() || 0),
    /** Where the player is on its own clock (idle gaps capped). */
    getPlayedTime: () => inner.getCurrentTime() || 0,
    getDuration: () => inner.getDuration(),
    isPlaying: () => playing,
    play: () => inner.play(),
    pause: () => inner.pause(),
    setSpeed: (speed) => remake({ speed }),
    setIdle: (idle) => remake({ idle }),
  };
  make(start === undefined ? undefined : clock.played(start));
  bindSelect(document.getElementById("speed"), "speed", state.speed, controller.setSpeed);
  bindSelect(document.getElementById("idle"), "idle", state.idle, controller.setIdle);
  container.tapedeckPlayer = controller;
  return controller;
}

function bindSelect(select, name, value, apply) {
  select.value = value;
  select.disabled = false;
  select.addEventListener("change", () => {
    keepInUrl(name, select.value);
    apply(select.value).catch((e) => showMessage(`Could not change the ${name}: ${e.message}`));
  });
}

/** Gives the player the keyboard focus, where its shortcuts work (space, arrows, ",", "."). */
function focusPlayer(container) {
  const wrapper = container.querySelector(".ap-wrapper") || container.querySelector(".ap-player");
  if (wrapper) wrapper.focus();
}

/**
 * A running session: the player follows /api/stream/session/{id}/asciicast (asciinema-player's
 * eventsource driver, every frame drawn as it comes). When the stream ends, onEnded is called and
 * the player becomes an ended session's (createPlayer, at the end), so seeks, speed and the idle
 * cap work from then on; until then seeks do nothing and the selectors stay disabled.
 */
export function createLivePlayer(container, sessionId, terminal, onEnded) {
  const options = { autoPlay: true, terminalFontSize: "small" };
  if (terminal.columns && terminal.rows) {
    options.cols = terminal.columns;
    options.rows = terminal.rows;
  }
  const live = AsciinemaPlayer.create(
    { driver: "eventsource", url: `/api/stream/session/${encodeURIComponent(sessionId)}/asciicast`, bufferTime: 0 },
    container, options);
  let ended = null;
  const controller = {
    seek: (seconds) => (ended ? ended.seek(seconds) : undefined),
    getCurrentTime: () => (ended ? ended.getCurrentTime() : live.getCurrentTime() || 0),
    getPlayedTime: () => (ended ? ended.getPlayedTime() : live.getCurrentTime() || 0),
    getDuration: () => (ended ? ended.getDuration() : live.getDuration()),
    isPlaying: () => (ended ? ended.isPlaying() : true),
    play: () => (ended ? ended.play() : undefined),
    pause: () => (ended ? ended.pause() : undefined),
    isLive: () => ended === null,
  };
  live.addEventListener("ended", () => {
    onEnded();
    live.dispose();
    createPlayer(container, sessionId, terminal, Number.MAX_SAFE_INTEGER)
      .then((made) => { ended = made; container.tapedeckPlayer = controller; })
      .catch((e) => showMessage("Could not load the recording: " + e.message));
  });
  container.tapedeckPlayer = controller;
  return controller;
}
