// The session page's event chart: the session's events over time, one stacked bar layer per event
// type, from GET /api/query/session/{id}/timeline (buckets of whole seconds from the session's
// start: the player's clock). Clicking the chart seeks the player to that moment.
import uPlot from "./uplot/uPlot.esm.js";
import { formatOffset } from "./common.js";

const HEIGHT = 180;
const COLOURS = { error: "#c62828", exception: "#8e24aa", compiler_error: "#ad1457", test_failure: "#ec407a",
  test_result: "#2e7d32", tool_call: "#1f6feb", shell_command: "#d9730d", warning: "#f9a825",
  token_usage: "#00897b", model: "#6d4c41" };
const PALETTE = ["#5c6bc0", "#26a69a", "#ef6c00", "#7cb342", "#8d6e63", "#ec407a", "#42a5f5", "#78909c"];

function colour(type, index) {
  return COLOURS[type] || PALETTE[index % PALETTE.length];
}

/**
 * The chart's data: x is each bucket's start (seconds since the session's start, every bucket from
 * 0 to the session's span, empty ones as 0), and one layer per type, the most frequent at the
 * bottom. A layer holds its own count plus those below it (stacked); counts keeps the raw counts
 * for the legend. Layers are listed top first, so the tallest bar is drawn first and the others on it.
 */
function layers(timeline) {
  const width = timeline.bucket_seconds;
  // At least two buckets: uPlot ranges a lone x value on its own, ignoring the scale's range.
  const last = Math.max(1, Math.floor(timeline.span_seconds / width), ...timeline.buckets.map((b) => b.offset_seconds / width));
  const xs = Array.from({ length: last + 1 }, (_, i) => i * width);
  const types = Object.keys(timeline.by_type).sort((a, b) => timeline.by_type[b] - timeline.by_type[a] || (a < b ? -1 : 1));
  const counts = types.map(() => new Array(xs.length).fill(0));
  for (const bucket of timeline.buckets) {
    const i = Math.round(bucket.offset_seconds / width);
    types.forEach((type, t) => { counts[t][i] = bucket.by_type[type] || 0; });
  }
  const stacked = [];
  counts.forEach((row, t) => stacked.push(row.map((n, i) => n + (t > 0 ? stacked[t - 1][i] : 0))));
  const order = types.map((_, t) => t).reverse();
  return { xs, types: order.map((t) => types[t]), stacked: order.map((t) => stacked[t]), counts: order.map((t) => counts[t]),
    colours: order.map((t) => colour(types[t], t)) };
}

function options(data, state, width, seek) {
  const bars = uPlot.paths.bars({ size: [0.9, Infinity], align: 1 });
  return {
    width,
    height: HEIGHT,
    cursor: { drag: { x: false, y: false }, points: { show: false } },
    scales: {
      x: { time: false, range: () => [0, state.xmax] },
      y: { range: (u, min, max) => [0, Math.max(1, max)] },
    },
    axes: [
      { values: (u, splits) => splits.map((v) => formatOffset(v)) },
      { values: (u, splits) => splits.map((v) => (Number.isInteger(v) ? String(v) : "")) },
    ],
    legend: { live: true },
    series: [
      { label: "from start", value: (u, v) => (v === null || v === undefined ? "" : formatOffset(v)) },
      ...data.types.map((type, s) => ({
        label: type,
        stroke: data.colours[s],
        fill: data.colours[s],
        width: 0,
        paths: bars,
        points: { show: false },
        value: (u, v, si, i) => (i === null || i === undefined ? "" : String(state.counts[s][i])),
      })),
    ],
    hooks: {
      ready: [(u) => u.over.addEventListener("click", () => {
        if (u.cursor.left === null || u.cursor.left < 0) return;
        seek(Math.max(0, u.posToVal(u.cursor.left, "x")));
      })],
    },
  };
}

/** A chart in container; draw(timeline) (re)draws it from a timeline answer. */
export function createChart(container, seek) {
  let plot = null;
  let shownTypes = "";
  // The legend's raw counts and the x axis's end, replaced on each draw.
  const state = { counts: [], xmax: 1 };
  function draw(timeline) {
    const data = layers(timeline);
    state.counts = data.counts;
    state.xmax = data.xs[data.xs.length - 1] + timeline.bucket_seconds;
    container.dataset.types = data.types.slice().reverse().join(",");
    container.dataset.bucketSeconds = String(timeline.bucket_seconds);
    if (data.types.length === 0) {
      if (plot) plot.destroy();
      plot = null;
      shownTypes = "";
      container.replaceChildren("No events.");
      return;
    }
    const width = Math.max(300, container.clientWidth || 800);
    const key = data.types.join(",") + "/" + timeline.bucket_seconds;
    if (plot && key === shownTypes) {
      plot.setData([data.xs, ...data.stacked]);
      return;
    }
    if (plot) plot.destroy();
    container.replaceChildren();
    plot = new uPlot(options(data, state, width, seek), [data.xs, ...data.stacked], container);
    shownTypes = key;
  }
  window.addEventListener("resize", () => {
    if (plot) plot.setSize({ width: Math.max(300, container.clientWidth), height: HEIGHT });
  });
  return { draw };
}
