/* Watchlist editing through the API. The token is sent as a Bearer header (never a cookie), and kept
   in this browser's localStorage so it need not be typed again. */
(function () {
  "use strict";
  var form = document.getElementById("watchlist-form");
  var status = document.getElementById("status");
  var items = JSON.parse(document.getElementById("watchlist-data").textContent);
  form.token.value = localStorage.getItem("berkut_api_token") || "";

  function list(value) { return value.split(",").map(function (s) { return s.trim(); }).filter(Boolean); }

  function call(method, url, body) {
    var token = form.token.value.trim();
    localStorage.setItem("berkut_api_token", token);
    var headers = {"Content-Type": "application/json"};
    if (token) headers.Authorization = "Bearer " + token;
    return fetch(url, {method: method, headers: headers, body: body ? JSON.stringify(body) : undefined})
      .then(function (r) {
        if (r.ok) return r;
        return r.json().then(function (j) { throw new Error((j.error && j.error.message) || r.statusText); });
      });
  }

  function done() { location.reload(); }
  function fail(err) { status.textContent = err.message; status.className = "error"; }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var body = {name: form.name.value, actors: list(form.actors.value), dyads: list(form.dyads.value),
                cameo_roots: list(form.cameo_roots.value)};
    var id = form.id.value;
    call(id ? "PUT" : "POST", "/api/v1/watchlists" + (id ? "/" + id : ""), body).then(done).catch(fail);
  });

  document.querySelectorAll("#watchlists tr[data-id]").forEach(function (row) {
    var id = Number(row.dataset.id);
    var item = items.find(function (w) { return w.id === id; });
    row.querySelector(".edit").addEventListener("click", function () {
      form.id.value = id;
      form.name.value = item.name;
      form.actors.value = item.actors.join(", ");
      form.dyads.value = item.dyads.join(", ");
      form.cameo_roots.value = item.cameo_roots.join(", ");
      document.getElementById("form-title").textContent = "Change watchlist " + item.name;
    });
    row.querySelector(".delete").addEventListener("click", function () {
      if (confirm("Delete the watchlist " + item.name + "?")) call("DELETE", "/api/v1/watchlists/" + id).then(done).catch(fail);
    });
  });

  document.querySelectorAll(".alerts li[data-id] .ack").forEach(function (button) {
    button.addEventListener("click", function () {
      var id = button.parentElement.dataset.id;
      call("POST", "/api/v1/alerts/" + encodeURIComponent(id) + "/acknowledge").then(done).catch(fail);
    });
  });
})();
