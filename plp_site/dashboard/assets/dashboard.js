/* The staff dashboard's sorting, filters and search: everything happens in this page, nothing is fetched. */
(function () {
  "use strict";
  var table = document.getElementById("students");
  var form = document.getElementById("filters");
  var status = document.getElementById("row-count");
  if (!table || !form || !status) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var texts = rows.map(function (row) {
    var cells = row.cells;
    return {
      search: (cells[0].textContent + " " + cells[2].textContent).toLowerCase(),
      grade: cells[1].textContent.trim(),
      advisor: cells[2].textContent.trim(),
      attention: " " + (row.getAttribute("data-attention") || "") + " "
    };
  });
  var findings = {};
  Array.prototype.forEach.call(document.querySelectorAll("details[data-student]"), function (item) {
    findings[item.getAttribute("data-student")] = item;
  });

  function value(name) {
    var field = form.elements.namedItem(name);
    return field ? field.value : "";
  }

  function say(shown) {
    var total = rows.length;
    var template = shown === total ? status.getAttribute("data-all") : status.getAttribute("data-one");
    status.textContent = template.replace("{shown}", String(shown)).replace("{total}", String(total));
  }

  function apply() {
    var query = value("q").trim().toLowerCase();
    var grade = value("grade"), advisor = value("advisor"), state = value("status");
    var complete = value("complete"), attention = value("attention");
    var shown = 0;
    rows.forEach(function (row, index) {
      var text = texts[index];
      var keep = (!query || text.search.indexOf(query) >= 0)
        && (!grade || text.grade === grade)
        && (!advisor || text.advisor === advisor)
        && (!state || row.getAttribute("data-status") === state)
        && (!complete || row.getAttribute("data-complete") === complete)
        && (!attention || text.attention.indexOf(" " + attention + " ") >= 0);
      row.hidden = !keep;
      if (findings[row.id]) findings[row.id].hidden = !keep;
      if (keep) shown += 1;
    });
    say(shown);
  }

  function key(cell, kind) {
    var text = cell.textContent.trim();
    if (kind === "number") {
      var number = parseFloat(text);
      return isNaN(number) ? -1 : number;
    }
    return text.toLowerCase();
  }

  function sort(column, header) {
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var kind = header.getAttribute("data-sort");
    var keyed = rows.map(function (row, index) { return [key(row.cells[column], kind), index, row]; });
    keyed.sort(function (a, b) {
      var order = a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
      return (ascending ? order : -order) || a[1] - b[1];
    });
    headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var fragment = document.createDocumentFragment();
    keyed.forEach(function (item) { fragment.appendChild(item[2]); });
    body.appendChild(fragment);
    rows = keyed.map(function (item) { return item[2]; });
    texts = keyed.map(function (item) { return texts[item[1]]; });
  }

  headers.forEach(function (header, column) {
    if (!header.hasAttribute("data-sort")) return;
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = header.textContent;
    var arrow = document.createElement("span");
    arrow.setAttribute("aria-hidden", "true");
    arrow.className = "arrow";
    button.appendChild(arrow);
    header.textContent = "";
    header.appendChild(button);
    button.addEventListener("click", function () { sort(column, header); });
  });

  function fromHash() {
    var match = /^#attention-([a-z_]+)$/.exec(window.location.hash);
    var field = form.elements.namedItem("attention");
    if (!match || !field) return false;
    form.reset();
    field.value = match[1];
    apply();
    table.scrollIntoView();
    return true;
  }

  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  Array.prototype.forEach.call(document.querySelectorAll("a[data-attention]"), function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      window.history.replaceState(null, "", link.getAttribute("href"));
      fromHash();
      status.focus();
    });
  });
  window.addEventListener("hashchange", fromHash);
  form.hidden = false;
  status.tabIndex = -1;
  if (!fromHash()) apply();
  document.documentElement.setAttribute("data-ready", "");
  if (window.performance && performance.mark) performance.mark("dashboard-ready");
}());
