/* glossary_plugin: accessible tooltips for glossary terms.
 *
 * Each term link carries its definition as plain text in `title` (the
 * no-JavaScript fallback). With JavaScript, one shared tooltip element with
 * role="tooltip" shows that text on hover and keyboard focus; the link points
 * at it with aria-describedby while it is shown. Text is always set with
 * textContent, never as HTML.
 *
 * Under Material for MkDocs with the `content.tooltips` feature, Material
 * shows the tooltip from `title` itself, and it inserts that title as HTML:
 * so there the title is HTML-escaped once more, and no second tooltip is made.
 */
(function () {
  "use strict";

  var TERM_SELECTOR = "a.glossary-term[data-glossary-term], span.glossary-broken";
  var TOOLTIP_ID = "glossary-tooltip";
  var HIDE_DELAY_MS = 150;
  var GAP_PX = 6;
  var MARGIN_PX = 8;

  var tooltip = null;
  var current = null;
  var hideTimer = null;

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

  function definitionOf(term) {
    if (!term.hasAttribute("data-glossary-title")) {
      term.setAttribute("data-glossary-title", term.getAttribute("title") || "");
    }
    return term.getAttribute("data-glossary-title");
  }

  function ensureTooltip() {
    if (tooltip && document.body.contains(tooltip)) return tooltip;
    tooltip = document.createElement("div");
    tooltip.id = TOOLTIP_ID;
    tooltip.className = "glossary-tooltip";
    tooltip.setAttribute("role", "tooltip");
    tooltip.hidden = true;
    tooltip.addEventListener("mouseenter", cancelHide);
    tooltip.addEventListener("mouseleave", scheduleHide);
    document.body.appendChild(tooltip);
    return tooltip;
  }

  function place(term, tip) {
    var viewportWidth = document.documentElement.clientWidth;
    var viewportHeight = document.documentElement.clientHeight;
    tip.style.maxWidth = Math.min(384, viewportWidth - 2 * MARGIN_PX) + "px";
    tip.style.left = "0px";
    tip.style.top = "0px";
    var rects = term.getClientRects();
    var anchor = rects.length ? rects[0] : term.getBoundingClientRect();
    var box = tip.getBoundingClientRect();
    var left = Math.max(MARGIN_PX, Math.min(anchor.left, viewportWidth - box.width - MARGIN_PX));
    var top = anchor.bottom + GAP_PX;
    if (top + box.height > viewportHeight - MARGIN_PX && anchor.top - GAP_PX - box.height >= MARGIN_PX) {
      top = anchor.top - GAP_PX - box.height;
    }
    top = Math.max(MARGIN_PX, Math.min(top, viewportHeight - box.height - MARGIN_PX));
    tip.style.left = left + "px";
    tip.style.top = top + "px";
  }

  function show(term) {
    cancelHide();
    var text = definitionOf(term);
    if (!text) return;
    if (current && current !== term) current.removeAttribute("aria-describedby");
    var tip = ensureTooltip();
    tip.textContent = text;
    tip.hidden = false;
    term.setAttribute("aria-describedby", TOOLTIP_ID);
    current = term;
    place(term, tip);
  }

  function hide() {
    cancelHide();
    if (tooltip) tooltip.hidden = true;
    if (current) current.removeAttribute("aria-describedby");
    current = null;
  }

  function scheduleHide() {
    cancelHide();
    hideTimer = window.setTimeout(hide, HIDE_DELAY_MS);
  }

  function cancelHide() {
    if (hideTimer !== null) {
      window.clearTimeout(hideTimer);
      hideTimer = null;
    }
  }

  function termFrom(event) {
    var target = event.target;
    return target && target.closest ? target.closest(TERM_SELECTOR) : null;
  }

  function prepareTerms(root) {
    var terms = root.querySelectorAll(TERM_SELECTOR);
    for (var i = 0; i < terms.length; i++) {
      definitionOf(terms[i]);
      terms[i].removeAttribute("title"); // our tooltip replaces the native one
    }
  }

  function prepareMaterialTerms(root) {
    var terms = root.querySelectorAll(TERM_SELECTOR);
    for (var i = 0; i < terms.length; i++) {
      // Material inserts the title as HTML: escape it once more so that
      // the reader sees the definition's text and no markup can run.
      terms[i].setAttribute("title", escapeHtml(definitionOf(terms[i])));
    }
  }

  function listen() {
    document.addEventListener("mouseover", function (event) {
      var term = termFrom(event);
      if (term) show(term);
    });
    document.addEventListener("mouseout", function (event) {
      var term = termFrom(event);
      if (term && term === current && !term.contains(event.relatedTarget)) scheduleHide();
    });
    document.addEventListener("focusin", function (event) {
      var term = termFrom(event);
      if (term) show(term);
    });
    document.addEventListener("focusout", function (event) {
      var term = termFrom(event);
      if (term && term === current) hide();
    });
    document.addEventListener("keydown", function (event) {
      if ((event.key === "Escape" || event.key === "Esc") && current) hide();
    });
    window.addEventListener("scroll", function () {
      if (current && tooltip && !tooltip.hidden) place(current, tooltip);
    }, { passive: true });
    window.addEventListener("resize", function () {
      if (current && tooltip && !tooltip.hidden) place(current, tooltip);
    });
  }

  function start() {
    var material = materialTooltips();
    var prepare = material ? prepareMaterialTerms : prepareTerms;
    if (!material) listen();
    var documentObservable = window.document$;
    if (documentObservable && typeof documentObservable.subscribe === "function") {
      // Material's instant navigation swaps the page without reloading scripts.
      documentObservable.subscribe(function () {
        hide();
        prepare(document);
      });
    } else {
      prepare(document);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
