// Staff upload on a document page, when htmx sends the form: a size check before anything is
// sent, a progress bar while it is sent, and a message if the server or network fails.
// Without JavaScript the same form posts normally and the server says the same things.
(function () {
  "use strict";

  function uploadForm(event) {
    var element = event.target;
    return element && element.closest ? element.closest("form[data-upload-form]") : null;
  }

  function showErrors(form, lead, items) {
    var status = form.querySelector("[data-upload-status]");
    var alert = document.createElement("div");
    alert.className = "usa-alert usa-alert--error usa-alert--slim";
    alert.setAttribute("role", "alert");
    var body = document.createElement("div");
    body.className = "usa-alert__body";
    var text = document.createElement("p");
    text.className = "usa-alert__text";
    text.textContent = lead;
    body.appendChild(text);
    if (items.length) {
      var list = document.createElement("ul");
      list.className = "usa-list";
      items.forEach(function (item) {
        var entry = document.createElement("li");
        entry.textContent = item;
        list.appendChild(entry);
      });
      body.appendChild(list);
    }
    alert.appendChild(body);
    status.replaceChildren(alert);
  }

  function progress(form, shown, percent) {
    var box = form.querySelector("[data-upload-progress]");
    if (!box) return;
    box.hidden = !shown;
    var bar = box.querySelector("progress");
    bar.value = percent;
    bar.textContent = percent + "%";
  }

  function megabytes(bytes) {
    return (bytes / (1024 * 1024)).toFixed(1) + " MB";
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = uploadForm(event);
    if (!form) return;
    var limit = Number(form.dataset.maxBytes);
    var input = form.querySelector("input[type=file]");
    var tooLarge = Array.prototype.filter
      .call(input.files, function (file) { return limit && file.size > limit; })
      .map(function (file) {
        return file.name + ": the file is " + megabytes(file.size) +
          ", larger than the limit of " + megabytes(limit) + ".";
      });
    if (tooLarge.length) {
      event.preventDefault();
      showErrors(form, "Nothing was uploaded. Remove these files and try again:", tooLarge);
      return;
    }
    progress(form, true, 0);
  });

  document.addEventListener("htmx:xhr:progress", function (event) {
    var form = uploadForm(event);
    if (!form || !event.detail.lengthComputable) return;
    progress(form, true, Math.round((100 * event.detail.loaded) / event.detail.total));
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var form = uploadForm(event);
    if (form) progress(form, false, 0);
  });

  document.addEventListener("htmx:responseError", function (event) {
    var form = uploadForm(event);
    if (!form) return;
    var status = event.detail.xhr.status;
    var reason = status === 413 ? "The upload is larger than the server accepts. Try again." :
      status === 503 ? "The library was busy saving other changes. Try again in a few seconds." :
      status === 507 ? "The library's storage is full; the files already in the library are " +
        "safe. Ask an administrator to free space, then try again." :
      "The server could not store the files (error " + status + "). Try again.";
    showErrors(form, "Nothing was uploaded. " + reason, []);
  });

  document.addEventListener("htmx:sendError", function (event) {
    var form = uploadForm(event);
    if (form) {
      showErrors(form, "The connection failed before the server answered. Reload the " +
        "page to see which files the document has, and try again.", []);
    }
  });
})();
