// nabij's only script: the idle warning, the quick exit, a copy button, and reloading a page
// shown again from the back/forward cache. Everything also works without it.
(function () {
  "use strict";
  var body = document.body;

  function csrf() {
    var field = document.querySelector("input[name=csrf_token]");
    return field ? field.value : "";
  }

  // Quick exit: blank the page at once, end the session, leave for a neutral site.
  function quickExit(event) {
    if (event) { event.preventDefault(); }
    var data = new FormData();
    data.append("csrf_token", csrf()); // read before the page is blanked, or it is gone
    document.documentElement.replaceChildren();
    if (navigator.sendBeacon) { navigator.sendBeacon("/exit", data); }
    window.location.replace(body.dataset.exitUrl || "about:blank");
  }
  var exitButton = document.getElementById("quick-exit");
  if (exitButton) { exitButton.addEventListener("click", quickExit); }
  var shifts = [];
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift" || event.repeat) { return; }
    var now = Date.now();
    shifts = shifts.filter(function (t) { return now - t < 1500; });
    shifts.push(now);
    if (shifts.length >= 3) { quickExit(); }
  });

  // A page restored from the back/forward cache could show private data after logging out.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { window.location.reload(); }
  });

  // Warn two minutes before the server ends an idle session.
  var idle = parseInt(body.dataset.idleSeconds || "0", 10);
  var warning = document.getElementById("idle-warning");
  var timer = null;
  function arm() {
    if (!idle || !warning) { return; }
    if (timer) { clearTimeout(timer); }
    warning.hidden = true;
    timer = setTimeout(function () { warning.hidden = false; }, Math.max(idle - 120, 5) * 1000);
  }
  var stay = document.getElementById("stay");
  if (stay) {
    stay.addEventListener("click", function () {
      var data = new FormData();
      data.append("csrf_token", csrf());
      fetch("/session/alive", { method: "POST", body: data, credentials: "same-origin" })
        .then(function (response) { if (response.ok) { arm(); } });
    });
  }
  document.addEventListener("htmx:afterRequest", arm);
  arm();

  // Copy buttons: copy the text of the element named by data-copy.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) { return; }
    var source = document.getElementById(button.dataset.copy);
    if (source && navigator.clipboard) {
      navigator.clipboard.writeText(source.textContent.trim()).then(function () {
        button.textContent = button.dataset.copied || button.textContent;
      });
    }
  });
})();
