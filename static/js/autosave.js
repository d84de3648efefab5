// Autosave for the take page: whenever an answer changes, the whole form is posted to the
// save endpoint, so a crashed browser or a dropped network loses at most the last change.
// Without JavaScript the "Save progress" button posts the same form to the same endpoint.
(function () {
  "use strict";

  var form = document.getElementById("quiz-form");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var status = document.getElementById("save-status");
  var inFlight = false;
  var again = false;

  function show(text) {
    if (status && text) {
      status.textContent = text;
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
    show(form.dataset.savingMessage);
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
          return { message: form.dataset.failedMessage };
        }).then(function (data) {
          show(data.message);
          if (data.redirect) {
            window.location.assign(data.redirect);
          }
        });
      })
      .catch(function () {
        show(form.dataset.offlineMessage);
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
