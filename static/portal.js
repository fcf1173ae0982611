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

// ---- Messages (issue 12) ----
// Picking files shows a chip per file (a thumbnail for a photo; the name and size otherwise)
// with an ✕ to remove it; Attach again adds more, up to 4. The files travel in the form's own
// file input, so Send posts them as a browser without JavaScript would.
document.querySelectorAll("form.message-form").forEach((form) => {
  const input = form.querySelector(".attach-input");
  const box = form.querySelector(".attach-chips");
  if (!input || !box || typeof DataTransfer === "undefined") return;
  const list = box.querySelector("ul");
  let picked = [];
  const size = (n) => (n >= 1e6 ? (n / 1e6).toFixed(1) + " MB" : Math.max(1, Math.round(n / 1e3)) + " KB");
  const say = (text) => {
    let p = form.querySelector(".attach-error");
    if (!p && text) {
      p = document.createElement("p");
      p.className = "notice notice-error attach-error";
      p.setAttribute("role", "alert");
      box.after(p);
    }
    if (p) { p.textContent = text; p.hidden = !text; }
  };
  const render = () => {
    const dt = new DataTransfer();
    picked.forEach((f) => dt.items.add(f));
    input.files = dt.files;
    list.replaceChildren(...picked.map((f, i) => {
      const chip = document.createElement("li");
      chip.className = "chip";
      if (/^image\/(jpeg|png|webp)$/.test(f.type)) {
        const img = document.createElement("img");
        img.alt = "";
        const reader = new FileReader();
        reader.onload = () => { img.src = reader.result; };
        reader.readAsDataURL(f);
        chip.append(img);
      } else {
        const icon = document.createElement("span");
        icon.className = "file-icon";
        icon.textContent = f.type === "application/pdf" ? "PDF" : "FILE";
        chip.append(icon);
      }
      const name = document.createElement("span");
      name.className = "file-name";
      name.textContent = f.name;
      const bytes = document.createElement("span");
      bytes.className = "file-size";
      bytes.textContent = size(f.size);
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "chip-remove";
      remove.textContent = "✕";
      remove.setAttribute("aria-label", "Remove " + f.name);
      remove.addEventListener("click", () => { picked.splice(i, 1); say(""); render(); });
      chip.append(name, bytes, remove);
      return chip;
    }));
    box.hidden = picked.length === 0;
  };
  input.addEventListener("change", () => {
    const added = Array.from(input.files);
    say("");
    for (const f of added) {
      if (picked.length === 4) { say("You can attach up to 4 files to one message."); break; }
      if (f.type.startsWith("video/")) { say("Videos can’t be sent yet — try a photo or PDF"); continue; }
      if (f.size > 10 * 1048576) { say("“" + f.name + "” is larger than 10 MB. Please send a smaller photo or PDF."); continue; }
      picked.push(f);
    }
    render();
  });
});

// Live: while a thread or the conversation list is open, ask every 5 seconds whether anything
// changed (the server answers 304 at once when nothing has, so no worker is held), and swap in
// the new thread or list when it has. A draft being typed is never touched.
document.querySelectorAll("[data-poll]").forEach((live) => {
  const poll = async () => {
    if (document.hidden) return;
    try {
      const res = await fetch(live.dataset.poll, { credentials: "same-origin", cache: "no-store" });
      if (res.status !== 200) return;
      const fresh = new DOMParser().parseFromString(await res.text(), "text/html").getElementById(live.id);
      if (!fresh) return;
      const atBottom = window.innerHeight + window.scrollY >= document.body.scrollHeight - 80;
      live.replaceChildren(...fresh.childNodes);
      live.dataset.poll = fresh.dataset.poll;
      if (atBottom && live.id === "thread") live.lastElementChild?.scrollIntoView({ block: "end" });
    } catch (_) { /* offline for a moment: the next poll tries again */ }
  };
  setInterval(poll, 5000);
});
