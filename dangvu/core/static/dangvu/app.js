// Dangvu's only script besides htmx and Bootstrap: no inline script is allowed by the CSP.
document.addEventListener("change", function (event) {
  // Filter forms marked data-autosubmit submit as soon as a value changes.
  const form = event.target.closest("form[data-autosubmit]");
  if (form) {
    form.requestSubmit();
  }
});
