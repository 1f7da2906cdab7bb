// The dashboard follows a training run under way: it polls the run's progress and reloads the
// page when the run is over. Without this file the page shows the same state on a reload.
(function () {
  "use strict";

  var panel = document.getElementById("training-progress");
  var url = panel && panel.getAttribute("data-progress-url");
  if (!url) return;

  function show(run) {
    var status = panel.querySelector("[data-run-status]");
    status.textContent = run.status_label;
    status.className = "pill " + run.status;
    panel.querySelector("[data-run-stage]").textContent = run.stage;
    run.versions.forEach(function (version) {
      var row = panel.querySelector('tr[data-recommender="' + version.recommender + '"]');
      if (!row) return;
      var pill = row.querySelector("[data-status]");
      pill.textContent = version.status;
      pill.className = "pill " + version.status;
      row.querySelector("[data-version]").textContent = version.version_id ? "v" + version.version_id : "—";
      row.querySelector("[data-duration]").textContent = version.duration;
    });
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (run) {
        if (run.finished) {
          // The whole page changes with a run (live versions, charts): redraw it from the server.
          window.location.reload();
          return;
        }
        show(run);
        window.setTimeout(poll, 1000);
      })
      .catch(function () {
        window.setTimeout(poll, 3000); // the server restarting (autoreload) is no reason to stop
      });
  }

  window.setTimeout(poll, 1000);
})();
