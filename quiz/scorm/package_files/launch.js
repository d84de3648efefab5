/* The SCORM 1.2 launch page of one quiz, served by the LMS.
 *
 * It finds the LMS's runtime (window.API, in a frame above this page or in the window that
 * opened it), starts the session, and opens the quiz on the training site in a new window
 * for this learner: that site refuses to be framed, and a framed site's cookies are not
 * dependable. When the quiz is submitted there, this page learns the outcome by asking
 * the site (a cross-origin fetch without cookies) and reports it to the LMS:
 * cmi.core.score.raw in percent, and cmi.core.lesson_status "passed" or "failed".
 */
(function () {
  "use strict";

  var POLL_MS = 3000; // how often the outcome is asked for while the quiz is open
  var POLL_FOR_MS = 4 * 60 * 60 * 1000; // then the "Check my result" button is left
  var FOUND = { passed: true, failed: true };

  var main = document.getElementById("launch");
  var link = document.getElementById("open-quiz");
  var checkButton = document.getElementById("check-result");
  var statusLine = document.getElementById("status");
  var api = null;
  var studentId = "";
  var started = Date.now();
  var timer = null;
  var pollUntil = 0;
  var reported = "";
  var finished = false;

  function message(name, values) {
    var item = document.querySelector('#messages [data-message="' + name + '"]');
    var text = item ? item.textContent : name;
    Object.keys(values || {}).forEach(function (key) {
      text = text.split("{" + key + "}").join(String(values[key]));
    });
    return text;
  }

  function say(name, values) {
    var text = message(name, values);
    if (statusLine.textContent !== text) {
      // Only a change: a screen reader would otherwise repeat it at every check.
      statusLine.textContent = text;
    }
  }

  // The search ADL's SCORM 1.2 guide gives: up the frames, then the opener's frames.
  function apiIn(win) {
    for (var depth = 0; win && depth < 20; depth += 1) {
      try {
        if (win.API) {
          return win.API;
        }
      } catch (error) {
        // A frame of another site: its API is not reachable, look further up.
      }
      if (!win.parent || win.parent === win) {
        return null;
      }
      win = win.parent;
    }
    return null;
  }

  function findApi() {
    var found = apiIn(window);
    if (!found && window.opener) {
      found = apiIn(window.opener);
    }
    return found;
  }

  function isTrue(result) {
    return String(result) === "true";
  }

  function set(element, value) {
    return isTrue(api.LMSSetValue(element, String(value)));
  }

  function report(outcome) {
    if (!FOUND[outcome.status]) {
      return false;
    }
    var status = outcome.status;
    // A pass the LMS holds already is never taken back by a later failed attempt.
    if (api.LMSGetValue("cmi.core.lesson_status") === "passed") {
      status = "passed";
    }
    var key = status + " " + outcome.score;
    if (key !== reported) {
      var saved =
        set("cmi.core.score.min", 0) &&
        set("cmi.core.score.max", 100) &&
        set("cmi.core.score.raw", outcome.score) &&
        set("cmi.core.lesson_status", status) &&
        isTrue(api.LMSCommit(""));
      if (!saved) {
        // Asked again at the next poll: the LMS may take it then.
        say("not-saved", { score: outcome.score });
        return false;
      }
      reported = key;
    }
    say(status, { score: outcome.score, pass_mark: main.dataset.passMark });
    return status === "passed";
  }

  function stopPolling() {
    window.clearInterval(timer);
    timer = null;
  }

  function checkOutcome(options) {
    var quiet = options && options.quiet;
    if (!quiet) {
      say("checking");
    }
    var url = main.dataset.outcomeUrl + "?student_id=" + encodeURIComponent(studentId);
    return fetch(url, { credentials: "omit", cache: "no-store" })
      .then(function (response) {
        if (response.status === 404 || response.status === 410) {
          stopPolling();
          link.hidden = true;
          say(response.status === 404 ? "invalid" : "withdrawn");
          return;
        }
        if (!response.ok) {
          throw new Error("outcome " + response.status);
        }
        return response.json().then(function (outcome) {
          if (report(outcome)) {
            stopPolling();
          } else if (!quiet && !FOUND[outcome.status]) {
            say(timer ? "waiting" : "not-yet");
          }
        });
      })
      .catch(function () {
        if (!quiet || timer) {
          say("unreachable");
        }
      });
  }

  function poll() {
    if (Date.now() > pollUntil) {
      stopPolling();
      return;
    }
    checkOutcome({ quiet: true });
  }

  function startPolling() {
    pollUntil = Date.now() + POLL_FOR_MS;
    checkButton.hidden = false;
    if (!timer) {
      timer = window.setInterval(poll, POLL_MS);
    }
  }

  function sessionTime() {
    // CMITimespan, HHHH:MM:SS
    var seconds = Math.floor((Date.now() - started) / 1000);
    function two(n) {
      return (n < 10 ? "0" : "") + n;
    }
    var hours = Math.min(Math.floor(seconds / 3600), 9999);
    return ("000" + hours).slice(-4) + ":" + two(Math.floor(seconds / 60) % 60) + ":" + two(seconds % 60);
  }

  function finish() {
    if (finished || !api) {
      return;
    }
    finished = true;
    stopPolling();
    api.LMSSetValue("cmi.core.session_time", sessionTime());
    api.LMSFinish("");
  }

  function start() {
    api = findApi();
    if (!api || !isTrue(api.LMSInitialize(""))) {
      api = null;
      say("no-platform");
      return;
    }
    // Every session started is finished, even one that cannot open the quiz.
    window.addEventListener("pagehide", finish);
    window.addEventListener("beforeunload", finish);
    studentId = api.LMSGetValue("cmi.core.student_id") || "";
    if (!studentId) {
      say("no-learner");
      return;
    }
    if (api.LMSGetValue("cmi.core.lesson_status") === "not attempted") {
      set("cmi.core.lesson_status", "incomplete");
      api.LMSCommit("");
    }
    var query = new URLSearchParams({
      student_id: studentId,
      student_name: api.LMSGetValue("cmi.core.student_name") || "",
    });
    link.href = main.dataset.launchUrl + "?" + query.toString();
    link.hidden = false;
    say("ready");
    link.addEventListener("click", function () {
      say("waiting");
      startPolling();
    });
    checkButton.addEventListener("click", function () {
      checkOutcome();
    });
    // Timers slow down in a hidden tab: ask at once when the learner comes back to it.
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible" && timer) {
        checkOutcome({ quiet: true });
      }
    });
    // A result from an earlier visit (the quiz submitted after this page was closed).
    checkOutcome({ quiet: true });
  }

  start();
})();
