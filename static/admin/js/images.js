// The article form's photos: the library beside the story (a <dialog>: find a photo, or drop one
// in to upload it), the chosen photo's alt text, credit and caption filled in right there, then
// made the lead photo or inserted in the text as ![caption](image:N) on a paragraph of its own.
// The side panel's lead photo card follows the lead photo field, and files dropped on the
// writing area are uploaded too. Without this script the panel's autocomplete still chooses a
// lead photo, and the library's add page (a new tab) uploads one.
(function () {
  "use strict";

  var form = document.getElementById("article_form");
  var picker = document.getElementById("photo-picker");
  if (!form || !picker || !picker.showModal) { return; }
  var csrfInput = form.querySelector("input[name=csrfmiddlewaretoken]");
  var csrf = csrfInput ? csrfInput.value : "";
  var chooseUrl = picker.dataset.chooseUrl;
  var uploadUrl = picker.dataset.uploadUrl || "";
  var leadSelect = document.getElementById("id_lead_image");
  var leadCard = document.querySelector("[data-lead-card]");
  // Outside the article form: Enter in the picker's search must not save the story.
  document.body.appendChild(picker);

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function json(response) {
    return response.json().catch(function () {
      return {error: "The desk answered " + response.status + "; try again."};
    }).then(function (data) {
      if (!response.ok) { return Promise.reject(new Error(data.error || "Something went wrong.")); }
      return data;
    });
  }

  function send(url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin", headers: {"X-CSRFToken": csrf}, body: body
    }).then(json);
  }

  function find(params) {
    return fetch(chooseUrl + "?" + new URLSearchParams(params), {credentials: "same-origin"})
      .then(json);
  }

  function problems(photo) {
    return photo.missing.map(function (what) { return "No " + what; });
  }

  // --- The side panel's lead photo card -------------------------------------------------
  function drawLead(photo) {
    if (!leadCard) { return; }
    leadCard.textContent = "";
    if (!photo) {
      leadCard.appendChild(el("p", "desk-photo-none", "No lead photo yet."));
      return;
    }
    var thumb = el("div", "desk-photo-thumb");
    var image = el("img");
    image.src = photo.thumbnail_url;
    image.alt = photo.alt_text;
    thumb.appendChild(image);
    var about = el("div", "desk-photo-about");
    about.appendChild(el("p", "desk-photo-label", photo.label));
    var checks = el("ul", "desk-photo-checks");
    var missing = photo.missing;
    checks.appendChild(missing.indexOf("alt text") >= 0 ?
      el("li", "missing", "No alt text") : el("li", "ok", "Alt text given"));
    checks.appendChild(missing.indexOf("credit") >= 0 ?
      el("li", "missing", "No credit") : el("li", "ok", "Credit: " + photo.credit));
    if (photo.is_synthetic) { checks.appendChild(el("li", "ai", "AI-generated: readers are told")); }
    about.appendChild(checks);
    var links = el("p", "desk-photo-links");
    if (missing.length) {
      var fix = el("button", "desk-button desk-quiet", "Add " + missing.join(" and "));
      fix.type = "button";
      fix.addEventListener("click", function () { open("lead", photo); });
      links.appendChild(fix);
      links.appendChild(document.createTextNode(" "));
    }
    var page = el("a", "", "The photo's page");
    page.href = photo.change_url;
    page.target = "_blank";
    page.rel = "noopener";
    page.appendChild(el("span", "visually-hidden", " (opens in a new tab)"));
    links.appendChild(page);
    about.appendChild(links);
    leadCard.appendChild(thumb);
    leadCard.appendChild(about);
  }

  function leadId() { return leadSelect ? leadSelect.value : ""; }

  function refreshLead() {
    var id = leadId();
    if (!id) { drawLead(null); return; }
    find({id: id}).then(function (data) { drawLead(data.results[0] || null); }).catch(function () {});
  }

  function setLead(photo) {
    if (!leadSelect) { return; }
    var option = Array.prototype.find.call(leadSelect.options, function (o) {
      return o.value === String(photo.id);
    });
    if (!option) {
      option = new Option(photo.label, photo.id, true, true);
      leadSelect.appendChild(option);
    }
    option.textContent = photo.label;
    leadSelect.value = String(photo.id);
    if (window.django && window.django.jQuery) {
      window.django.jQuery(leadSelect).trigger("change");  // the autocomplete shows it
    } else {
      leadSelect.dispatchEvent(new Event("change"));
    }
    drawLead(photo);
  }

  if (leadSelect) {
    if (window.django && window.django.jQuery) {
      window.django.jQuery(leadSelect).on("change", refreshLead);
    } else {
      leadSelect.addEventListener("change", refreshLead);
    }
  }
  // A popup (the admin's pencil beside the field) may have changed the photo's words.
  window.addEventListener("focus", function () { if (leadId()) { refreshLead(); } });

  // --- Inserting in the text ------------------------------------------------------------
  var savedCursor = null;

  function editor() { return window.deskEditor || null; }

  function rememberCursor() {
    var mde = editor();
    savedCursor = mde ? mde.codemirror.getCursor() : null;
  }

  // The reference on a paragraph of its own: after the line the cursor is on, with a blank
  // line before and after it.
  function ownParagraph(before, after, text) {
    var lead = before === "" || /\n\n$/.test(before) ? "" : (/\n$/.test(before) ? "\n" : "\n\n");
    var tail = /^\n\n/.test(after) ? "" : (/^\n/.test(after) ? "\n" : "\n\n");
    return lead + text + tail;
  }

  function insertInline(photo) {
    var mde = editor();
    if (mde) {
      var cm = mde.codemirror;
      var doc = cm.getDoc();
      var at = savedCursor || doc.getCursor();
      var end = {line: at.line, ch: doc.getLine(at.line).length};
      var last = doc.lastLine();
      var before = doc.getRange({line: 0, ch: 0}, end);
      var after = doc.getRange(end, {line: last, ch: doc.getLine(last).length});
      var text = ownParagraph(before, after, photo.markdown);
      doc.replaceRange(text, end);
      var lines = text.split("\n");
      var stop = {line: end.line + lines.length - 1, ch: lines[lines.length - 1].length};
      if (/\n\n$/.test(text)) { stop = {line: stop.line, ch: 0}; }
      doc.setCursor(stop);
      savedCursor = null;
      setTimeout(function () { cm.focus(); }, 0);
      return;
    }
    var body = document.getElementById("id_body");
    if (!body) { return; }
    var position = body.value.indexOf("\n", body.selectionEnd);
    if (position < 0) { position = body.value.length; }
    var insert = ownParagraph(body.value.slice(0, position), body.value.slice(position), photo.markdown);
    body.value = body.value.slice(0, position) + insert + body.value.slice(position);
    body.dispatchEvent(new Event("input"));
    body.focus();
  }

  // --- The picker -------------------------------------------------------------------------
  var steps = {
    pick: picker.querySelector("[data-photo-step=pick]"),
    chosen: picker.querySelector("[data-photo-step=chosen]")
  };
  var search = picker.querySelector("#photo-picker-q");
  var results = picker.querySelector(".photo-results");
  var count = picker.querySelector(".photo-picker-count");
  var preview = picker.querySelector("[data-photo-preview]");
  var note = picker.querySelector("[data-photo-note]");
  var state = picker.querySelector("[data-photo-state]");
  var pageLink = picker.querySelector("[data-photo-page]");
  var fields = Array.prototype.slice.call(picker.querySelectorAll("[data-photo-field]"));
  var actions = {};
  Array.prototype.forEach.call(picker.querySelectorAll("[data-photo-action]"), function (button) {
    actions[button.dataset.photoAction] = button;
  });
  var mode = "inline";
  var chosen = null;
  var opener = null;

  function show(step) {
    Object.keys(steps).forEach(function (name) { steps[name].hidden = name !== step; });
  }

  function open(wanted, photo, message) {
    mode = wanted || "inline";
    if (!picker.open) {
      opener = document.activeElement;
      if (mode === "inline") { rememberCursor(); }
      picker.showModal();
    }
    actions.lead.classList.toggle("desk-primary", mode === "lead");
    actions.inline.classList.toggle("desk-primary", mode === "inline");
    // The chosen mode's button first, where the eye and Tab reach it first.
    var first = mode === "lead" ? actions.lead : actions.inline;
    first.parentNode.insertBefore(first, first.parentNode.firstChild);
    if (photo) {
      choose(photo, message);
    } else {
      show("pick");
      list(search.value);
      search.focus();
    }
  }

  function close() {
    if (picker.open) { picker.close(); }
  }
  picker.addEventListener("close", function () {
    if (opener && document.contains(opener)) { opener.focus(); }
    opener = null;
  });
  picker.querySelector("[data-photo-close]").addEventListener("click", close);

  var listing = null;
  function list(query) {
    var request = listing = find(query ? {q: query} : {});
    count.textContent = "Looking…";
    request.then(function (data) {
      if (request !== listing) { return; }
      results.textContent = "";
      var found = data.results;
      count.textContent = found.length ?
        (query ? found.length + (data.more ? "+" : "") + " matching “" + query + "”:" :
          "The newest photos:") :
        (query ? "No photo matches “" + query + "”." : "The library is empty: drop a photo in.");
      found.forEach(function (photo) {
        var item = el("li");
        var button = el("button", "photo-result");
        button.type = "button";
        var image = el("img");
        image.src = photo.thumbnail_url;
        image.alt = "";
        button.appendChild(image);
        button.appendChild(el("span", "photo-result-label", photo.label));
        var flags = problems(photo);
        if (photo.is_synthetic) { flags.push("AI-generated"); }
        if (flags.length) { button.appendChild(el("span", "photo-result-flags", flags.join(" · "))); }
        button.addEventListener("click", function () { choose(photo); });
        item.appendChild(button);
        results.appendChild(item);
      });
    }).catch(function (error) {
      if (request === listing) { count.textContent = error.message; }
    });
  }
  var typing = null;
  search.addEventListener("input", function () {
    clearTimeout(typing);
    typing = setTimeout(function () { list(search.value.trim()); }, 250);
  });
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { event.preventDefault(); list(search.value.trim()); }
  });

  function choose(photo, message) {
    chosen = photo;
    preview.src = photo.preview_url || photo.thumbnail_url;
    preview.alt = photo.alt_text;
    note.textContent = (message ? message + " " : "") + photo.width + " × " + photo.height +
      (photo.is_synthetic ? " · " + photo.source_type : "");
    fields.forEach(function (input) { input.value = photo[input.dataset.photoField] || ""; });
    pageLink.href = photo.change_url;
    state.textContent = photo.missing.length ?
      "Publishing needs its " + photo.missing.join(" and ") + "." : "";
    actions.lead.hidden = !leadSelect;
    actions.inline.hidden = !editor() && !document.getElementById("id_body");
    show("chosen");
    var empty = fields.find(function (input) {
      return input.dataset.photoField !== "caption" && !input.value.trim();
    });
    (empty || (mode === "lead" ? actions.lead : actions.inline)).focus();
  }

  function changedFields() {
    var changed = new URLSearchParams();
    fields.forEach(function (input) {
      var name = input.dataset.photoField;
      if (input.value.trim() !== (chosen[name] || "")) { changed.append(name, input.value.trim()); }
    });
    return changed;
  }

  // The details typed, saved to the library before the photo is used (or on their own).
  function saveDetails() {
    var changed = changedFields();
    if (!Array.from(changed.keys()).length) { return Promise.resolve(chosen); }
    state.textContent = "Saving…";
    return send(chosen.describe_url, changed).then(function (photo) {
      chosen = photo;
      state.textContent = photo.missing.length ?
        "Saved. Publishing still needs its " + photo.missing.join(" and ") + "." : "Saved.";
      if (leadId() === String(photo.id)) { drawLead(photo); }
      return photo;
    }).catch(function (error) {
      state.textContent = "Not saved: " + error.message;
      return Promise.reject(error);
    });
  }

  actions.save.addEventListener("click", function () { saveDetails().catch(function () {}); });
  actions.back.addEventListener("click", function () {
    show("pick");
    list(search.value.trim());
    search.focus();
  });
  actions.lead.addEventListener("click", function () {
    saveDetails().then(function (photo) {
      setLead(photo);
      close();
      var heading = document.getElementById("lead-photo-heading");
      if (heading) { heading.scrollIntoView({block: "nearest"}); }
    }).catch(function () {});
  });
  actions.inline.addEventListener("click", function () {
    saveDetails().then(function (photo) {
      close();
      insertInline(photo);
    }).catch(function () {});
  });

  // --- Uploading: a drop zone, its file button, or a file dropped on the writing area ------
  function upload(file, status, wanted) {
    if (!uploadUrl) { return; }
    var data = new FormData();
    data.append("file", file);
    if (status) { status.textContent = "Uploading " + file.name + "…"; }
    send(uploadUrl, data).then(function (photo) {
      if (status) { status.textContent = ""; }
      open(wanted, photo, photo.created ? "Uploaded." : "Already in the library.");
    }).catch(function (error) {
      if (status) {
        status.textContent = "Not uploaded: " + error.message;
      } else {
        window.alert("The photo was not uploaded: " + error.message);
      }
    });
  }

  function dropZone(zone, wanted) {
    var input = zone.querySelector("input[type=file]");
    var status = zone.querySelector(".photo-status");
    var button = zone.querySelector("[data-photo-file]");
    zone.hidden = false;
    if (button && input) { button.addEventListener("click", function () { input.click(); }); }
    if (input) {
      input.addEventListener("change", function () {
        if (input.files.length) { upload(input.files[0], status, wanted || mode); }
        input.value = "";
      });
    }
    ["dragenter", "dragover"].forEach(function (type) {
      zone.addEventListener(type, function (event) {
        if (!uploadUrl || !event.dataTransfer || event.dataTransfer.types.indexOf("Files") < 0) { return; }
        event.preventDefault();
        event.dataTransfer.dropEffect = "copy";
        zone.classList.add("over");
      });
    });
    ["dragleave", "drop"].forEach(function (type) {
      zone.addEventListener(type, function () { zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (event) {
      if (!uploadUrl || !event.dataTransfer || !event.dataTransfer.files.length) { return; }
      event.preventDefault();
      upload(event.dataTransfer.files[0], status, wanted || mode);
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-photo-drop]"), function (zone) {
    dropZone(zone, zone.dataset.photoDrop || "");
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-photo-nojs]"), function (node) {
    node.hidden = true;
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-photo-picker]"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { open(button.dataset.photoPicker); });
  });
  document.addEventListener("desk:choose-photo", function (event) {
    open((event.detail && event.detail.mode) || "inline");
  });

  var mde = editor();
  if (mde && uploadUrl) {
    mde.codemirror.on("drop", function (cm, event) {
      if (!event.dataTransfer || !event.dataTransfer.files.length) { return; }
      event.preventDefault();
      cm.setCursor(cm.coordsChar({left: event.clientX, top: event.clientY}));
      rememberCursor();
      upload(event.dataTransfer.files[0], null, "inline");
    });
  }
})();
