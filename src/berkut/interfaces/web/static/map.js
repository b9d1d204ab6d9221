/* The event map: bundled Natural Earth borders under circle markers, no tile server. */
(function () {
  "use strict";
  var points = JSON.parse(document.getElementById("points").textContent);
  var node = document.getElementById("map");
  var map = L.map(node, {worldCopyJump: true, attributionControl: true}).setView([40, 60], 3);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Borders: Natural Earth");

  function colour(g) { return g >= 2 ? "#1a9850" : g > 0 ? "#91cf60" : g > -2 ? "#fc8d59" : "#d73027"; }

  function addPoints() {
    points.forEach(function (p) {
      var marker = L.circleMarker([p.lat, p.lon], {
        radius: Math.min(30, 5 + 3 * Math.sqrt(p.events)), color: "#333", weight: 1,
        fillColor: colour(p.goldstein_mean), fillOpacity: 0.8
      }).addTo(map);
      var box = document.createElement("div");
      var title = document.createElement("strong");
      title.textContent = (p.name || "?") + (p.country ? " (" + p.country + ")" : "");
      var line = document.createElement("div");
      line.textContent = p.events + " events · mean Goldstein " + p.goldstein_mean;
      var link = document.createElement("a");
      link.href = "/events?near=" + p.lat + "," + p.lon + "&radius_km=5";
      link.textContent = "list them";
      box.append(title, line, link);
      marker.bindPopup(box);
    });
    node.dataset.ready = "true";
  }

  // frame the events before drawing anything, without animation, so every layer is drawn for the
  // final view (an animated zoom left the borders clipped to the first view's extent)
  if (points.length) {
    map.fitBounds(points.map(function (p) { return [p.lat, p.lon]; }), {padding: [60, 60], maxZoom: 5, animate: false});
  }

  fetch("/static/vendor/world-110m.geojson").then(function (r) { return r.json(); }).then(function (world) {
    L.geoJSON(world, {
      style: {color: "#8a8a8a", weight: 0.7, fillColor: "#f3f1ea", fillOpacity: 1},
      onEachFeature: function (feature, layer) { layer.bindTooltip(feature.properties.name, {sticky: true}); }
    }).addTo(map);
    addPoints();
  }).catch(addPoints);
})();
