// Shared by the dashboard's pages. Everything recorded is hostile input: it only ever becomes a
// text node (append of a string, textContent), never markup; links are built here from ids.

/** An element with attributes (strings, set with setAttribute) and children (nodes or text). */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined) {
      element.setAttribute(name, String(value));
    }
  }
  for (const child of children) {
    element.append(child instanceof Node ? child : child === null || child === undefined ? "" : String(child));
  }
  return element;
}

/** The JSON of a GET, or an Error carrying the API's one-line message. */
export async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const detail = body && body.detail ? body.detail : response.statusText;
    throw new Error(`${response.status}: ${detail}`);
  }
  return body;
}

export function showMessage(text) {
  const message = document.getElementById("message");
  message.textContent = text;
  message.hidden = false;
}

export function sessionHref(sessionId) {
  return "/sessions/" + encodeURIComponent(sessionId);
}

export function formatTime(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function formatDuration(seconds) {
  if (seconds === null || seconds === undefined) return "";
  if (seconds < 60) return seconds.toFixed(seconds < 10 ? 2 : 1) + " s";
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  return h > 0 ? `${h} h ${m} min` : `${m} min ${r} s`;
}

/** Seconds as m:ss.s, for positions in a recording. */
export function formatOffset(seconds) {
  const m = Math.floor(seconds / 60);
  const s = seconds - m * 60;
  return `${m}:${s.toFixed(1).padStart(4, "0")}`;
}

export function formatCount(n) {
  return n === null || n === undefined ? "" : Number(n).toLocaleString("en-US");
}

export function formatTokens(input, output) {
  if (input === null && output === null) return "";
  return formatCount((input || 0) + (output || 0));
}

export function formatCost(usd) {
  return usd === null || usd === undefined ? "" : "$" + usd.toFixed(usd < 1 ? 4 : 2);
}

export function statusBadge(status) {
  return el("span", { class: "badge " + status }, status === "running" ? "live" : status);
}
