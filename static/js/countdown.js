// The time left on a timed attempt, counted down in the sticky bar, and the deadline in the
// trainee's own time zone beside the UTC one the server writes. Screen readers hear the
// time only at 5 and at 1 minute left: a live region spoken every second would drown
// everything else out.
(function () {
  "use strict";

  var clock = document.getElementById("countdown");
  var deadline = clock ? Date.parse(clock.getAttribute("data-deadline")) : NaN;
  if (isNaN(deadline)) {
    return;
  }
  var display = document.getElementById("countdown-clock");
  var warning = document.getElementById("time-warning");
  var WARNINGS = [5, 1]; // minutes left, from the first spoken to the last
  var spoken = {};
  var timer = null;

  function showLocalDeadline() {
    var local = document.getElementById("deadline-local");
    if (!local) {
      return;
    }
    local.querySelector("[data-local-time]").textContent = new Date(deadline).toLocaleTimeString(
      [],
      { hour: "2-digit", minute: "2-digit" }
    );
    local.hidden = false;
  }

  function twoDigits(number) {
    return (number < 10 ? "0" : "") + number;
  }

  // 1:05:09, 4:59, 0:07: hours only when there are some.
  function asClock(milliseconds) {
    var seconds = Math.max(0, Math.ceil(milliseconds / 1000));
    var hours = Math.floor(seconds / 3600);
    var minutes = Math.floor((seconds % 3600) / 60);
    var rest = twoDigits(seconds % 60);
    return hours ? hours + ":" + twoDigits(minutes) + ":" + rest : minutes + ":" + rest;
  }

  // The warning of the last threshold crossed, once: a page opened with 4 minutes left
  // says "5 minutes" once, one opened with 50 seconds left says only "1 minute".
  function warningDue(left) {
    var due = null;
    WARNINGS.forEach(function (minutes) {
      if (left <= minutes * 60000 && !spoken[minutes]) {
        spoken[minutes] = true;
        due = minutes;
      }
    });
    return due;
  }

  function speak(minutes) {
    if (warning && minutes !== null) {
      warning.textContent = clock.getAttribute("data-warning-" + minutes);
    }
  }

  function tick() {
    var left = deadline - Date.now();
    if (left <= 0) {
      clock.textContent = clock.getAttribute("data-time-up");
      window.clearInterval(timer);
    } else {
      display.textContent = asClock(left);
    }
    clock.classList.toggle("is-low", left <= WARNINGS[0] * 60000);
    speak(warningDue(left));
  }

  showLocalDeadline();
  display.textContent = asClock(deadline - Date.now());
  clock.hidden = false;
  // The first check waits a second: a live region changed while the page is still
  // loading may go unheard.
  timer = window.setInterval(tick, 1000);
})();
