// Dangvu's only script besides htmx and Bootstrap: no inline script is allowed by the CSP.
document.addEventListener("change", function (event) {
  // Filter forms marked data-autosubmit submit as soon as a value changes.
  const form = event.target.closest("form[data-autosubmit]");
  if (form) {
    form.requestSubmit();
  }
});

// Date inputs (data-date-input) read day first. What a clerk types short is written out
// in full when the field is left: "31122024", "31-12-2024", "1.2.2024" become "31/12/2024",
// "01/02/2024". Nothing else is touched (ISO from links, junk): the server reads or refuses
// it. Registered for the capture phase, so it runs before the filters submit on "change".
document.addEventListener(
  "change",
  function (event) {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.hasAttribute("data-date-input")) {
      return;
    }
    const text = input.value.trim();
    const compact = /^(\d{2})(\d{2})(\d{4})$/.exec(text);
    const separated = /^(\d{1,2}) ?([/.\- ]) ?(\d{1,2}) ?\2 ?(\d{4})$/.exec(text);
    let parts = null;
    if (compact) {
      parts = [compact[1], compact[2], compact[3]];
    } else if (separated) {
      parts = [separated[1], separated[3], separated[4]];
    }
    if (parts) {
      input.value = parts[0].padStart(2, "0") + "/" + parts[1].padStart(2, "0") + "/" + parts[2];
    }
  },
  true,
);
