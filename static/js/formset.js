/* Add formset rows in the browser: clone the row template, renumber, bump TOTAL_FORMS.
   Nothing typed in other rows is touched, and no request is made. */
(function () {
  "use strict";
  document.querySelectorAll("[data-formset]").forEach(function (container) {
    var prefix = container.getAttribute("data-formset");
    var total = container.querySelector("#id_" + prefix + "-TOTAL_FORMS");
    var template = container.querySelector("template[data-formset-template]");
    var rows = container.querySelector("[data-formset-rows]");
    var button = container.querySelector("[data-formset-add]");
    if (!total || !template || !rows || !button) {
      return;
    }
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var row = holder.firstElementChild;
      rows.appendChild(row);
      total.value = String(index + 1);
      var first = row.querySelector("textarea, input:not([type=hidden]), select");
      if (first) {
        first.focus();
      }
    });
  });
})();
