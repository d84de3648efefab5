// "Start" answers its POST with the questions, so the address bar shows the quiz's start
// address. Show the attempt's own address instead: a reload or a bookmark then opens this
// attempt with its saved answers, rather than asking to send the form again.
(function () {
  "use strict";

  var form = document.getElementById("quiz-form");
  if (!form || !window.history || !window.history.replaceState) {
    return;
  }
  var own = form.getAttribute("action");
  if (own && window.location.pathname !== own) {
    window.history.replaceState(null, "", own);
  }
})();
