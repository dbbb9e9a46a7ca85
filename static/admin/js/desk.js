// The writing desk (the article form): the Markdown editor with a preview the server renders,
// the headline's length, the tabs below the story, and the quote check beside it. Everything
// here improves a form that works without it: the plain textarea, the stacked sections, the
// suggestions page.
(function () {
  "use strict";

  var form = document.getElementById("article_form");
  if (!form) { return; }
  var csrfInput = form.querySelector("input[name=csrfmiddlewaretoken]");
  var csrf = csrfInput ? csrfInput.value : "";

  function post(url, data) {
    var body = new URLSearchParams();
    Object.keys(data).forEach(function (key) { body.append(key, data[key]); });
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {"X-CSRFToken": csrf},
      body: body
    });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  // --- Tabs below the story ---------------------------------------------------------------
  var tabs = document.querySelector("[data-desk-tabs]");
  var showTabFor = function () {};
  if (tabs) {
    var sections = Array.prototype.slice.call(tabs.querySelectorAll(":scope > .desk-tab"));
    if (sections.length > 1) {
      var list = el("div", "desk-tablist");
      list.setAttribute("role", "tablist");
      list.setAttribute("aria-label", "More about this story");
      var buttons = sections.map(function (section, index) {
        var id = "desk-tab-" + index;
        var button = el("button", "", section.dataset.tabLabel);
        button.type = "button";
        button.id = id + "-button";
        button.setAttribute("role", "tab");
        button.setAttribute("aria-controls", id);
        section.id = id;
        section.setAttribute("role", "tabpanel");
        section.setAttribute("aria-labelledby", button.id);
        button.addEventListener("click", function () { select(index); });
        button.addEventListener("keydown", function (event) {
          var step = {ArrowRight: 1, ArrowLeft: -1}[event.key];
          if (!step) { return; }
          var next = (index + step + sections.length) % sections.length;
          select(next);
          buttons[next].focus();
        });
        list.appendChild(button);
        return button;
      });
      tabs.insertBefore(list, tabs.firstChild);
      var select = function (chosen) {
        sections.forEach(function (section, index) {
          var selected = index === chosen;
          section.hidden = !selected;
          buttons[index].setAttribute("aria-selected", selected ? "true" : "false");
          buttons[index].tabIndex = selected ? 0 : -1;
        });
      };
      // Open on the first tab with an error in it, else the first.
      var withError = sections.findIndex(function (section) {
        return section.querySelector(".errorlist, .errors");
      });
      select(withError >= 0 ? withError : 0);
      showTabFor = function (target) {
        var index = sections.findIndex(function (section) { return section.contains(target); });
        if (index >= 0) { select(index); }
      };
    }
  }

  // A link to a field (a refusal's "it has no byline") opens its tab and focuses it.
  function reveal(id) {
    var target = document.getElementById(id);
    if (!target) { return; }
    showTabFor(target);
    target.scrollIntoView({block: "center"});
    var focusable = target.matches("input, textarea, select, button") ? target :
      target.querySelector("input:not([type=hidden]), textarea, select, button, a");
    // An autocomplete's own select is hidden behind the box that stands for it.
    if (focusable && focusable.classList.contains("select2-hidden-accessible")) {
      focusable = focusable.parentNode.querySelector(".select2-selection") || focusable;
    }
    if (focusable) { focusable.focus({preventScroll: true}); }
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link || link.getAttribute("href").length < 2) { return; }
    var id = link.getAttribute("href").slice(1);
    if (document.getElementById(id)) {
      event.preventDefault();
      reveal(id);
    }
  });
  if (location.hash.length > 1) { reveal(location.hash.slice(1)); }

  // An empty autocomplete (select2) shows its placeholder in a box with no name of its own
  // (select2 names it only once something is chosen): name it after its select.
  function nameAutocompletes() {
    Array.prototype.forEach.call(form.querySelectorAll("select.admin-autocomplete"), function (select) {
      var box = document.getElementById("select2-" + select.id + "-container");
      if (!box) { return; }
      var chosen = select.selectedOptions[0];
      var name = select.getAttribute("aria-label") || select.name;
      box.setAttribute("aria-label", chosen && chosen.value ?
        name + ": " + chosen.textContent.trim() : name + ": none chosen");
    });
  }
  window.addEventListener("load", function () {
    nameAutocompletes();
    if (window.django && window.django.jQuery) {
      window.django.jQuery(form).on("change", "select.admin-autocomplete", function () {
        setTimeout(nameAutocompletes, 0);
      });
    }
  });

  // --- The headline's length ------------------------------------------------------------
  var HEADLINE_ADVISED = 70;  // search results and social cards cut longer ones
  var headline = document.getElementById("id_headline");
  if (headline) {
    var hint = el("p", "desk-hint");
    hint.id = "id_headline_hint";
    hint.setAttribute("aria-live", "polite");
    headline.insertAdjacentElement("afterend", hint);
    headline.setAttribute("aria-describedby", hint.id);
    var showLength = function () {
      var length = Array.from(headline.value.trim()).length;
      var over = length > HEADLINE_ADVISED;
      hint.classList.toggle("over", over);
      hint.textContent = length + " characters" + (over ?
        " — over " + HEADLINE_ADVISED + ": search results and social cards will cut it." :
        " (up to " + HEADLINE_ADVISED + " show in full in search results).");
    };
    headline.addEventListener("input", showLength);
    showLength();
  }

  // --- The Markdown editor --------------------------------------------------------------
  var body = document.getElementById("id_body");
  var writing = document.querySelector(".desk-writing");
  var renderUrl = writing ? writing.dataset.renderUrl : "";
  var editor = null;
  var WORDS_PER_MINUTE = 230;

  function words(text) {
    var found = text.replace(/[#>*_`~\[\]()!-]/g, " ").match(/[\p{L}\p{N}][\p{L}\p{N}'’.-]*/gu);
    return found ? found.length : 0;
  }

  function readingTime(text) {
    var count = words(text);
    return count ? Math.max(1, Math.round(count / WORDS_PER_MINUTE)) + " min read" : "";
  }

  function serverPreview(text, preview) {
    if (!renderUrl) { return "<p>Preview is not available.</p>"; }
    post(renderUrl, {body: text}).then(function (response) {
      return response.ok ? response.text() : Promise.reject(response.status);
    }).then(function (html) {
      preview.innerHTML = html;  // sanitised by the server, as the site does
    }).catch(function () {
      preview.textContent = "The preview could not be rendered; the text is safe in the editor.";
    });
    return preview.innerHTML || "<p>Rendering…</p>";
  }

  // The toolbar's Photo button opens the photo library (static/admin/js/images.js), which
  // inserts ![caption](image:N) on a paragraph of its own at the cursor, never an address.
  function choosePhoto() {
    document.dispatchEvent(new CustomEvent("desk:choose-photo", {detail: {mode: "inline"}}));
  }

  if (body && window.EasyMDE) {
    var button = function (name, action, text, title, className) {
      return {name: name, action: action, text: text, title: title, className: className || name};
    };
    var M = window.EasyMDE;
    editor = new M({
      element: body,
      forceSync: true,
      inputStyle: "contenteditable",  // typed into the page itself: screen readers follow it
      spellChecker: false,
      nativeSpellcheck: true,
      autoDownloadFontAwesome: false,
      autosave: {enabled: false},
      maxHeight: "640px",  // a long story scrolls inside the editor; the panel stays in reach
      status: [
        {className: "word-count", defaultValue: function (node) { node.textContent = words(body.value) + " words"; },
          onUpdate: function (node) { node.textContent = words(editor.value()) + " words"; }},
        {className: "reading-time", defaultValue: function (node) {
          node.textContent = readingTime(body.value); },
          onUpdate: function (node) {
            node.textContent = readingTime(editor.value()); }},
        "cursor"
      ],
      toolbar: [
        button("bold", M.toggleBold, "B", "Bold"),
        button("italic", M.toggleItalic, "I", "Italic"),
        button("heading", M.toggleHeading2, "H", "Subhead"),
        "|",
        button("quote", M.toggleBlockquote, "❝", "Block quote"),
        button("unordered-list", M.toggleUnorderedList, "• List", "• List, bulleted"),
        button("ordered-list", M.toggleOrderedList, "1. List", "1. List, numbered"),
        button("link", M.drawLink, "Link", "Link"),
        document.getElementById("photo-picker") ?
          button("image", choosePhoto, "Photo", "Insert a photo from the library") : null,
        "|",
        button("preview", M.togglePreview, "Preview", "Preview as readers see it", "preview no-disable"),
        button("side-by-side", M.toggleSideBySide, "Side by side", "Text and preview side by side",
          "side-by-side no-disable no-mobile"),
        "|",
        {name: "guide", action: "https://commonmark.org/help/", text: "?", title: "Markdown guide",
          className: "guide no-disable"}
      ].filter(Boolean),
      previewRender: serverPreview,
      renderingConfig: {singleLineBreaks: false},
      sideBySideFullscreen: false,
      shortcuts: {togglePreview: "Ctrl-Alt-P", toggleSideBySide: null, toggleFullScreen: null}
    });
    window.deskEditor = editor;  // for the browser tests and anyone scripting the desk
    // The editor types into a textarea of its own: it is the body field for assistive tech.
    var label = form.querySelector("label[for=id_body]");
    var input = editor.codemirror.getInputField();
    input.setAttribute("aria-label", label ? label.textContent.replace(/:\s*$/, "") : "Body");
    if (label) {
      label.addEventListener("click", function (event) {
        event.preventDefault();
        editor.codemirror.focus();
      });
    }
    if (body.getAttribute("aria-describedby")) {
      input.setAttribute("aria-describedby", body.getAttribute("aria-describedby"));
    }
  }

  function bodyText() { return editor ? editor.value() : (body ? body.value : ""); }

  // --- Who said what: the quote check beside the text -----------------------------------
  var panel = document.getElementById("quote-check");
  if (!panel || !panel.dataset.quoteCheckUrl) { return; }
  var listBox = panel.querySelector(".desk-quotes-list");
  var staticList = panel.querySelector(".desk-quotes-static");
  var checkButton = panel.querySelector("[data-quote-check]");
  var accepted = form.querySelector("input[name=accepted_attributions]");
  var FIELDS = ["speaker", "speaker_kind", "title", "affiliation", "kind", "text", "verb", "paragraph", "source"];

  function acceptedItems() {
    if (!accepted || !accepted.value) { return []; }
    try {
      var items = JSON.parse(accepted.value);
      return Array.isArray(items) ? items : [];
    } catch (error) {
      return [];
    }
  }
  function keyOf(item) { return item.paragraph + "|" + item.text; }
  function setAccepted(items) { if (accepted) { accepted.value = items.length ? JSON.stringify(items) : ""; } }

  function card(quote, isAccepted) {
    var box = el("div", "desk-quote" + (isAccepted ? " accepted" : ""));
    box.dataset.key = keyOf(quote);
    box.appendChild(el("blockquote", "", "“" + quote.text + "”"));
    var who = el("p", "who");
    var where = "¶ " + quote.paragraph + " · ";
    if (quote.source) {
      who.appendChild(document.createTextNode(where + "matches the source "));
      var link = el("a", "", quote.source.name);
      link.href = quote.source.url;
      link.target = "_blank";
      link.rel = "noopener";
      who.appendChild(link);
    } else {
      who.textContent = where + (quote.speaker ? "a new source" : "no speaker found");
    }
    box.appendChild(who);

    var inputs = {};
    var field = function (name, label, value) {
      var id = "quote-" + Math.random().toString(36).slice(2) + "-" + name;
      var labelNode = el("label", "", label);
      labelNode.htmlFor = id;
      var input = el("input");
      input.type = "text";
      input.id = id;
      input.value = value || "";
      input.disabled = isAccepted;
      box.appendChild(labelNode);
      box.appendChild(input);
      inputs[name] = input;
    };
    field("speaker", "Said by", quote.speaker);
    if (quote.speaker_kind === "unnamed" || quote.needs_affiliation || quote.affiliation) {
      field("affiliation", quote.needs_affiliation ? "Speaks for (needed for an unnamed source)" : "Speaks for",
        quote.affiliation);
    }
    if (quote.title) { field("title", "Title", quote.title); }

    var state = el("p", "state");
    state.setAttribute("aria-live", "polite");
    var action = el("button", "desk-button" + (isAccepted ? " desk-quiet" : " desk-primary"),
      isAccepted ? "Undo" : "Accept");
    action.type = "button";
    action.setAttribute("aria-label", (isAccepted ? "Undo accepting" : "Accept") + " “" +
      quote.text.slice(0, 40) + "” as said by " + (quote.speaker || "the speaker you name"));
    if (isAccepted) { state.textContent = "Will be attributed when you save or publish."; }
    action.addEventListener("click", function () {
      var items = acceptedItems().filter(function (item) { return keyOf(item) !== keyOf(quote); });
      if (!isAccepted) {
        var speaker = inputs.speaker.value.trim();
        if (!speaker) {
          state.textContent = "Say who said it first.";
          inputs.speaker.focus();
          return;
        }
        if (inputs.affiliation && quote.needs_affiliation && !inputs.affiliation.value.trim()) {
          state.textContent = "Say who this unnamed source speaks for.";
          inputs.affiliation.focus();
          return;
        }
        var item = {};
        FIELDS.forEach(function (name) {
          if (quote[name] !== undefined && quote[name] !== null) { item[name] = quote[name]; }
        });
        item.source = quote.source && speaker === quote.speaker ? quote.source.id : null;
        if (item.source === null) { delete item.source; }
        item.speaker = speaker;
        if (inputs.affiliation) { item.affiliation = inputs.affiliation.value.trim(); }
        if (inputs.title) { item.title = inputs.title.value.trim(); }
        if (!item.speaker_kind) { item.speaker_kind = "person"; }
        items.push(item);
        quote = Object.assign({}, quote, item, {source: item.source ? quote.source : null});
      }
      setAccepted(items);
      var replacement = card(quote, !isAccepted);
      box.replaceWith(replacement);
      replacement.querySelector("button").focus();
    });
    box.appendChild(action);
    box.appendChild(state);
    if (quote.reason && !isAccepted) { box.appendChild(el("p", "why", "Why: " + quote.reason)); }
    return box;
  }

  function show(data) {
    listBox.textContent = "";
    if (staticList) { staticList.hidden = true; }
    var pending = acceptedItems();
    var acceptedKeys = pending.map(keyOf);
    var quotes = data.quotes || [];
    var open = quotes.filter(function (quote) { return acceptedKeys.indexOf(keyOf(quote)) < 0; });
    var summary = el("p", "summary");
    summary.textContent = open.length ?
      open.length + " quote" + (open.length === 1 ? "" : "s") + " with no attribution yet:" :
      (quotes.length || pending.length ? "Every quote found is attributed or accepted." :
        "No quotes found in the text yet.");
    listBox.appendChild(summary);
    pending.forEach(function (item) {
      var match = quotes.find(function (quote) { return keyOf(quote) === keyOf(item); });
      listBox.appendChild(card(match ? Object.assign({}, match, item,
        {source: item.source && match.source ? match.source : null}) : item, true));
    });
    open.forEach(function (quote) { listBox.appendChild(card(quote, false)); });
    var attributed = data.attributed || [];
    if (attributed.length) {
      var details = el("details");
      details.appendChild(el("summary", "", "Already attributed (" + attributed.length + ")"));
      var list = el("ul", "attributed");
      attributed.forEach(function (item) {
        list.appendChild(el("li", "", item.source + ": “" + item.text.slice(0, 80) +
          (item.text.length > 80 ? "…" : "") + "” (¶ " + item.paragraph + ")"));
      });
      details.appendChild(list);
      listBox.appendChild(details);
    }
  }

  var timer = null;
  var running = null;
  function check() {
    clearTimeout(timer);
    var data = {body: bodyText()};
    if (panel.dataset.article) { data.article = panel.dataset.article; }
    var request = running = post(panel.dataset.quoteCheckUrl, data).then(function (response) {
      return response.json().then(function (json) { return {ok: response.ok, json: json}; });
    }).then(function (result) {
      if (request !== running) { return; }  // a newer check is on its way
      if (!result.ok) {
        listBox.textContent = result.json.error || "The quotes could not be checked.";
        return;
      }
      show(result.json);
    }).catch(function () {
      listBox.textContent = "The quotes could not be checked just now; the check on publishing still runs.";
    });
  }
  function soon() { clearTimeout(timer); timer = setTimeout(check, 1200); }

  if (checkButton) {
    checkButton.hidden = false;
    checkButton.addEventListener("click", check);
  }
  if (editor) {
    editor.codemirror.on("change", soon);
  } else if (body) {
    body.addEventListener("input", soon);
  }
  if (bodyText().trim()) { check(); }
})();
