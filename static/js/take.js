// The take page with JavaScript: one section of questions at a time, the count of answers
// kept current, flags remembered, and the review shown in the page. Without JavaScript the
// same form shows every section, and "Review answers" asks the server for the review.
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
  var review = document.getElementById("review");
  var submitRow = document.getElementById("take-submit");
  var current = 0;

  // --- Answered or not -----------------------------------------------------------------

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

  // --- Progress ------------------------------------------------------------------------

  function showProgress() {
    var answered = questions.filter(isAnswered).length;
    var count = document.getElementById("answered-count");
    var bar = document.getElementById("answered-progress");
    if (count) {
      count.textContent = String(answered);
    }
    if (bar) {
      bar.value = answered;
      bar.textContent = answered + " / " + questions.length;
    }
    return answered;
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

  function showSection(index) {
    current = Math.max(0, Math.min(index, sections.length - 1));
    sections.forEach(function (section, i) {
      section.hidden = i !== current;
    });
    var position = document.getElementById("take-pager-position");
    if (position) {
      position.textContent = "Section " + (current + 1) + " of " + sections.length;
    }
    pager.querySelector("[data-step='-1']").hidden = current === 0;
    pager.querySelector("[data-step='1']").hidden = current === sections.length - 1;
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
    if (button) {
      showSection(current + Number(button.getAttribute("data-step")));
      focusSectionTitle();
    }
  }

  // A link to a question (an error summary, the review) shows its section first, so the
  // browser can then scroll to it and Tab goes on from there.
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
    closeReview();
    showSection(index === -1 ? current : index);
    return true;
  }

  function followLink(event) {
    var link = event.target.closest("a[href^='#']");
    if (link && showTarget(link.getAttribute("href")) && link.getAttribute("href") === "#questions") {
      event.preventDefault();
      focusSectionTitle();
    }
  }

  // --- Flags: on the page only, remembered across reloads of this tab -------------------

  var flagsKey = "flags:" + form.getAttribute("action");

  function storedFlags() {
    try {
      return JSON.parse(window.sessionStorage.getItem(flagsKey) || "[]");
    } catch (error) {
      return [];
    }
  }

  function storeFlags() {
    var ticked = Array.prototype.map.call(
      form.querySelectorAll("input[name='flag']:checked"),
      function (flag) {
        return flag.value;
      }
    );
    try {
      window.sessionStorage.setItem(flagsKey, JSON.stringify(ticked));
    } catch (error) {
      // Storage may be off (private browsing): the flags stay until the page is left.
    }
  }

  function restoreFlags() {
    storedFlags().forEach(function (value) {
      var flag = form.querySelector("input[name='flag'][value='" + value.replace(/\D/g, "") + "']");
      if (flag) {
        flag.checked = true;
      }
    });
  }

  // --- The review ----------------------------------------------------------------------

  function showList(name, isListed) {
    var shown = 0;
    review.querySelectorAll("[data-review-list='" + name + "'] > li").forEach(function (item) {
      var question = document.getElementById(item.getAttribute("data-question"));
      item.hidden = !(question && isListed(question));
      shown += item.hidden ? 0 : 1;
    });
    review.querySelector("[data-review-empty='" + name + "']").hidden = shown > 0;
    return shown;
  }

  function updateReview() {
    var answered = showProgress();
    var missing = showList("unanswered", function (question) {
      return !isAnswered(question);
    });
    showList("flagged", isFlagged);
    review.querySelector("[data-review-count='answered']").textContent = String(answered);
    review.querySelector("[data-review-warning]").hidden = missing === 0;
    review.querySelector("[data-review-submit='complete']").hidden = missing > 0;
    review.querySelector("[data-review-submit='incomplete']").hidden = missing === 0;
  }

  function setReviewing(reviewing) {
    review.hidden = !reviewing;
    pager.hidden = reviewing;
    submitRow.hidden = reviewing;
    sections.forEach(function (section, i) {
      section.hidden = reviewing || i !== current;
    });
  }

  function openReview(event) {
    event.preventDefault(); // no need to ask the server: the answers are all on the page
    updateReview();
    setReviewing(true);
    var title = document.getElementById("review-title");
    title.focus();
    title.scrollIntoView({ block: "start" });
  }

  function closeReview() {
    if (!review.hidden) {
      setReviewing(false);
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
  restoreFlags();
  showProgress();
  if (!sections.length || !review || !pager) {
    return;
  }
  pager.hidden = false;
  showSection(firstSectionToShow());
  if (!review.hidden) {
    // Sent here by the server's review (the page was opened at its address).
    updateReview();
    setReviewing(true);
  }
  pager.addEventListener("click", step);
  document.addEventListener("click", followLink);
  window.addEventListener("hashchange", function () {
    showTarget(window.location.hash);
  });
  document.getElementById("review-button").addEventListener("click", openReview);
  form.addEventListener("change", function (event) {
    if (event.target.name === "flag") {
      storeFlags();
    }
    updateReview();
  });
})();
