/* Live search for the header search box: an ARIA combobox over suggestions fetched by htmx.
 * Progressive enhancement: without this file (or without JavaScript) the box simply submits
 * to the results page. No inline script or style is needed. */
(function () {
  "use strict";

  var script = document.currentScript;

  function addStylesheet() {
    if (!script || document.querySelector("link[data-search-live]")) return;
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = script.src.replace(/live\.js(\?.*)?$/, "live.css");
    link.setAttribute("data-search-live", "");
    document.head.appendChild(link);
  }

  function options(listbox) {
    return Array.prototype.slice.call(
      listbox.querySelectorAll('[role="option"]:not([aria-disabled="true"])')
    );
  }

  function setOpen(input, listbox, open) {
    input.setAttribute("aria-expanded", open ? "true" : "false");
    listbox.hidden = !open;
    if (!open) {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function move(input, listbox, step) {
    var items = options(listbox);
    if (!items.length) return;
    var current = items.findIndex(function (item) {
      return item.getAttribute("aria-selected") === "true";
    });
    var next = current + step;
    if (next < 0) next = items.length - 1;
    if (next >= items.length) next = 0;
    items.forEach(function (item, index) {
      item.setAttribute("aria-selected", index === next ? "true" : "false");
    });
    input.setAttribute("aria-activedescendant", items[next].id);
    setOpen(input, listbox, true);
    items[next].scrollIntoView({ block: "nearest" });
  }

  function enhance(input) {
    var form = input.form;
    var box = (input.id || "search-q-box").replace(/^search-q-/, "");
    var listId = "search-live-" + box;
    var listbox = document.getElementById(listId);
    if (!listbox) {
      listbox = document.createElement("ul");
      listbox.id = listId;
      listbox.className = "search-live";
      listbox.setAttribute("role", "listbox");
      listbox.setAttribute("aria-label", "Suggestions");
      listbox.hidden = true;
      input.insertAdjacentElement("afterend", listbox);
    }
    if (!input.hasAttribute("hx-get")) {
      var url = (form.getAttribute("data-live-url") || form.getAttribute("action") + "live/");
      input.setAttribute("hx-get", url);
      input.setAttribute("hx-trigger", "input changed delay:200ms, search");
      input.setAttribute("hx-target", "#" + listId);
      input.setAttribute("hx-include", "closest form");
      input.setAttribute("hx-vals", JSON.stringify({ box: box }));
      input.setAttribute("hx-sync", "this:replace");
      if (window.htmx) window.htmx.process(input);
    }
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("aria-expanded", "false");
    form.classList.add("search-live-form");

    listbox.addEventListener("htmx:afterSwap", function () {
      setOpen(input, listbox, listbox.children.length > 0 && input.value.trim() !== "");
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        move(input, listbox, 1);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        move(input, listbox, -1);
      } else if (event.key === "Escape") {
        if (!listbox.hidden) {
          // Close the suggestions and keep the words; only a second Escape clears the box.
          event.preventDefault();
          setOpen(input, listbox, false);
        }
      } else if (event.key === "Enter") {
        var active = input.getAttribute("aria-activedescendant");
        var option = active && document.getElementById(active);
        if (option && option.href && !listbox.hidden) {
          event.preventDefault();
          window.location.assign(option.href);
        }
      }
    });
    input.addEventListener("blur", function () {
      window.setTimeout(function () {
        setOpen(input, listbox, false);
      }, 150);
    });
    listbox.addEventListener("mousedown", function (event) {
      event.preventDefault(); // keep focus in the box so the click reaches the link
    });
  }

  function start() {
    addStylesheet();
    var inputs = document.querySelectorAll('form[role="search"] input[name="q"]');
    Array.prototype.forEach.call(inputs, enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
