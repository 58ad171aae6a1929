// zwgk report: draws the plotly charts from their JSON, sorts tables on header click and
// filters rows. No dependencies besides plotly.min.js, which pages with charts load first.
"use strict";

(function () {
  function drawCharts() {
    if (typeof Plotly === "undefined") { return; }
    document.querySelectorAll('script[type="application/json"][data-chart-for]').forEach(function (node) {
      var target = document.getElementById(node.getAttribute("data-chart-for"));
      if (!target) { return; }
      var figure = JSON.parse(node.textContent);
      Plotly.newPlot(target, figure.data, figure.layout, { responsive: true, displaylogo: false });
    });
  }

  function cellKey(row, index, numeric) {
    var cell = row.cells[index];
    if (!cell) { return numeric ? NaN : ""; }
    var raw = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
    return numeric ? parseFloat(raw) : raw;
  }

  function compareNumbers(a, b) {
    var aMissing = isNaN(a), bMissing = isNaN(b);
    if (aMissing || bMissing) { return aMissing === bMissing ? 0 : (aMissing ? 1 : -1); }
    return a - b;
  }

  function sortTable(table, header) {
    var index = Array.prototype.indexOf.call(header.parentNode.children, header);
    var numeric = header.getAttribute("data-type") === "number";
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var collator = new Intl.Collator("zh-CN", { numeric: true });
    var body = table.tBodies[0];
    // read each key once, then sort the pairs (large rankings have thousands of rows)
    var keyed = Array.prototype.map.call(body.rows, function (row) { return [cellKey(row, index, numeric), row]; });
    keyed.sort(function (p1, p2) {
      var a = p1[0], b = p2[0];
      var order = numeric ? compareNumbers(a, b) : collator.compare(a, b);
      // missing numbers stay at the bottom whichever way the column is sorted
      if (numeric && (isNaN(a) || isNaN(b))) { return order; }
      return ascending ? order : -order;
    });
    var rows = keyed.map(function (pair) { return pair[1]; });
    header.parentNode.querySelectorAll("th").forEach(function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var fragment = document.createDocumentFragment();
    rows.forEach(function (row) { fragment.appendChild(row); });
    body.appendChild(fragment);
  }

  function enableSorting() {
    document.querySelectorAll("table.sortable").forEach(function (table) {
      table.querySelectorAll("thead th").forEach(function (header) {
        header.setAttribute("tabindex", "0");
        header.addEventListener("click", function () { sortTable(table, header); });
        header.addEventListener("keydown", function (event) {
          if (event.key === "Enter") { sortTable(table, header); }
        });
      });
    });
  }

  function enableFilters() {
    document.querySelectorAll(".filters[data-filter-for]").forEach(function (bar) {
      var table = document.getElementById(bar.getAttribute("data-filter-for"));
      if (!table) { return; }
      var selects = bar.querySelectorAll("select[data-filter-attr]");
      var text = bar.querySelector("input[data-filter-text]");
      var counter = bar.querySelector(".filter-count");
      function apply() {
        var needle = text ? text.value.trim().toLowerCase() : "";
        var shown = 0, rows = table.tBodies[0].rows;
        Array.prototype.forEach.call(rows, function (row) {
          var visible = Array.prototype.every.call(selects, function (select) {
            return !select.value || row.getAttribute("data-" + select.getAttribute("data-filter-attr")) === select.value;
          }) && (!needle || row.textContent.toLowerCase().indexOf(needle) !== -1);
          row.hidden = !visible;
          if (visible) { shown += 1; }
        });
        if (counter) { counter.textContent = "显示 " + shown + " / " + rows.length + " 行"; }
      }
      selects.forEach(function (select) { select.addEventListener("change", apply); });
      if (text) { text.addEventListener("input", apply); }
      apply();
    });
  }

  // Evidence pages: show the snapshot's source as text, read from the sandboxed frame's srcdoc.
  function fillSources() {
    document.querySelectorAll("pre[data-source-of]").forEach(function (pre) {
      var frame = document.getElementById(pre.getAttribute("data-source-of"));
      if (!frame) { return; }
      var skip = parseInt(pre.getAttribute("data-skip") || "0", 10);
      pre.textContent = (frame.getAttribute("srcdoc") || "").slice(skip);
    });
  }

  function start() {
    fillSources();
    enableSorting();
    enableFilters();
    drawCharts();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
