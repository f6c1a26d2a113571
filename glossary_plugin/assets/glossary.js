/* glossary_plugin: accessible tooltips for glossary terms, and the glossary page's filter.
 *
 * Each term link carries its definition as plain text in `title` (the
 * no-JavaScript fallback). With JavaScript, one shared tooltip element with
 * role="tooltip" shows that text on hover and keyboard focus. The pointer can
 * move onto the tooltip, Escape hides it, and it is kept inside the viewport.
 * Each link is described, at all times, by a hidden element holding the same
 * text (aria-describedby), and loses its `title` (no second tooltip).
 *
 * A tap (touch or pen) opens the definition instead of following the link:
 * the term's name, the definition and a link to the entry. A second tap on
 * the term or that link follows it; a tap elsewhere or Escape closes it. The
 * definition is the plain text until the site's one definitions file
 * (definitions.json, beside this script, read on the first tap) has come;
 * then it is the rich one, as the glossary page shows it.
 *
 * Text is always set with textContent. Markup only ever comes from that file
 * (sanitised at build time), parsed by DOMParser into an inert document, and
 * every URL in it is resolved against the glossary page by the browser's own
 * URL parser and kept only when the final URL is http, https or mailto.
 *
 * Under Material for MkDocs with the `content.tooltips` feature, Material
 * shows the tooltip from `title` itself, and this script only adapts it:
 *   - Material inserts the title as HTML, so the title is HTML-escaped once
 *     more (no markup from a definition can run);
 *   - Escape hides it, and only one glossary tooltip shows at a time;
 *   - it flips above the term when there is no room below, and a transparent
 *     bridge over the gap lets the pointer move onto it without it vanishing.
 *
 * Everything the script changes while it runs is kept in one `state` object,
 * declared after the constants. The file is ES5 in one strict-mode function,
 * needs no build step and no library, and is linted by ESLint (eslint.config.js).
 */
