/* Accessible names that the administration's widgets leave out:
 * - an autocomplete box (select2) is named by its field's label;
 * - the filter icon of a two-box selector is an image, named by its description.
 * Runs after the admin's own set-up on load, and again for each inline row added. */
(function () {
  "use strict";

  function labelId(select) {
    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    if (!label) return "";
    if (!label.id) label.id = select.id + "-label";
    return label.id;
  }

  function nameAutocompletes() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var id = labelId(select);
      var container = select.nextElementSibling;
      if (!id || !container || !container.classList.contains("select2")) return;
      var named = container.querySelectorAll(
        '[role="combobox"], [role="textbox"], .select2-search__field'
      );
      named.forEach(function (el) {
        var ids = (el.getAttribute("aria-labelledby") || "").split(/\s+/).filter(Boolean);
        // The box that shows the choice is named by the label and the choice itself.
        if (el.getAttribute("role") === "textbox" && el.id && ids.indexOf(el.id) === -1) {
          ids.push(el.id);
        }
        if (ids.indexOf(id) === -1) ids.unshift(id);
        el.setAttribute("aria-labelledby", ids.join(" "));
      });
    });
  }

  function nameFilterIcons() {
    document.querySelectorAll(".help-tooltip[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }

  function fix() {
    // After the handlers that build the widgets, which were registered before this one.
    window.setTimeout(function () {
      nameAutocompletes();
      nameFilterIcons();
    }, 0);
  }

  window.addEventListener("load", fix);
  document.addEventListener("formset:added", fix);
})();
