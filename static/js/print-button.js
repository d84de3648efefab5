// Shows the certificate's Print button, which needs JavaScript; without it the page
// tells the reader to use the browser's Print command instead.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
