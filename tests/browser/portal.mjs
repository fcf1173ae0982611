// What the home and quote journeys share: a customer's vehicles, jobs and quotes made the way the
// garage's back office makes them (portalctl), and signing a customer in the way a deep link in
// an SMS does (portalctl link, opened, one tap on "Sign in"), so no test spends the per-IP
// allowance of sign-in emails that signin.test.mjs budgets for.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import path from 'node:path';
import { BASE, REPO, eventually } from './helpers.mjs';
import { VAR } from './mailbox.mjs';

export const GARAGE = {
  subdomain: 'smiths',
  name: "Smith's Garage",
  dial: '+442079460321',  // the demo garage's main_phone, "+44 20 7946 0321", as a tel: number
};
export const ORIGIN = BASE(GARAGE.subdomain);
export const url = (p) => `${ORIGIN}${p}`;

// Runs build/sbin/portalctl against the test stack and returns its output. The database socket
// belongs to the stack's owner, `portal` when root started it (scripts/stack.sh), so root runs
// portalctl as that account, as the stack script itself does.
export function portalctl(...args) {
  if (!VAR) throw new Error('PORTAL_TEST_VAR is not set: run the browser tests through tests/run.sh');
  const conf = `PORTAL_CONF=${path.join(VAR, 'portal.conf')}`;
  const bin = path.join(REPO, 'build', 'sbin', 'portalctl');
  const [cmd, argv] = process.getuid?.() === 0
    ? ['runuser', ['-u', 'portal', '--', 'env', conf, bin, ...args]]
    : ['env', [conf, bin, ...args]];
  try {
    return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (err) {
    throw new Error(`portalctl ${args.join(' ')} failed: ${(err.stderr || err.message).trim()}`);
  }
}

// A registration no other test uses, shaped like a UK plate: "BT42 QXZ".
export function newRegistration() {
  const letters = 'ABCDEFGHJKLMNPRSTUVWXYZ';
  const pick = () => letters[randomInt(letters.length)];
  return `BT${String(randomInt(10, 100))} ${pick()}${pick()}${pick()}`;
}

// Books a job on a new vehicle of the customer; returns { reference, registration }.
// `ready` and `appointment` are portalctl TIMEs in the garage's zone ('tomorrow 16:00').
export function bookJob(email, { make, model, colour, description, status = 'in_progress',
  ready = null, appointment = null, technician = 'Dave' }) {
  const registration = newRegistration();
  const args = ['job', 'add', '--garage', GARAGE.subdomain, '--customer', email,
    '--registration', registration, '--make', make, '--model', model,
    '--description', description, '--status', status, '--technician', technician];
  if (colour) args.push('--colour', colour);
  if (ready) args.push('--ready', ready);
  if (appointment) args.push('--appointment', appointment);
  const out = portalctl(...args);
  const m = /added job (WO-[A-Z]+-\d+)/.exec(out);
  assert.ok(m, `portalctl job add did not say which job it added:\n${out}`);
  return { reference: m[1], registration };
}

// Sends the job a quote; items are { category, title, description, notes, hours, rate } and
// parts { item, name, quantity, price } (prices net of VAT, as the back office types them).
// Returns the quote's id.
export function sendQuote(reference, { technician, items, parts = [] }) {
  const args = ['quote', 'add', '--garage', GARAGE.subdomain, '--job', reference,
    '--technician', technician];
  for (const i of items) {
    args.push('--item', [i.category, i.title, i.description ?? '', i.notes ?? '', i.hours, i.rate].join('|'));
  }
  for (const p of parts) args.push('--part', [p.item, p.name, p.quantity, p.price].join('|'));
  const out = portalctl(...args);
  const m = /added quote (\d+)/.exec(out);
  assert.ok(m, `portalctl quote add did not say which quote it added:\n${out}`);
  return Number(m[1]);
}

// Signs the customer in with a deep link to `to`, as one sent by SMS: the page behind the link
// asks for one tap on "Sign in" (this browser never signed in), then lands on `to`.
export async function signIn(page, email, to = '/') {
  const out = portalctl('link', '--garage', GARAGE.subdomain, '--customer', email, '--to', to);
  const link = out.split('\n').map((l) => l.trim()).find((l) => /^https?:\/\/\S+\/auth\/\S+$/.test(l));
  assert.ok(link, `portalctl link printed no link:\n${out}`);
  assert.ok(link.startsWith(`${ORIGIN}/auth/`), `the link ${link} leads to ${ORIGIN}`);
  await page.goto(link);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await eventually(() => assert.equal(new URL(page.url()).pathname, to, 'where the link lands'));
}

export const visible = (locator) => locator.waitFor({ state: 'visible' });

// The page fits the screen: nothing to scroll sideways.
export async function assertNoHorizontalScroll(page, width) {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scrollWidth <= width,
    `${new URL(page.url()).pathname} is ${scrollWidth} px wide on a ${width} px screen`);
}

// The text a customer reads in an element, with runs of white space as one space.
export async function textOf(locator) {
  return (await locator.innerText()).replace(/\s+/g, ' ').trim();
}
