// The login page: says when the last token was wrong (the form itself posts without script).
if (new URLSearchParams(location.search).has("failed")) {
  document.getElementById("failed").hidden = false;
}
document.body.dataset.loaded = "true";
