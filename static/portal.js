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
