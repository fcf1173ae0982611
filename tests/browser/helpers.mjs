// Shared plumbing for the browser tests: one headless Chromium per test file, a fresh browser
// context (cookies, viewport, JavaScript on/off) per test, a full-page screenshot in
// build/screenshots/ when a test fails, and a small "eventually" for assertions that must wait
// for the page (playwright-core has no auto-retrying expect).
//
// The stack is started by tests/run.sh; these tests only read where it listens:
//   PORTAL_TEST_PORT  nginx on 127.0.0.1:<port>
//   PORTAL_TEST_VAR   the stack's directory (unused here, but set by the runner)
import { after, before, test } from 'node:test';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const PORT = process.env.PORTAL_TEST_PORT;
if (!PORT || !/^\d+$/.test(PORT)) {
  throw new Error('PORTAL_TEST_PORT is not set: run the browser tests through tests/run.sh, ' +
    'or start a stack with scripts/stack.sh and export its port');
}

// Chromium resolves every *.localhost name to 127.0.0.1 by itself, so each garage is reached on
// its own subdomain exactly as a customer would, with the Host header nginx routes on.
export const BASE = (garage) => `http://${garage}.localhost:${PORT}`;

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SCREENSHOTS = path.join(REPO, 'build', 'screenshots');

// The two widths every page must work at: a phone held upright and an ordinary desktop.
export const VIEWPORTS = [
  { label: 'phone', width: 375, height: 812, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
  { label: 'desktop', width: 1280, height: 800, isMobile: false, hasTouch: false, deviceScaleFactor: 1 },
];

const LAUNCH = {
  executablePath: '/usr/bin/chromium',
  headless: true,
  // Root has no sandbox; the rest keep Chromium from reaching for a network it does not have.
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  timeout: 30_000,
};

// How long one page action or wait may take before the test fails (a local stack answers in ms).
export const ACTION_TIMEOUT = 5_000;
// Upper bound for one whole test, so a hang fails that test instead of the whole run.
export const TEST_TIMEOUT = 20_000;

let browser = null;
const contexts = new Set();

// Registers, for the calling test file, a Chromium launched before its first test and closed
// after its last one, whether the tests passed, failed or threw.
export function useBrowser() {
  before(async () => {
    browser = await chromium.launch(LAUNCH);
  });
  after(async () => {
    const open = [...contexts];
    contexts.clear();
    await Promise.allSettled(open.map((c) => c.close()));
    const b = browser;
    browser = null;
    if (b) await b.close();
  });
}

function viewportFor(width) {
  const known = VIEWPORTS.find((v) => v.width === width);
  return known ?? { width, height: 800, isMobile: false, hasTouch: false, deviceScaleFactor: 1 };
}

// A page in a fresh context (no cookies shared with other tests) at the given width.
// Options: width (375 or 1280, or any other), javaScriptEnabled (default true).
export async function newPage({ width = 1280, javaScriptEnabled = true } = {}) {
  if (!browser) throw new Error('no browser: call useBrowser() at the top of the test file');
  const vp = viewportFor(width);
  const context = await browser.newContext({
    viewport: { width: vp.width, height: vp.height },
    isMobile: vp.isMobile,
    hasTouch: vp.hasTouch,
    deviceScaleFactor: vp.deviceScaleFactor,
    javaScriptEnabled,
    locale: 'en-GB',
  });
  contexts.add(context);
  context.once('close', () => contexts.delete(context));
  context.setDefaultTimeout(ACTION_TIMEOUT);
  context.setDefaultNavigationTimeout(10_000);
  return context.newPage();
}

export async function closePage(page) {
  const context = page.context();
  contexts.delete(context);
  await context.close().catch(() => {});
}

export function screenshotPath(name, width) {
  const slug = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 150);
  return path.join(SCREENSHOTS, `${slug}-${width}.png`);
}

// Runs fn(page); if it throws, saves a full-page screenshot of the page as it was, then rethrows
// the original error (a failed screenshot is reported on stderr but never hides that error).
export async function withScreenshotOnFailure(page, name, width, fn) {
  try {
    return await fn(page);
  } catch (err) {
    const file = screenshotPath(name, width);
    try {
      await mkdir(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: file, fullPage: true, timeout: ACTION_TIMEOUT });
      console.error(`# screenshot of the failure: ${path.relative(REPO, file)}`);
    } catch (shotErr) {
      console.error(`# could not save a screenshot to ${file}: ${shotErr.message}`);
    }
    throw err;
  }
}

// test() with a fresh page at the viewport's width, closed afterwards, and a screenshot named
// after the test and width when it fails. The width is appended to the name:
//   pageTest("the sign-in page shows …", vp, async (page) => { … })
//   → "the sign-in page shows … at 375 px", build/screenshots/the-sign-in-page-shows-…-375.png
export function pageTest(name, vp, fn, { javaScriptEnabled = true, timeout = TEST_TIMEOUT } = {}) {
  return test(`${name} at ${vp.width} px`, { timeout }, async (t) => {
    const page = await newPage({ width: vp.width, javaScriptEnabled });
    try {
      await withScreenshotOnFailure(page, name, vp.width, (p) => fn(p, t));
    } finally {
      await closePage(page);
    }
  });
}

// Retries an assertion until it passes or the time is up, then throws its last error.
// For things that change after a click: with JavaScript the page updates in place, without it
// the browser navigates, and either way the test should only care about the end state.
export async function eventually(assertion, { timeout = ACTION_TIMEOUT, interval = 50 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await assertion();
    } catch (err) {
      if (Date.now() >= deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, interval));
    }
  }
}

// The value of a CSS custom property on :root, as the page computes it.
export function rootCustomProperty(page, name) {
  return page.evaluate(
    (prop) => getComputedStyle(document.documentElement).getPropertyValue(prop).trim(), name);
}

// '#0B6E4F' → 'rgb(11, 110, 79)', the form getComputedStyle reports colours in.
export function hexToRgb(hex) {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not a #RRGGBB colour: ${hex}`);
  const [r, g, b] = m.slice(1).map((h) => parseInt(h, 16));
  return `rgb(${r}, ${g}, ${b})`;
}
