// The login page: says when the last token was wrong, or how long to wait after too many wrong
// ones (?wait=SECONDS, set by POST /login). The form itself posts without script.
const params = new URLSearchParams(location.search);
if (params.has("failed")) {
  document.getElementById("failed").hidden = false;
}
const wait = Number.parseInt(params.get("wait"), 10);
if (Number.isInteger(wait) && wait > 0) {
  const message = document.getElementById("wait");
  message.textContent = `Too many wrong tokens from this address: try again in ${wait} s.`;
  message.hidden = false;
}
document.body.dataset.loaded = "true";
