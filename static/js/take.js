// The take page with JavaScript: one section of questions at a time, Next as its main
// action; the navigator's numbered buttons and the summary kept current as answers and
// flags change; the summary shown in the page. Without JavaScript the same form shows
// every section, the navigator's buttons are links to the questions, and "Summary" asks
// the server for the summary. Saving (answers and flags) is autosave.js's job.
(function () {
  "use strict";

  var form = document.getElementById("quiz-form");
  if (!form) {
    return;
  }

  // "Start" answers its POST with the questions, so the address bar shows the quiz's start
  // address. Show the attempt's own address instead: a reload or a bookmark then opens this
  // attempt with its saved answers, rather than asking to send the form again.
  function showOwnAddress() {
    var own = form.getAttribute("action");
    if (own && window.history && window.history.replaceState && window.location.pathname !== own) {
      window.history.replaceState(null, "", own);
    }
  }

  var sections = Array.prototype.slice.call(form.querySelectorAll(".take-section"));
  var questions = Array.prototype.slice.call(form.querySelectorAll("fieldset.question"));
  var pager = document.getElementById("take-pager");
  var summary = document.getElementById("summary");
  var nav = document.getElementById("take-nav");
  var current = 0;

  // The words for a state, as the server wrote them (quiz/taking/summary.py).
  function word(name) {
    return nav ? nav.getAttribute("data-word-" + name) || "" : "";
  }

  // --- A question's state --------------------------------------------------------------

  // Each kind of question marks the parts of its answer (data-answer-part) when the server
  // renders it: a group of choices, or each line of a matching question. The question is
  // answered when every part holds a value; the rule itself stays with the kind.
  function holdsValue(part) {
    if (part.tagName === "SELECT") {
      return part.value !== "";
    }
    return part.querySelector("input:checked") !== null;
  }

  function isAnswered(question) {
    var parts = question.querySelectorAll("[data-answer-part]");
    return parts.length > 0 && Array.prototype.every.call(parts, holdsValue);
  }

  function isFlagged(question) {
    var flag = question.querySelector("input[name='flag']");
    return Boolean(flag && flag.checked);
  }

  function labelText(control) {
    var label = form.querySelector("label[for='" + control.id + "']");
    return label ? label.textContent.trim() : "";
  }

  // What was picked, in words, as the server writes it: "CBP", or "Interdicts
  // traffickers: CBP" for a line of a matching question.
  function answerText(question) {
    var texts = [];
    question.querySelectorAll("[data-answer-part]").forEach(function (part) {
      if (part.tagName === "SELECT") {
        if (part.value !== "") {
          texts.push(labelText(part) + ": " + part.selectedOptions[0].textContent.trim());
        }
        return;
      }
      part.querySelectorAll("input:checked").forEach(function (input) {
        texts.push(labelText(input));
      });
    });
    return texts.join("; ") || word("no-answer");
  }

  // --- The navigator, the summary and the bar -----------------------------------------

  function showInNavigator(question, answered, flagged) {
    var button = nav && nav.querySelector("[data-question='" + question.id + "']");
    if (!button) {
      return;
    }
    button.classList.toggle("is-answered", answered);
    button.classList.toggle("is-flagged", flagged);
    var label = button.getAttribute("data-label");
    label += ", " + word(answered ? "answered" : "not-answered").toLowerCase();
    if (flagged) {
      label += ", " + word("flagged").toLowerCase();
    }
    button.querySelector("[data-state-text]").textContent = label;
  }

  function showInSummary(question, answered, flagged) {
    var row = summary && summary.querySelector("tr[data-question='" + question.id + "']");
    if (!row) {
      return;
    }
    var state = row.querySelector("[data-state-text]");
    state.textContent = word(answered ? "answered" : "not-answered");
    state.classList.toggle("text-danger", !answered);
    row.querySelector("[data-flag-text]").hidden = !flagged;
    row.querySelector("[data-answer-text]").textContent = answerText(question);
  }

  function showCount(name, value) {
    document.querySelectorAll("[data-summary-count='" + name + "']").forEach(function (count) {
      count.textContent = String(value);
    });
  }

  function showStates() {
    var answered = 0;
    var flagged = 0;
    questions.forEach(function (question) {
      var isIt = isAnswered(question);
      var flag = isFlagged(question);
      answered += isIt ? 1 : 0;
      flagged += flag ? 1 : 0;
      showInNavigator(question, isIt, flag);
      showInSummary(question, isIt, flag);
    });
    var count = document.getElementById("answered-count");
    var bar = document.getElementById("answered-progress");
    if (count) {
      count.textContent = String(answered);
    }
    if (bar) {
      bar.value = answered;
      bar.textContent = answered + " / " + questions.length;
    }
    showCount("answered", answered);
    showCount("flagged", flagged);
    showCount("unanswered", questions.length - answered);
    var warning = summary && summary.querySelector("[data-summary-warning]");
    if (warning) {
      warning.hidden = answered === questions.length;
    }
  }

  // --- Sections --------------------------------------------------------------------------

  function sectionIndexOf(element) {
    for (var i = 0; i < sections.length; i += 1) {
      if (sections[i].contains(element)) {
        return i;
      }
    }
    return -1;
  }

  // The navigator underlines the questions on screen; none while the summary is.
  function showCurrent() {
    questions.forEach(function (question) {
      var button = nav && nav.querySelector("[data-question='" + question.id + "']");
      if (!button) {
        return;
      }
      if (summary.hidden && sectionIndexOf(question) === current) {
        button.setAttribute("aria-current", "step");
      } else {
        button.removeAttribute("aria-current");
      }
    });
  }

  function showSection(index) {
    current = Math.max(0, Math.min(index, sections.length - 1));
    sections.forEach(function (section, i) {
      section.hidden = !summary.hidden || i !== current;
    });
    var position = document.getElementById("take-pager-position");
    if (position) {
      position.textContent = "Section " + (current + 1) + " of " + sections.length;
    }
    var next = pager.querySelector("[data-step='1']");
    var isLast = current === sections.length - 1;
    next.textContent = next.getAttribute(isLast ? "data-last-label" : "data-next-label");
    pager.querySelector("[data-step='-1']").hidden = current === 0;
    showCurrent();
  }

  function focusSectionTitle() {
    // Keyboard and screen reader users start reading the new section at its heading.
    var title = sections[current].querySelector(".take-section-title");
    if (title) {
      title.focus();
      title.scrollIntoView({ block: "start" });
    }
  }

  function step(event) {
    var button = event.target.closest("[data-step]");
    if (!button) {
      return;
    }
    var target = current + Number(button.getAttribute("data-step"));
    if (target >= sections.length) {
      openSummary(event);
      return;
    }
    showSection(target);
    focusSectionTitle();
  }

  // --- The summary ---------------------------------------------------------------------

  function setSummarising(summarising) {
    summary.hidden = !summarising;
    pager.hidden = summarising;
    showSection(current);
  }

  function openSummary(event) {
    event.preventDefault(); // no need to ask the server: the answers are all on the page
    showStates();
    setSummarising(true);
    var title = document.getElementById("summary-title");
    title.focus();
    title.scrollIntoView({ block: "start" });
  }

  // A link to a question (the navigator, the summary, an error list) shows its section
  // first, so the browser can then scroll to it and Tab goes on from there.
  function showTarget(hash) {
    var id = (hash || "").slice(1);
    var target = id && document.getElementById(id);
    if (!target) {
      return false;
    }
    var index = sectionIndexOf(target);
    if (index === -1 && target.id !== "questions") {
      return false;
    }
    if (!summary.hidden) {
      summary.hidden = true;
      pager.hidden = false;
    }
    showSection(index === -1 ? current : index);
    return true;
  }

  function followLink(event) {
    var link = event.target.closest("a[href^='#']");
    if (!link || !showTarget(link.getAttribute("href"))) {
      return;
    }
    if (link.getAttribute("href") === "#questions") {
      event.preventDefault();
      focusSectionTitle();
    }
  }

  // --- Start -------------------------------------------------------------------------

  function firstSectionToShow() {
    var fromAddress = window.location.hash && document.getElementById(window.location.hash.slice(1));
    var error = form.querySelector("fieldset.has-error");
    var index = sectionIndexOf(fromAddress || error || sections[0]);
    return index === -1 ? 0 : index;
  }

  showOwnAddress();
  showStates();
  if (!sections.length || !summary || !pager) {
    return;
  }
  // Sent here by the server's summary (the page was opened at its address) or not.
  pager.hidden = !summary.hidden;
  showSection(firstSectionToShow());
  pager.addEventListener("click", step);
  document.addEventListener("click", followLink);
  window.addEventListener("hashchange", function () {
    showTarget(window.location.hash);
  });
  document.getElementById("summary-button").addEventListener("click", openSummary);
  form.addEventListener("change", showStates);
})();
