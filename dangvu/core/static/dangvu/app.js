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

// Card filter (data-card-filter="#container"): typing hides the cards ([data-card]) whose
// accent-free search text ([data-search], written by the server) lacks any typed word, and a
// group ([data-card-group]) left with none. The box is hidden until this runs: without
// JavaScript every card shows.
(function () {
  function fold(text) {
    return text
      .toLowerCase()
      .replace(/đ/g, "d")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "");
  }
  function apply(input) {
    const container = document.querySelector(input.getAttribute("data-card-filter"));
    if (!container) {
      return;
    }
    const words = fold(input.value).split(/\s+/).filter(Boolean);
    let shown = 0;
    container.querySelectorAll("[data-card]").forEach(function (card) {
      const text = card.getAttribute("data-search") || "";
      const match = words.every(function (word) {
        return text.includes(word);
      });
      card.hidden = !match;
      if (match) {
        shown += 1;
      }
    });
    container.querySelectorAll("[data-card-group]").forEach(function (group) {
      group.hidden = !group.querySelector("[data-card]:not([hidden])");
    });
    const box = input.closest("[data-card-filter-box]");
    const empty = box && box.querySelector("[data-card-filter-empty]");
    if (empty) {
      empty.hidden = shown > 0;
    }
  }
  document.querySelectorAll("[data-card-filter]").forEach(function (input) {
    const box = input.closest("[data-card-filter-box]");
    if (box) {
      box.hidden = false;
    }
    input.addEventListener("input", function () {
      apply(input);
    });
    apply(input);
  });
})();

// Tables of rows (a formset: table[data-rows="prefix"], a blank row in template#row-template):
// «Thêm dòng» (a[data-more-rows="n"]) adds n blank rows in place, keeping what is typed.
// Without JavaScript the link reloads the page with more rows (?dong=N).
document.addEventListener("click", function (event) {
  const link = event.target instanceof Element && event.target.closest("a[data-more-rows]");
  const table = link && document.querySelector("table[data-rows]");
  const template = table && document.getElementById("row-template");
  const prefix = table && table.getAttribute("data-rows");
  const total = prefix && document.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
  const most = prefix && document.querySelector('input[name="' + prefix + '-MAX_NUM_FORMS"]');
  if (!template || !total || !most) {
    return;
  }
  event.preventDefault();
  let count = parseInt(total.value, 10);
  const limit = parseInt(most.value, 10);
  const room = parseInt(link.getAttribute("data-more-rows"), 10) || 10;
  for (let i = 0; i < room && count < limit; i += 1) {
    const html = template.innerHTML
      .replace(/__prefix__/g, String(count))
      .replace(/__num__/g, String(count + 1));
    table.tBodies[0].insertAdjacentHTML("beforeend", html);
    count += 1;
  }
  total.value = String(count);
  if (count >= limit) {
    link.hidden = true;
  }
});

// A record's place (input[data-units-of][data-units-url], list="…-units"): the district or
// commune box suggests the units of the province chosen in the select it names. The page
// draws the list of the province it was drawn with; a change of province fetches that
// province's units (name and level) and refills the list. Without JavaScript the list drawn
// with the page stays, and the server checks what is typed.
document.addEventListener("change", function (event) {
  const select = event.target;
  if (!(select instanceof HTMLSelectElement) || !select.name) {
    return;
  }
  document.querySelectorAll("input[data-units-of][data-units-url]").forEach(function (input) {
    if (input.getAttribute("data-units-of") !== select.name) {
      return;
    }
    const list = document.getElementById(input.getAttribute("list") || "");
    if (!list) {
      return;
    }
    const url = new URL(input.getAttribute("data-units-url"), window.location.href);
    url.searchParams.set("tinh", select.value);
    fetch(url.toString(), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (!data || !Array.isArray(data.units) || select.value !== url.searchParams.get("tinh")) {
          return;
        }
        list.replaceChildren(
          ...data.units.map(function (unit) {
            const option = document.createElement("option");
            option.value = unit.name;
            option.textContent = unit.level;
            return option;
          })
        );
        list.setAttribute("data-units-for", select.value);
      })
      .catch(function () {
        // Offline or refused: the list drawn with the page stays.
      });
  });
});
