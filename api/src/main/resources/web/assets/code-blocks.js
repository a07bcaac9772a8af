// The session page's code blocks (GET /api/query/code-blocks?session=): language, the lines they
// span in this session, the code as text, and a copy button. The clipboard API needs a secure
// context (https, or http on 127.0.0.1 / localhost); elsewhere, or when it is refused, the button
// selects the code and copies the selection, and says what it did.
import { el, getJson, showMessage, formatOffset } from "./common.js";
import { epochSeconds } from "./session-events.js";

const PAGE = 100;
const SEEK_PAST_SECONDS = 0.001;

function say(status, text) {
  status.textContent = text;
  status.hidden = false;
}

/** Copies text: the clipboard API when the page may use it, else the selection of pre. */
async function copy(text, pre, status) {
  try {
    if (!window.isSecureContext || !navigator.clipboard) throw new Error("no clipboard API here");
    await navigator.clipboard.writeText(text);
    say(status, "copied");
  } catch (e) {
    const range = document.createRange();
    range.selectNodeContents(pre);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    let copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (ignored) {
      copied = false; // the browser refuses it: the code stays selected for Ctrl+C
    }
    say(status, copied ? "copied" : "selected: press Ctrl+C to copy");
  }
}

/**
 * The code blocks section. sessionId is the full id (a block's occurrences name it), startedAt the
 * session's start (ISO), seek(seconds) the player's. Returns load() and add(sighting) for live ones.
 */
export function createCodeBlocks({ ref, sessionId, startedAt, seek }) {
  const list = document.getElementById("code-blocks");
  const more = document.getElementById("more-code-blocks");
  const start = epochSeconds(startedAt);
  const seen = new Set();
  let cursor = null;

  function block(id, language, content, sightings) {
    const first = sightings[0];
    const range = first ? `lines ${first.line_start}–${first.line_end}` : "";
    const offset = first ? Math.max(0, epochSeconds(first.timestamp) - start) : null;
    const code = el("code", {}, content);
    const pre = el("pre", {}, code);
    const status = el("span", { class: "copied", role: "status", hidden: "" });
    const button = el("button", { type: "button", class: "copy" }, "copy");
    button.addEventListener("click", () => copy(content, pre, status));
    const header = el("div", { class: "block-head" },
      el("span", { class: "language" }, language || "text"),
      el("span", { class: "range" }, range + (sightings.length > 1 ? ` (and ${sightings.length - 1} more)` : "")),
      button, status);
    if (offset !== null) {
      const play = el("button", { type: "button", class: "seek", title: "play from here" }, formatOffset(offset));
      play.addEventListener("click", () => seek(offset + SEEK_PAST_SECONDS));
      header.prepend(play);
    }
    return el("article", { class: "code-block", "data-block": id, "data-language": language || "",
      "data-lines": first ? `${first.line_start}-${first.line_end}` : "" }, header, pre);
  }

  function showEmpty() {
    if (list.children.length === 0) list.append(el("p", { class: "hint empty" }, "No code blocks."));
  }

  async function load() {
    more.disabled = true;
    try {
      const query = new URLSearchParams({ session: ref, limit: String(PAGE) });
      if (cursor) query.set("cursor", cursor);
      const answer = await getJson("/api/query/code-blocks?" + query);
      for (const p of list.querySelectorAll(".empty")) p.remove();
      const blocks = answer.code_blocks.filter((b) => !seen.has(b.id)).map((b) => {
        seen.add(b.id);
        const mine = b.occurrences.filter((o) => o.session_id === sessionId)
          .sort((a, c) => a.line_start - c.line_start);
        return { line: mine.length ? mine[0].line_start : 0, node: block(b.id, b.language, b.content, mine) };
      });
      // The API lists the newest blocks first; a session reads top down.
      blocks.sort((a, b) => a.line - b.line);
      list.append(...blocks.map((b) => b.node));
      cursor = answer.next_cursor;
      more.hidden = !cursor;
      showEmpty();
    } catch (e) {
      showMessage("Could not load the code blocks: " + e.message);
    } finally {
      more.disabled = false;
    }
  }

  /** A live sighting (a code_block stream event): a block not shown yet is added at the end. */
  function add(s) {
    if (seen.has(s.block_id)) return;
    seen.add(s.block_id);
    for (const p of list.querySelectorAll(".empty")) p.remove();
    list.append(block(s.block_id, s.language, s.content, [s]));
  }

  more.addEventListener("click", load);
  return { load, add };
}
