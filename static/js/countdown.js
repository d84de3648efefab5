// The time left on a timed attempt, in the navigator and the bar, and the warnings: at 5
// and at 1 minute left a banner at the top of the window says so, seen and spoken (it is
// a live region; spoken every second it would drown everything else out). At zero the
// page submits the answers on it, as "Submit all and finish" does; the server stays the
// judge of the deadline, with a grace for the network.
(function () {
  "use strict";

  var banner = document.getElementById("time-banner");
  var form = document.getElementById("quiz-form");
  var secondsLeft = banner ? Number(banner.getAttribute("data-seconds-left")) : NaN;
  if (!form || banner.getAttribute("data-seconds-left") === "" || isNaN(secondsLeft)) {
    return;
  }
  // Counted from the seconds the server gave, not from the deadline: a browser whose
  // clock is wrong still shows the time the server will judge by.
  var end = Date.now() + secondsLeft * 1000;
  var clocks = document.querySelectorAll("[data-clock]");
  var boxes = document.querySelectorAll("[data-clock-box]");
  var WARNINGS = [5, 1]; // minutes left, from the first shown to the last
  var warned = {};
  var timer = null;

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
      if (left <= minutes * 60000 && !warned[minutes]) {
        warned[minutes] = true;
        due = minutes;
      }
    });
    return due;
  }

  function showBanner(text, level) {
    banner.textContent = text;
    banner.setAttribute("data-level", level);
  }

  function submitNow() {
    showBanner(banner.getAttribute("data-time-up"), "up");
    var finish = document.createElement("input");
    finish.type = "hidden";
    finish.name = "finish";
    finish.value = "1";
    form.appendChild(finish);
    form.submit();
  }

  function tick() {
    var left = end - Date.now();
    clocks.forEach(function (clock) {
      clock.textContent = asClock(left);
    });
    boxes.forEach(function (box) {
      box.classList.toggle("is-low", left <= WARNINGS[0] * 60000);
    });
    var due = warningDue(left);
    if (left <= 0) {
      window.clearInterval(timer);
      submitNow();
    } else if (due !== null) {
      showBanner(banner.getAttribute("data-warning-" + due), String(due));
    }
  }

  clocks.forEach(function (clock) {
    clock.textContent = asClock(end - Date.now());
  });
  boxes.forEach(function (box) {
    box.hidden = false;
  });
  // The first check waits a second: a live region changed while the page is still
  // loading may go unheard.
  timer = window.setInterval(tick, 1000);
})();
