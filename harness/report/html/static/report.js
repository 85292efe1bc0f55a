(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (form) {
    var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]"));
    var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-pairs]"));
    var marks = Array.prototype.slice.call(document.querySelectorAll("mark[data-pairs], a.tag[data-pairs]"));
    var shown = document.getElementById("shown");
    var apply = function () {
      var on = {};
      boxes.forEach(function (b) { on[b.name + ":" + b.value] = b.checked; });
      var match = function (p) {
        var f = p.split(":");
        return on["type:" + f[0]] !== false && on["outcome:" + f[1]] !== false &&
          (f[2] !== "1" || on["optional:1"] !== false);
      };
      var n = 0;
      rows.forEach(function (tr) {
        var ok = match(tr.getAttribute("data-pairs"));
        tr.hidden = !ok;
        if (ok) { n += 1; }
      });
      marks.forEach(function (el) {
        el.classList.toggle("off", !el.getAttribute("data-pairs").split(" ").some(match));
      });
      if (shown) { shown.textContent = n + " of " + rows.length + " facts shown"; }
    };
    boxes.forEach(function (b) { b.addEventListener("change", apply); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    apply();
    form.hidden = false;
  }
  document.body.setAttribute("data-js", "ok");
})();
