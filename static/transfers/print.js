// The "Print this summary" button on the printable Case Transfer Summary (a static file: the Content
// Security Policy allows no inline script without a nonce).
document.addEventListener("DOMContentLoaded", function () {
  var button = document.getElementById("print-summary");
  if (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  }
});
