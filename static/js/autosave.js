// Autosave for the take page: whenever an answer or a flag changes, the whole form is
// posted to the save endpoint, so a crashed browser or a dropped network loses at most the
// last change, and another device opens the attempt as it was left.
// Without JavaScript the "Save" button posts the same form to the same endpoint.
// A save that works is shown quietly ("Saved 10:42"); only one that fails is spoken, through
// a role="alert" line, so a screen reader is not interrupted at every answer.
(function () {
  "use strict";

  var form = document.getElementById("quiz-form");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var note = document.getElementById("autosave-note");
  var problem = document.getElementById("save-problem");
  var inFlight = false;
  var again = false;

  function showQuietly(text) {
    if (note) {
      note.textContent = text;
    }
  }

  function savedAt() {
    var time = new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    return form.dataset.savedMessage + " " + time;
  }

  function showOutcome(data) {
    if (data.saved) {
      showQuietly(savedAt());
      if (problem) {
        problem.textContent = "";
      }
      return;
    }
    showQuietly("");
    if (problem && data.message) {
      problem.textContent = data.message;
    }
  }

  function save() {
    // One save at a time, and the latest answers last: an older save can never
    // arrive after a newer one and overwrite it.
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = true;
    showQuietly(form.dataset.savingMessage);
    var body = new FormData(form);
    fetch(form.dataset.autosaveUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: {
        "Accept": "application/json",
        // The token comes from the form, not the cookie, so the cookie can stay HttpOnly.
        "X-CSRFToken": body.get("csrfmiddlewaretoken"),
      },
    })
      .then(function (response) {
        return response.json().catch(function () {
          // Not the save endpoint's answer (a login page, a proxy error): say so plainly.
          return { saved: false, message: form.dataset.failedMessage };
        }).then(function (data) {
          showOutcome(data);
          if (data.redirect) {
            window.location.assign(data.redirect);
          }
        });
      })
      .catch(function () {
        showOutcome({ saved: false, message: form.dataset.offlineMessage });
      })
      .then(function () {
        inFlight = false;
        if (again) {
          again = false;
          save();
        }
      });
  }

  form.addEventListener("change", save);
})();
