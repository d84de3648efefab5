// Deep linking: post the signed answer back to the learning platform at once. Without
// JavaScript the form's button does the same.
document.querySelectorAll("form[data-auto-submit]").forEach((form) => form.submit());