(function () {
  "use strict";

  // Switches set when the minified copies are built (scripts/build-assets.mjs): the copies a Zensical
  // page carries inline leave out what they cannot use. As this file is served (MkDocs), both are on.
  // An inline copy has no URL, so no definitions file beside it: a tap shows the plain text.
  var RICH_DEFINITIONS = typeof GLOSSARY_INLINE === "undefined";
  // Only the glossary page has the filter box and the A-Z bar: other pages' copies leave them out.
  var GLOSSARY_PAGE_PARTS = typeof GLOSSARY_TERMS_ONLY === "undefined";

  // Known only while this script first runs (inline copies have none: they show plain text).
  var SCRIPT_URL =
    RICH_DEFINITIONS && document.currentScript && document.currentScript.src ? document.currentScript.src : "";

  var TERM_SELECTOR = "a.glossary-term[data-glossary-term], span.glossary-broken";
  var TOOLTIP_ID = "glossary-tooltip";
  var HIDE_DELAY_MS = 300;
  var GAP_PX = 8; // between a term and its tooltip (Material uses 8px too)
  var MARGIN_PX = 8; // kept free between a tooltip and the viewport's edges
  var MATERIAL_TOOLTIP_CLASS = "md-tooltip2";
  var MATERIAL_MARK_CLASS = "glossary-material-tooltip";
  var DISMISSED_CLASS = "glossary-tooltip-dismissed";
  var ABOVE_CLASS = "glossary-tooltip--above";
  var ON_DARK_CLASS = "glossary-tooltip--on-dark";
  var SYNC_FRAMES = 10; // how long to wait for Material to create its tooltip
  var POPOVER_ID = "glossary-popover";
  var POPOVER_OPEN_CLASS = "glossary-popover-open"; // on <html> while a tapped definition is open
  var DESCRIPTIONS_ID = "glossary-descriptions";
  var DEFINITIONS_FILE = "definitions.json"; // beside this script (see pipeline.DEFINITIONS_FILE)
  var SAFE_PROTOCOLS = ["http:", "https:", "mailto:"];
  var URL_ATTRIBUTES = ["href", "src", "cite"];
  var INERT_TAGS = "script, style, iframe, object, embed, base, link, meta, form, template";
  var TAP_MS = 1000; // a click this soon after a touch or pen press is that tap
  var LANDED_CLASS = "glossary-landed"; // on the term use or entry that the address names

  // Everything the script changes while it runs, in one place.
  var state = {
    tooltip: null, // our one role="tooltip" element, once made (unused under Material's tooltips)
    current: null, // the term whose definition that tooltip shows, or null
    hideTimer: null, // the pending timeout that hides that tooltip, or null
    descriptionIds: {}, // "name\ndefinition" -> id of the hidden element describing such term links
    lastPress: { type: "", time: -Infinity, term: null }, // last pointer press: pointerType, Date.now(), term link or null
    popover: null, // the role="dialog" element that shows a tapped definition, once made
    popoverTerm: null, // the term whose popover is open, or null
    // The site's definitions file: status "idle", "loading", "ready" or "failed"; once ready, the
    // glossary page's URL and the rich definitions (HTML by term name); the callbacks waiting for it.
    rich: { status: "idle", glossary: null, terms: null, labels: null, waiting: [] }
  };

  // -- shared helpers --------------------------------------------------------

  function termFrom(event) {
    var target = event.target;
    return target && target.closest ? target.closest(TERM_SELECTOR) : null;
  }

  // The definition as the build wrote it into `title`, kept aside because
  // `title` itself is removed (our tooltip) or rewritten (Material's).
  function definitionOf(term) {
    if (!term.hasAttribute("data-glossary-title")) {
      term.setAttribute("data-glossary-title", term.getAttribute("title") || "");
    }
    return term.getAttribute("data-glossary-title");
  }

  function viewportSize() {
    return {
      width: document.documentElement.clientWidth,
      height: document.documentElement.clientHeight
    };
  }

  function isEscape(event) {
    return event.key === "Escape" || event.key === "Esc";
  }

  // Where a tooltip of `height` px goes: below the term if it fits, else above
  // if that fits, else as close as possible while staying in the viewport.
  function verticalPlace(anchor, height, viewportHeight) {
    var below = anchor.bottom + GAP_PX;
    var above = anchor.top - GAP_PX - height;
    if (below + height <= viewportHeight - MARGIN_PX) return { top: below, above: false };
    if (above >= MARGIN_PX) return { top: above, above: true };
    var top = Math.max(MARGIN_PX, Math.min(below, viewportHeight - height - MARGIN_PX));
    return { top: top, above: top < anchor.top };
  }

  // -- colour scheme -----------------------------------------------------------
  // Themes mark their dark schemes in different ways (Bootstrap's
  // data-bs-theme, Material's slate palette, a media query, none at all), so
  // the tooltip looks at what is actually painted behind the term instead.

  function parseColour(css) {
    var found = /rgba?\(([^)]*)\)/.exec(css || "");
    if (!found) return null;
    var parts = found[1].split(/[\s,/]+/).filter(Boolean).map(parseFloat);
    if (parts.length < 3) return null;
    return { r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1 };
  }

  function luminance(colour) {
    function channel(value) {
      var c = value / 255;
      return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }
    return 0.2126 * channel(colour.r) + 0.7152 * channel(colour.g) + 0.0722 * channel(colour.b);
  }

  // True when the first mostly opaque background behind `term` is dark
  // (darker than mid-grey, where a light tooltip gives the stronger contrast).
  function backdropIsDark(term) {
    for (var node = term; node && node.nodeType === 1; node = node.parentElement) {
      var colour = parseColour(window.getComputedStyle(node).backgroundColor);
      if (colour && colour.a >= 0.5) return luminance(colour) < 0.2;
    }
    return false;
  }

  // -- our own tooltip ----------------------------------------------------------

  function ensureTooltip() {
    if (state.tooltip && document.body.contains(state.tooltip)) return state.tooltip;
    state.tooltip = document.createElement("div");
    state.tooltip.id = TOOLTIP_ID;
    state.tooltip.className = "glossary-tooltip";
    state.tooltip.setAttribute("role", "tooltip");
    state.tooltip.hidden = true;
    state.tooltip.addEventListener("mouseenter", cancelHide);
    state.tooltip.addEventListener("mouseleave", scheduleHide);
    document.body.appendChild(state.tooltip);
    return state.tooltip;
  }

  function place(term, tip) {
    var viewport = viewportSize();
    tip.style.maxWidth = Math.min(384, viewport.width - 2 * MARGIN_PX) + "px";
    tip.style.left = "0px";
    tip.style.top = "0px";
    var rects = term.getClientRects();
    var anchor = rects.length ? rects[0] : term.getBoundingClientRect();
    var box = tip.getBoundingClientRect();
    var left = Math.max(MARGIN_PX, Math.min(anchor.left, viewport.width - box.width - MARGIN_PX));
    var spot = verticalPlace(anchor, box.height, viewport.height);
    tip.style.left = left + "px";
    tip.style.top = spot.top + "px";
    tip.classList.toggle(ABOVE_CLASS, spot.above);
  }

  function show(term) {
    cancelHide();
    var text = definitionOf(term);
    if (!text || state.popoverTerm) return;
    var tip = ensureTooltip();
    tip.textContent = text;
    tip.classList.toggle(ON_DARK_CLASS, backdropIsDark(term));
    tip.hidden = false;
    state.current = term;
    place(term, tip);
  }

  function hide() {
    cancelHide();
    if (state.tooltip) state.tooltip.hidden = true;
    state.current = null;
  }

  function scheduleHide() {
    cancelHide();
    state.hideTimer = window.setTimeout(hide, HIDE_DELAY_MS);
  }

  function cancelHide() {
    if (state.hideTimer !== null) {
      window.clearTimeout(state.hideTimer);
      state.hideTimer = null;
    }
  }

  function prepareTerms(root) {
    var terms = root.querySelectorAll(TERM_SELECTOR);
    describeTerms(terms);
    for (var i = 0; i < terms.length; i++) {
      terms[i].removeAttribute("title"); // our tooltip replaces the native one
    }
  }

  function replace() {
    if (state.current && state.tooltip && !state.tooltip.hidden) place(state.current, state.tooltip);
  }

  function listen() {
    document.addEventListener("mouseover", function (event) {
      var term = termFrom(event);
      if (term && !recentTap()) show(term);
    });
    document.addEventListener("mouseout", function (event) {
      var term = termFrom(event);
      if (term && term === state.current && !term.contains(event.relatedTarget)) scheduleHide();
    });
    document.addEventListener("focusin", function (event) {
      var term = termFrom(event);
      if (term && !recentTap()) show(term);
    });
    document.addEventListener("focusout", function (event) {
      var term = termFrom(event);
      if (term && term === state.current) hide();
    });
    document.addEventListener("keydown", function (event) {
      if (isEscape(event) && state.current) hide();
    });
    window.addEventListener("scroll", replace, { passive: true });
    window.addEventListener("resize", replace);
  }

  // -- the permanent description of each term link ----------------------------
  // One hidden element per term, shared by its links; aria-describedby names it
  // at all times, so browse mode reads the definition too.

  function descriptions() {
    var box = document.getElementById(DESCRIPTIONS_ID);
    if (!box) {
      box = document.createElement("div");
      box.id = DESCRIPTIONS_ID;
      box.className = "glossary-descriptions";
      box.hidden = true;
      document.body.appendChild(box);
      state.descriptionIds = {};
    }
    return box;
  }

  function descriptionId(term) {
    var name = term.getAttribute("data-glossary-term") || "";
    var text = definitionOf(term);
    var key = name + "\n" + text;
    var id = state.descriptionIds[key];
    if (!id || !document.getElementById(id)) {
      var box = descriptions();
      id = "glossary-description-" + (box.childNodes.length + 1);
      var node = document.createElement("span");
      node.id = id;
      node.textContent = text;
      box.appendChild(node);
      state.descriptionIds[key] = id;
    }
    return id;
  }

  function describeTerms(terms) {
    for (var i = 0; i < terms.length; i++) {
      if (!definitionOf(terms[i])) continue;
      var id = descriptionId(terms[i]);
      terms[i].setAttribute("data-glossary-description", id);
      if (!terms[i].hasAttribute("aria-describedby")) terms[i].setAttribute("aria-describedby", id);
    }
  }

  // Material points a term at its own tooltip while it shows, then removes
  // aria-describedby: give the term its permanent description back.
  function keepDescriptions() {
    if (typeof MutationObserver !== "function") return;
    new MutationObserver(function (records) {
      for (var i = 0; i < records.length; i++) {
        var term = records[i].target;
        var id = term.getAttribute && term.getAttribute("data-glossary-description");
        if (id && !term.hasAttribute("aria-describedby")) term.setAttribute("aria-describedby", id);
      }
    }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ["aria-describedby"] });
  }

  // -- a tap opens the definition ---------------------------------------------

  function coarsePointer() {
    return Boolean(window.matchMedia && window.matchMedia("(pointer: coarse)").matches);
  }

  function recentTap() {
    var press = state.lastPress;
    if (Date.now() - press.time > TAP_MS) return false;
    return press.type === "touch" || press.type === "pen" || (press.type !== "mouse" && coarsePointer());
  }

  // Reads the definitions file once; `done` runs when it has come (or failed: plain text stays).
  function loadDefinitions(done) {
    if (state.rich.status === "ready" || state.rich.status === "failed") return done();
    state.rich.waiting = state.rich.waiting.concat([done]);
    if (state.rich.status === "loading") return;
    state.rich.status = "loading";
    function settle(status) {
      state.rich.status = status;
      var waiting = state.rich.waiting;
      state.rich.waiting = [];
      for (var i = 0; i < waiting.length; i++) waiting[i]();
    }
    if (!SCRIPT_URL || typeof window.fetch !== "function" || typeof DOMParser !== "function") return settle("failed");
    var file;
    try {
      file = new URL(DEFINITIONS_FILE, SCRIPT_URL);
    } catch (error) {
      return settle("failed");
    }
    window
      .fetch(file.href, { credentials: "same-origin", cache: "no-cache" })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (!data || typeof data.glossary !== "string" || !data.terms || typeof data.terms !== "object") {
          return settle("failed");
        }
        state.rich.glossary = new URL(data.glossary, file.href);
        state.rich.terms = data.terms;
        state.rich.labels = data.labels && typeof data.labels === "object" ? data.labels : {};
        settle("ready");
      })
      .catch(function () {
        settle("failed");
      });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // A URL of the definition as the browser reads it on the glossary page; null unless http(s) or mailto.
  function resolvedUrl(value) {
    try {
      var url = new URL(value, state.rich.glossary);
      return SAFE_PROTOCOLS.indexOf(url.protocol) === -1 ? null : url.href;
    } catch (error) {
      return null;
    }
  }

  // The rich definition of `name` as nodes of an inert document, every URL made absolute and judged.
  function richNodes(name) {
    if (state.rich.status !== "ready" || !Object.prototype.hasOwnProperty.call(state.rich.terms, name)) return null;
    var html = state.rich.terms[name];
    if (typeof html !== "string") return null;
    var body = new DOMParser().parseFromString("<!DOCTYPE html><body>" + html, "text/html").body;
    var inert = body.querySelectorAll(INERT_TAGS);
    for (var n = 0; n < inert.length; n++) inert[n].remove();
    var all = body.querySelectorAll("*");
    for (var i = 0; i < all.length; i++) {
      var node = all[i];
      for (var a = node.attributes.length - 1; a >= 0; a--) {
        var attribute = node.attributes[a].name;
        if (attribute === "id" || attribute.indexOf("on") === 0) node.removeAttribute(attribute); // ids: one per page
      }
      for (var u = 0; u < URL_ATTRIBUTES.length; u++) {
        var value = node.getAttribute(URL_ATTRIBUTES[u]);
        if (value === null) continue;
        var url = resolvedUrl(value);
        if (url === null) node.removeAttribute(URL_ATTRIBUTES[u]);
        else node.setAttribute(URL_ATTRIBUTES[u], url);
      }
    }
    return body.childNodes.length ? body : null;
  }

  // The definition's nodes: the rich one when the file has come, else the plain text.
  function definitionNodes(term) {
    var box = element("div", "glossary-popover-definition");
    var body = RICH_DEFINITIONS ? richNodes(term.getAttribute("data-glossary-term")) : null;
    if (body) {
      box.setAttribute("data-glossary-rich", "");
      while (body.firstChild) box.appendChild(document.adoptNode(body.firstChild));
    } else {
      box.appendChild(element("p", "", definitionOf(term)));
    }
    return box;
  }

  function ensurePopover() {
    if (state.popover && document.body.contains(state.popover)) return state.popover;
    state.popover = element("div", "glossary-tooltip glossary-popover");
    state.popover.id = POPOVER_ID;
    state.popover.setAttribute("role", "dialog");
    state.popover.hidden = true;
    document.body.appendChild(state.popover);
    return state.popover;
  }

  // The popover in the pages' language: its link's words and its direction (from the definitions file,
  // which the build writes per language; until it has come, the term's own direction).
  function speak(box, term) {
    var labels = (RICH_DEFINITIONS && state.rich.labels) || {};
    var open = box.querySelector(".glossary-popover-open-link");
    if (open && labels.open) open.textContent = String(labels.open);
    box.dir = (labels.dir || window.getComputedStyle(term).direction) === "rtl" ? "rtl" : "ltr";
  }

  function openPopover(term) {
    hide();
    var box = ensurePopover();
    var name = term.getAttribute("data-glossary-term") || term.textContent;
    while (box.firstChild) box.removeChild(box.firstChild);
    var heading = element("p", "glossary-popover-name", name);
    heading.id = POPOVER_ID + "-name";
    box.setAttribute("aria-labelledby", heading.id);
    box.appendChild(heading);
    box.appendChild(definitionNodes(term));
    if (RICH_DEFINITIONS && state.rich.status !== "ready" && state.rich.status !== "failed") {
      loadDefinitions(function () {
        // Still open on this term: the plain text gives way to the rich definition.
        var shown = box.querySelector(".glossary-popover-definition");
        if (state.popoverTerm === term && shown && state.rich.status === "ready") {
          box.replaceChild(definitionNodes(term), shown);
          speak(box, term);
          place(term, box);
        }
      });
    }
    var open = element("a", "glossary-popover-open-link", "Open in glossary");
    open.setAttribute("href", term.getAttribute("href"));
    box.appendChild(open);
    speak(box, term);
    box.classList.toggle(ON_DARK_CLASS, backdropIsDark(term));
    box.hidden = false;
    state.popoverTerm = term;
    term.setAttribute("aria-expanded", "true");
    term.setAttribute("aria-controls", POPOVER_ID);
    document.documentElement.classList.add(POPOVER_OPEN_CLASS);
    place(term, box);
  }

  function closePopover() {
    if (state.popover) state.popover.hidden = true;
    if (state.popoverTerm) {
      state.popoverTerm.removeAttribute("aria-expanded");
      state.popoverTerm.removeAttribute("aria-controls");
    }
    state.popoverTerm = null;
    document.documentElement.classList.remove(POPOVER_OPEN_CLASS);
  }

  function linkTermFrom(event) {
    var term = termFrom(event);
    return term && term.tagName === "A" && term.hasAttribute("href") ? term : null;
  }

  function listenTaps() {
    // Capture, on window: before Material's instant navigation sees the click.
    window.addEventListener(
      "pointerdown",
      function (event) {
        state.lastPress = { type: event.pointerType || "", time: Date.now(), term: linkTermFrom(event) };
        if (RICH_DEFINITIONS && state.lastPress.term && event.pointerType !== "mouse") loadDefinitions(function () {});
        var inside = state.popover && !state.popover.hidden && state.popover.contains(event.target);
        if (state.popoverTerm && !inside && state.lastPress.term !== state.popoverTerm) closePopover();
      },
      true
    );
    window.addEventListener(
      "click",
      function (event) {
        var term = linkTermFrom(event);
        if (!term || !recentTap() || event.button !== 0) return;
        if (term === state.popoverTerm) {
          closePopover(); // the second tap: follow the link
          return;
        }
        event.preventDefault();
        event.stopPropagation();
        openPopover(term);
      },
      true
    );
    document.addEventListener("keydown", function (event) {
      if (!isEscape(event) || !state.popoverTerm) return;
      var term = state.popoverTerm;
      closePopover();
      if (term.focus) term.focus();
    });
    function replacePopover() {
      if (state.popoverTerm && state.popover && !state.popover.hidden) place(state.popoverTerm, state.popover);
    }
    window.addEventListener("scroll", replacePopover, { passive: true });
    window.addEventListener("resize", replacePopover);
  }

  // -- the glossary page's filter -------------------------------------------------

  function fold(text) {
    var folded = text.toLowerCase();
    return folded.normalize ? folded.normalize("NFD").replace(/[\u0300-\u036f]/g, "") : folded;
  }

  // The A-Z bar sticks below the theme's fixed header, whatever its height
  // (glossary.css guesses it for pages without JavaScript).
  function fitBelowHeader(root) {
    var header = document.querySelector(".md-header, .navbar.fixed-top");
    var position = header ? window.getComputedStyle(header).position : "";
    var height = position === "fixed" || position === "sticky" ? header.getBoundingClientRect().height : 0;
    var parts = root.querySelectorAll(".glossary-az, .glossary-list");
    for (var i = 0; i < parts.length; i++) parts[i].style.setProperty("--glossary-header", height + "px");
  }

  function startFilter(root) {
    var box = root.querySelector(".glossary-filter");
    var input = box && box.querySelector(".glossary-filter-input");
    if (!input || input.hasAttribute("data-glossary-ready")) return;
    input.setAttribute("data-glossary-ready", "");
    var status = box.querySelector(".glossary-filter-status");
    var entries = root.querySelectorAll(".glossary-entry");
    var groups = root.querySelectorAll(".glossary-group");
    var names = [];
    for (var i = 0; i < entries.length; i++) {
      names.push(fold(entries[i].getAttribute("data-glossary-names") || entries[i].textContent));
    }
    function narrow() {
      var query = fold(input.value.trim());
      var shown = 0;
      for (var e = 0; e < entries.length; e++) {
        var keep = !query || names[e].indexOf(query) !== -1;
        entries[e].hidden = !keep;
        if (keep) shown++;
      }
      for (var g = 0; g < groups.length; g++) {
        groups[g].hidden = !groups[g].querySelector(".glossary-entry:not([hidden])");
      }
      if (status) {
        // The words are the page language's, in the input's attributes (see index_page.render_entries).
        var none = input.getAttribute("data-no-match");
        var some = input.getAttribute("data-matches") || "";
        status.textContent = query
          ? shown === 0
            ? none
            : some.replace("{shown}", String(shown)).replace("{total}", String(entries.length))
          : "";
      }
    }
    input.addEventListener("input", narrow);
    box.hidden = false;
    narrow();
  }

  // -- Material for MkDocs' tooltips ---------------------------------------------

  function materialTooltips() {
    var config = document.getElementById("__config");
    if (!config) return false;
    try {
      var features = JSON.parse(config.textContent).features || [];
      return features.indexOf("content.tooltips") !== -1;
    } catch (error) {
      return false;
    }
  }

  function escapeHtml(text) {
    return text
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&#39;");
  }

  function prepareMaterialTerms(root) {
    var terms = root.querySelectorAll(TERM_SELECTOR);
    describeTerms(terms);
    for (var i = 0; i < terms.length; i++) {
      // Material inserts the title as HTML: escape it once more so that
      // the reader sees the definition's text and no markup can run.
      terms[i].setAttribute("title", escapeHtml(definitionOf(terms[i])));
    }
  }

  // The tooltip Material shows for `term`, if any (it is linked by aria-describedby).
  function materialTooltipOf(term) {
    var id = term.getAttribute("aria-describedby");
    var node = id ? document.getElementById(id) : null;
    return node && node.classList.contains(MATERIAL_TOOLTIP_CLASS) ? node : null;
  }

  function dismissMaterialTooltips(except) {
    var nodes = document.querySelectorAll("." + MATERIAL_MARK_CLASS);
    for (var i = 0; i < nodes.length; i++) {
      if (nodes[i] !== except) nodes[i].classList.add(DISMISSED_CLASS);
    }
  }

  // Material always opens its tooltip 8px below the term. Move it above when
  // it does not fit below, keep it inside the viewport horizontally, and size
  // the bridge (the node's ::after, see glossary.css) to cover the gap.
  function placeMaterialTooltip(term, node) {
    var inner = node.querySelector(".md-tooltip2__inner") || node;
    node.style.top = "";
    inner.style.left = "";
    var viewport = viewportSize();
    var anchor = term.getBoundingClientRect();
    var height = inner.offsetHeight; // offset sizes ignore Material's slide-in transform
    var spot = verticalPlace(anchor, height, viewport.height);
    if (spot.above || spot.top !== anchor.bottom + GAP_PX) {
      // Material positions in document coordinates; so does this.
      node.style.top = spot.top + window.pageYOffset + "px";
    }
    node.classList.toggle(ABOVE_CLASS, spot.above);

    var box = inner.getBoundingClientRect();
    var overflow = box.right - (viewport.width - MARGIN_PX);
    var shift = overflow > 0 ? -overflow : Math.max(0, MARGIN_PX - box.left);
    if (shift) {
      inner.style.left = parseFloat(window.getComputedStyle(inner).left || "0") + shift + "px";
      box = inner.getBoundingClientRect();
    }

    var nodeBox = node.getBoundingClientRect();
    var left = Math.min(anchor.left, box.left);
    var right = Math.max(anchor.right, box.right);
    var gap = spot.above ? anchor.top - (spot.top + height) : spot.top - anchor.bottom;
    node.style.setProperty("--glossary-bridge-left", left - nodeBox.left + "px");
    node.style.setProperty("--glossary-bridge-width", right - left + "px");
    node.style.setProperty("--glossary-bridge-top", (spot.above ? height : -Math.max(gap, 0)) + "px");
    node.style.setProperty("--glossary-bridge-height", Math.max(gap, 0) + "px");
  }

  // After the reader turns to `term`: show its tooltip (placed), and no other.
  function syncMaterial(term, framesLeft) {
    var node = materialTooltipOf(term);
    if (!node) {
      // Material creates the tooltip on the same event; give it a few frames.
      if (framesLeft > 0) {
        window.requestAnimationFrame(function () {
          syncMaterial(term, framesLeft - 1);
        });
      }
      return;
    }
    dismissMaterialTooltips(node);
    node.classList.add(MATERIAL_MARK_CLASS);
    node.classList.remove(DISMISSED_CLASS);
    placeMaterialTooltip(term, node);
  }

  function listenMaterial() {
    function turnTo(event) {
      var term = termFrom(event);
      if (!term) return;
      window.requestAnimationFrame(function () {
        syncMaterial(term, SYNC_FRAMES);
      });
    }
    document.addEventListener("mouseover", turnTo);
    document.addEventListener("focusin", turnTo);
    document.addEventListener("keydown", function (event) {
      // Material's tooltips ignore Escape: hide ours until the reader turns to a term again.
      if (isEscape(event)) dismissMaterialTooltips(null);
    });
  }

  // -- where a link landed ---------------------------------------------------------

  // Material's instant navigation moves with history.pushState, which leaves
  // :target unset: mark the term use or entry the address names with a class.
  function markLanded() {
    var previous = document.querySelectorAll("." + LANDED_CLASS);
    for (var i = 0; i < previous.length; i++) previous[i].classList.remove(LANDED_CLASS);
    var id;
    try {
      id = decodeURIComponent(window.location.hash.slice(1));
    } catch (error) {
      return; // not a valid escape: no element has that id
    }
    var landed = id ? document.getElementById(id) : null;
    if (landed && landed.matches(TERM_SELECTOR + ", .glossary-name")) landed.classList.add(LANDED_CLASS);
  }

  // -- start ---------------------------------------------------------------------

  function start() {
    var material = materialTooltips();
    var prepareLinks = material ? prepareMaterialTerms : prepareTerms;
    function prepare(root) {
      prepareLinks(root);
      if (GLOSSARY_PAGE_PARTS) {
        startFilter(root);
        fitBelowHeader(root);
      }
      markLanded();
    }
    if (material) listenMaterial();
    else listen();
    listenTaps();
    keepDescriptions();
    if (GLOSSARY_PAGE_PARTS) {
      window.addEventListener("resize", function () {
        fitBelowHeader(document);
      });
    }
    window.addEventListener("hashchange", markLanded);
    window.addEventListener("popstate", markLanded);
    var documentObservable = window.document$;
    if (documentObservable && typeof documentObservable.subscribe === "function") {
      // Material's instant navigation swaps the page without reloading scripts.
      documentObservable.subscribe(function () {
        hide();
        closePopover();
        prepare(document);
      });
    }
    // Also now: document$ may never emit (Material opened from a file). Preparing twice changes nothing.
    prepare(document);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
