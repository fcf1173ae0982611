// The little JavaScript the portal uses; every page works without it.
"use strict";

// Tabs (role="tablist"): switch panels in place instead of following the tab's link, and move
// between tabs with the arrow keys (WAI-ARIA tabs pattern).
document.querySelectorAll('[role="tablist"]').forEach((list) => {
  const tabs = Array.from(list.querySelectorAll('[role="tab"]'));
  const select = (tab, focus) => {
    tabs.forEach((t) => {
      const on = t === tab;
      t.setAttribute("aria-selected", on ? "true" : "false");
      t.tabIndex = on ? 0 : -1;
      const panel = document.getElementById(t.getAttribute("aria-controls"));
      if (panel) panel.hidden = !on;
    });
    if (focus) tab.focus();
    history.replaceState(null, "", tab.href);
    // The address typed on one tab is the address on the other. No field is focused for the
    // customer: on a phone that would pop up the keyboard at a mere tap on a tab.
    const email = document.querySelector('[role="tabpanel"]:not([hidden]) input[type="email"]');
    const typed = Array.from(document.querySelectorAll('input[type="email"]')).find((i) => i.value);
    if (email && typed && !email.value) email.value = typed.value;
  };
  tabs.forEach((tab, i) => {
    tab.tabIndex = tab.getAttribute("aria-selected") === "true" ? 0 : -1;
    tab.addEventListener("click", (e) => {
      e.preventDefault();
      select(tab, false);
    });
    tab.addEventListener("keydown", (e) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
      if (step) {
        e.preventDefault();
        select(tabs[(i + step + tabs.length) % tabs.length], true);
      }
    });
  });
});

// The profile menu is a <details>: it opens and closes without JavaScript. With it, Escape
// closes it (focus back on its button), and so does a click or focus outside it.
document.querySelectorAll("details.profile-menu").forEach((menu) => {
  const summary = menu.querySelector("summary");
  menu.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && menu.open) {
      menu.open = false;
      summary.focus();
    }
  });
  document.addEventListener("click", (e) => {
    if (menu.open && !menu.contains(e.target)) menu.open = false;
  });
  menu.addEventListener("focusout", (e) => {
    if (menu.open && e.relatedTarget && !menu.contains(e.relatedTarget)) menu.open = false;
  });
});

// Forms marked data-dismiss (the welcome strip's X) post in the background and remove their
// element in place; without JavaScript they post and the page reloads without it.
document.querySelectorAll("form[data-dismiss]").forEach((form) => {
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    fetch(form.action, {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      credentials: "same-origin",
      redirect: "manual",
    }).catch(() => {});
    const gone = document.querySelector(form.dataset.dismiss);
    if (gone) gone.remove();
    const main = document.getElementById("main");
    if (main) main.focus({ preventScroll: true });
  });
});

// The quote: each item's choice is kept in this tab (sessionStorage) while the customer works
// through the list, with a running total of what they approve. Decisions are only sent by the
// confirmation step's form.
document.querySelectorAll("form.quote-form").forEach((form) => {
  const key = "quote-" + form.dataset.quote;
  const total = form.querySelector(".running-total");
  const money = new Intl.NumberFormat("en-GB", { style: "currency", currency: form.dataset.currency || "GBP" });
  const radios = Array.from(form.querySelectorAll('input[type="radio"]'));
  const update = () => {
    let sum = 0;
    const kept = {};
    radios.filter((r) => r.checked).forEach((r) => {
      kept[r.name] = r.value;
      if (r.value === "approve") sum += Number(r.closest("[data-gross]").dataset.gross);
    });
    if (total) total.textContent = money.format(sum / 100);
    try { sessionStorage.setItem(key, JSON.stringify(kept)); } catch (_) { /* private mode */ }
  };
  if (!radios.some((r) => r.checked)) {
    let kept = {};
    try { kept = JSON.parse(sessionStorage.getItem(key) || "{}"); } catch (_) { /* ignore */ }
    radios.forEach((r) => { if (kept[r.name] === r.value) r.checked = true; });
  }
  radios.forEach((r) => r.addEventListener("change", update));
  update();
});
// Once a quote is answered, its kept choices are forgotten.
document.querySelectorAll(".quote-closed").forEach(() => {
  const m = location.pathname.match(/^\/quotes\/(\d+)/);
  if (m) try { sessionStorage.removeItem("quote-" + m[1]); } catch (_) { /* ignore */ }
});

// Quote photos: a full-screen viewer with previous/next (arrow keys, swipe on phones) and
// Escape to close. Without JavaScript each thumbnail is a link to the photo itself.
document.querySelectorAll(".photos").forEach((list) => {
  const links = Array.from(list.querySelectorAll("a.photo-link"));
  links.forEach((link, start) => link.addEventListener("click", (e) => {
    e.preventDefault();
    let at = start;
    const viewer = document.createElement("dialog");
    viewer.className = "viewer";
    viewer.setAttribute("aria-label", "Photo viewer");
    viewer.innerHTML =
      '<figure><img alt=""><figcaption></figcaption></figure>' +
      '<button type="button" class="viewer-close" aria-label="Close">×</button>' +
      (links.length > 1
        ? '<button type="button" class="viewer-prev" aria-label="Previous photo">‹</button>' +
          '<button type="button" class="viewer-next" aria-label="Next photo">›</button>'
        : "");
    const img = viewer.querySelector("img");
    const caption = viewer.querySelector("figcaption");
    const show = (i) => {
      at = (i + links.length) % links.length;
      const thumb = links[at].querySelector("img");
      img.src = links[at].href;
      img.alt = thumb ? thumb.alt : "";
      caption.textContent = (thumb ? thumb.alt : "") + (links.length > 1 ? ` (${at + 1} of ${links.length})` : "");
    };
    const close = () => { viewer.close(); viewer.remove(); link.focus(); };
    viewer.querySelector(".viewer-close").addEventListener("click", close);
    const prev = viewer.querySelector(".viewer-prev");
    const next = viewer.querySelector(".viewer-next");
    if (prev) prev.addEventListener("click", () => show(at - 1));
    if (next) next.addEventListener("click", () => show(at + 1));
    viewer.addEventListener("keydown", (ev) => {
      if (ev.key === "ArrowLeft") show(at - 1);
      if (ev.key === "ArrowRight") show(at + 1);
    });
    viewer.addEventListener("cancel", (ev) => { ev.preventDefault(); close(); });
    let x0 = null;
    viewer.addEventListener("touchstart", (ev) => { x0 = ev.touches[0].clientX; }, { passive: true });
    viewer.addEventListener("touchend", (ev) => {
      if (x0 === null) return;
      const dx = ev.changedTouches[0].clientX - x0;
      if (Math.abs(dx) > 40) show(at + (dx < 0 ? 1 : -1));
      x0 = null;
    });
    document.body.appendChild(viewer);
    show(start);
    viewer.showModal();
  }));
});
