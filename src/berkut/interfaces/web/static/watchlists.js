/* Watchlist editing through the API. The token is sent as a Bearer header (never a cookie), and kept
   in this browser's localStorage so it need not be typed again. */
(function () {
  "use strict";
  var form = document.getElementById("watchlist-form");
  var status = document.getElementById("status");
  var items = JSON.parse(document.getElementById("watchlist-data").textContent);
  var LISTS = ["actors", "dyads", "countries", "roots"];
  form.token.value = localStorage.getItem("berkut_api_token") || "";

  function list(value) { return value.split(",").map(function (s) { return s.trim(); }).filter(Boolean); }

  function call(method, url, body) {
    var token = form.token.value.trim();
    localStorage.setItem("berkut_api_token", token);
    var headers = {"Content-Type": "application/json"};
    if (token) headers.Authorization = "Bearer " + token;
    return fetch(url, {method: method, headers: headers, body: body ? JSON.stringify(body) : undefined})
      .then(function (r) {
        if (r.ok) return r.text();  // read the whole answer before the page reloads
        return r.json().then(function (j) { throw new Error((j.error && j.error.message) || r.statusText); });
      });
  }

  function done() { location.reload(); }
  function fail(err) { status.textContent = err.message; status.className = "error"; }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var body = {name: form.name.value.trim(), severity: form.severity.value};
    LISTS.forEach(function (key) { body[key] = list(form[key].value); });
    body.spike = form.spike.value ? {by: form.spike.value} : null;
    var original = form.original.value;
    var url = "/api/v1/watchlists" + (original ? "/" + encodeURIComponent(original) : "");
    call(original ? "PUT" : "POST", url, body).then(done).catch(fail);
  });

  document.getElementById("evaluate").addEventListener("click", function () {
    call("POST", "/api/v1/alerts/evaluate?backfill=true").then(done).catch(fail);
  });

  document.querySelectorAll("#watchlists tr[data-name]").forEach(function (row) {
    var name = row.dataset.name;
    var item = items.find(function (w) { return w.name === name; });
    row.querySelector(".edit").addEventListener("click", function () {
      form.original.value = name;
      form.name.value = name;
      LISTS.forEach(function (key) { form[key].value = (item[key] || []).join(", "); });
      form.severity.value = item.severity || "low";
      form.spike.value = item.spike ? item.spike.by : "";
      document.getElementById("form-title").textContent = "Change watchlist " + name;
    });
    row.querySelector(".delete").addEventListener("click", function () {
      if (confirm("Delete the watchlist " + name + "?")) {
        call("DELETE", "/api/v1/watchlists/" + encodeURIComponent(name)).then(done).catch(fail);
      }
    });
  });

  document.querySelectorAll(".alerts li[data-id] .ack").forEach(function (button) {
    button.addEventListener("click", function () {
      var id = button.closest("li").dataset.id;
      call("POST", "/api/v1/alerts/" + encodeURIComponent(id) + "/acknowledge").then(done).catch(fail);
    });
  });
})();
