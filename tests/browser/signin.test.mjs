// Signing in as a customer does it, on a phone (375 px) and on a desktop (1280 px): the email
// link, the 6-digit code for an email read on another device, setting a password from the
// upgrade card and signing in with it, resetting a forgotten password, and signing out.
//
// Every test creates its own customer (psql, see mailbox.mjs) and reads the email the portal
// sent from the stack's dev mailbox ($PORTAL_TEST_VAR/mail/, written by portal-mailer --watch).
//
// Email budget. The portal allows at most 20 sign-in-link and reset emails per hour from one IP
// address, and every request Chromium makes comes from 127.0.0.1. So this file asks for at most
// EMAIL_BUDGET (11 today, kept ≤ 12) link or reset emails in total, each test's count noted
// beside it, and the rarer checks (the link opened on another device, forgot-password) run at
// one width only. Adding an email-sending test means taking one from elsewhere.
import { before, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE, VIEWPORTS, TEST_TIMEOUT, useBrowser, pageTest, newPage, closePage,
  withScreenshotOnFailure, eventually,
} from './helpers.mjs';
import { newCustomer, sql, waitForEmail } from './mailbox.mjs';

useBrowser();

const GARAGE = { subdomain: 'smiths', name: "Smith's Garage" };
const ORIGIN = BASE(GARAGE.subdomain);
const url = (p) => `${ORIGIN}${p}`;
const FIRST_NAME = 'Test';  // newCustomer()'s first name

// Strong enough for the password rules (zxcvbn), and different from each other.
const PASSWORD = 'copper kettle meadow 42';
const NEW_PASSWORD = 'violet harbour lantern 17';

// 4 tests × 2 widths + 1 (link opened in another browser) + 2 (forgot password: link, reset).
const EMAIL_BUDGET = 11;
const PER_IP_LIMIT = 20;  // kLinkPerIp in cgi-bin/login.cc: 20 link or reset emails an hour
let emailsAsked = 0;
// Called just before every click that sends an email, so a new test cannot overspend unnoticed.
function spendEmail() {
  emailsAsked += 1;
  assert.ok(emailsAsked <= EMAIL_BUDGET, `this file asked for more than its ${EMAIL_BUDGET} emails ` +
    `(the per-IP limit is ${PER_IP_LIMIT} an hour; see the comment at the top)`);
}
// A test that waits for an email (or two) gets more than the default time.
const MAIL_TEST_TIMEOUT = TEST_TIMEOUT + 20_000;

// tests/run.sh runs the integration layer first on the same stack, and it exhausts the per-IP
// limit on purpose (it tests it). The limit is not what these tests are about, so when this
// hour's counter for 127.0.0.1 leaves less than the budget, start it afresh and say so.
before(() => {
  const key = 'link per ip|127.0.0.1';
  const window = "to_timestamp(floor(extract(epoch from now()) / 3600) * 3600)";
  let used;
  try {
    used = Number(sql(`SELECT coalesce(max(count), 0) FROM rate_limits WHERE key = '${key}' ` +
      `AND window_start = ${window}`));
  } catch (err) {
    console.error(`# could not read the per-IP email counter: ${err.message.split('\n')[0]}`);
    return;
  }
  if (used + EMAIL_BUDGET > PER_IP_LIMIT) {
    console.error(`# note: 127.0.0.1 has already asked for ${used} of its ${PER_IP_LIMIT} emails ` +
      `this hour (earlier tests on this stack); resetting that counter so these ${EMAIL_BUDGET} fit`);
    sql(`DELETE FROM rate_limits WHERE key = '${key}'`);
  }
});

// ---- what the customer sees and does -----------------------------------------------------------

const visible = (locator) => locator.waitFor({ state: 'visible' });
const linkPanel = (page) => page.getByRole('tabpanel', { name: 'Email link', exact: true });
const passwordPanel = (page) => page.getByRole('tabpanel', { name: 'Password', exact: true });

function assertAt(page, pathname, search = '') {
  const u = new URL(page.url());
  assert.equal(`${u.origin}${u.pathname}${u.search}`, `${ORIGIN}${pathname}${search}`, 'the address bar');
}

async function assertNoHorizontalScroll(page, width) {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scrollWidth <= width, `the page is ${scrollWidth} px wide on a ${width} px screen`);
}

// The sign-in page, as someone who is not signed in sees it.
async function assertSignInPage(page, pathname = '/login') {
  assert.equal(new URL(page.url()).pathname, pathname, 'on the sign-in page');
  await visible(page.getByRole('heading', { level: 1, name: 'Sign in to your portal', exact: true }));
  assert.equal(await page.getByRole('button', { name: 'Sign out', exact: true }).count(), 0,
    'no "Sign out" button');
  assert.equal(await page.getByRole('heading', { name: /^Welcome/ }).count(), 0, 'no welcome heading');
}

// The signed-in welcome page: the customer's name, the garage's name, the account in the header.
async function assertWelcomePage(page, width, search = '') {
  assertAt(page, '/', search);
  assert.equal(await page.title(), `Welcome – ${GARAGE.name}`);
  await visible(page.getByRole('heading', { level: 1, name: `Welcome, ${FIRST_NAME}`, exact: true }));
  await visible(page.getByText(`Track your vehicle’s progress at ${GARAGE.name}`, { exact: true }));
  const header = page.getByRole('banner');
  await visible(header.getByText(GARAGE.name, { exact: true }));
  await visible(header.getByText(FIRST_NAME[0], { exact: true })); // the avatar's initial
  // The name beside the avatar; a phone's narrow header shows the avatar alone (portal.css).
  const name = header.getByText(FIRST_NAME, { exact: true });
  if (width >= 480) await visible(name);
  else assert.equal(await name.count(), 1, "the customer's name is in the header");
  // Sign out sits in the profile menu, which opens from the name.
  await header.locator('summary').click();
  await visible(header.getByRole('button', { name: 'Sign out', exact: true }));
  await header.locator('summary').click();
  await assertNoHorizontalScroll(page, width);
}

// Types the address on the Email link tab and sends; returns when the page confirms it, with
// the moment just before sending (emails written after it are this request's).
async function askForLink(page, email) {
  await page.goto(url('/login'));
  const panel = linkPanel(page);
  await panel.getByLabel('Email address', { exact: true }).fill(email);
  spendEmail();
  const sentAt = new Date();
  await panel.getByRole('button', { name: 'Send sign-in link', exact: true }).click();
  await eventually(() => assertAt(page, '/login', '?notice=sent'));
  const status = page.getByRole('status');
  await visible(status.getByText('Email sent.', { exact: true }));
  await visible(status.getByText(`Check your inbox for a sign-in link from ${GARAGE.name}.`));
  return sentAt;
}

// The sign-in email for `email`, checked as the customer would read it.
async function readSignInEmail(email, after) {
  const mail = await waitForEmail(email, { after, subject: 'sign-in link' });
  assert.equal(mail.subject, `Your sign-in link for ${GARAGE.name}`);
  assert.match(mail.text, new RegExp(`^Hi ${FIRST_NAME},$`, 'm'), 'greets the customer by name');
  assert.ok(mail.link.startsWith(`${ORIGIN}/auth/`),
    `the link ${mail.link} leads to ${GARAGE.name}'s portal (${ORIGIN})`);
  assert.match(mail.code ?? '', /^\d{3} \d{3}$/, 'the email shows a 6-digit code as "123 456"');
  return mail;
}

// Asks for a link and opens it in the same browser: signed in at once. [1 email]
async function signInByLink(page, email, width) {
  const sentAt = await askForLink(page, email);
  const mail = await readSignInEmail(email, sentAt);
  await page.goto(mail.link);
  await assertWelcomePage(page, width);
}

async function signOut(page) {
  await page.getByRole('banner').locator('summary').click();
  await page.getByRole('banner').getByRole('button', { name: 'Sign out', exact: true }).click();
  await eventually(() => assertAt(page, '/login', '?notice=signed_out'));
  await visible(page.getByText("You've signed out.", { exact: true }));
  await assertSignInPage(page);
}

// Signs in on the Password tab; the caller waits for wherever that lands.
async function signInWithPassword(page, email, password) {
  await page.goto(url('/login'));
  await page.getByRole('tab', { name: 'Password', exact: true }).click();
  const panel = passwordPanel(page);
  await panel.getByLabel('Email address', { exact: true }).fill(email);
  await panel.getByLabel('Password', { exact: true }).fill(password);
  await panel.getByRole('button', { name: 'Sign in', exact: true }).click();
}

// Opens "Set a password" on the upgrade card and sets one; the card is gone afterwards.
async function setPasswordFromCard(page, password, width) {
  const card = page.getByRole('region', { name: 'Want to sign in faster?', exact: true });
  await visible(card.getByRole('heading', { level: 2, name: 'Want to sign in faster?', exact: true }));
  await visible(card.getByText('Set a password to sign in directly without waiting for an email link.',
    { exact: true }));
  const newPassword = card.getByLabel('New password', { exact: true });
  assert.equal(await newPassword.isVisible(), false, 'the form is folded away until asked for');

  await card.getByText('Set a password', { exact: true }).click();
  await visible(newPassword);
  await newPassword.fill(password);
  await card.getByLabel('Confirm password', { exact: true }).fill(password);
  await card.getByRole('button', { name: 'Set password', exact: true }).click();

  await eventually(() => assertAt(page, '/', '?notice=password_set'));
  await visible(page.getByText('Your password is set. Next time you can sign in with the Password tab.',
    { exact: true }));
  await assertWelcomePage(page, width, '?notice=password_set');
  assert.equal(await page.getByText('Want to sign in faster?').count(), 0, 'the upgrade card is gone');
}

// ---- the journeys -------------------------------------------------------------------------------

for (const vp of VIEWPORTS) {
  describe(`signing in on a ${vp.label} (${vp.width} px)`, () => {
    // [1 email]
    pageTest('a customer asks for an email link, opens it and lands on their welcome page', vp, async (page) => {
      const email = newCustomer();
      await page.goto(url('/login'));
      await visible(page.getByRole('heading', { level: 1, name: 'Sign in to your portal', exact: true }));

      const sentAt = await askForLink(page, email);
      const mail = await readSignInEmail(email, sentAt);
      assert.match(mail.text, /expires in 15 minutes/, 'the email says how long the link lasts');

      await page.goto(mail.link);
      await assertWelcomePage(page, vp.width);
      // Until they set a password, the welcome page offers it.
      await visible(page.getByRole('heading', { level: 2, name: 'Want to sign in faster?', exact: true }));
    }, { timeout: MAIL_TEST_TIMEOUT });

    // [1 email]
    pageTest('a customer reading the email on another device types its code where they asked', vp, async (page) => {
      const email = newCustomer();
      const sentAt = await askForLink(page, email);
      const mail = await readSignInEmail(email, sentAt);

      const code = page.getByLabel(
        'Reading the email on another device? Enter the 6-digit code from it here.', { exact: true });
      await visible(code);
      await code.fill(mail.code);  // as the email prints it: "123 456"
      await page.getByRole('button', { name: 'Sign in with code', exact: true }).click();
      await eventually(() => assertAt(page, '/'));
      await assertWelcomePage(page, vp.width);
    }, { timeout: MAIL_TEST_TIMEOUT });

    // [1 email]
    pageTest('set a password from the upgrade card, sign out, sign in with it on the Password tab', vp, async (page) => {
      const email = newCustomer();
      await signInByLink(page, email, vp.width);
      await setPasswordFromCard(page, PASSWORD, vp.width);
      await signOut(page);

      await signInWithPassword(page, email, PASSWORD);
      await eventually(() => assertAt(page, '/'));
      await assertWelcomePage(page, vp.width);
      assert.equal(await page.getByText('Want to sign in faster?').count(), 0,
        'no upgrade card once a password is set');
    }, { timeout: MAIL_TEST_TIMEOUT });

    // [1 email]
    pageTest('signing out ends the session: the portal shows the sign-in page again', vp, async (page) => {
      const email = newCustomer();
      await signInByLink(page, email, vp.width);
      const cookiesWhileSignedIn = await page.context().cookies();

      await signOut(page);
      await page.goto(url('/'));
      await assertSignInPage(page);

      // Ended on the server too: the old session cookie, put back, opens nothing.
      await page.context().addCookies(cookiesWhileSignedIn);
      await page.goto(url('/'));
      await assertSignInPage(page);
    }, { timeout: MAIL_TEST_TIMEOUT });
  });
}

// One width each below, to stay within the email budget.
const DESKTOP = VIEWPORTS.find((v) => v.width === 1280);
const PHONE = VIEWPORTS.find((v) => v.width === 375);

describe('the email link opened somewhere else', () => {
  // [1 email] A mail scanner or the customer's other device has no pending-sign-in cookie: the
  // link alone must not sign it in, only the "Sign in" button does.
  pageTest('a link opened in another browser asks for one tap on "Sign in" before signing in', DESKTOP, async (asker) => {
    const email = newCustomer();
    const sentAt = await askForLink(asker, email);
    const mail = await readSignInEmail(email, sentAt);

    const other = await newPage({ width: DESKTOP.width });
    try {
      await withScreenshotOnFailure(other, 'email link opened in another browser', DESKTOP.width, async () => {
        await other.goto(mail.link);
        assert.equal(new URL(other.url()).pathname, new URL(mail.link).pathname, 'stays on the link');
        await visible(other.getByRole('heading', { level: 1, name: 'Sign in to your portal', exact: true }));
        await visible(other.getByText(`You're one tap away from your ${GARAGE.name} portal.`, { exact: true }));
        const buttons = other.getByRole('button');
        assert.deepEqual(await buttons.allInnerTexts(), ['Sign in'], 'one button, "Sign in"');

        // Opening the link signed nobody in.
        await other.goto(url('/'));
        await assertSignInPage(other);

        // Opening it did not use it up either: back to it, one tap, signed in.
        await other.goto(mail.link);
        await other.getByRole('button', { name: 'Sign in', exact: true }).click();
        await eventually(() => assertAt(other, '/'));
        await assertWelcomePage(other, DESKTOP.width);
      });
    } finally {
      await closePage(other);
    }

    // The browser that asked is still not signed in: each browser signs in for itself.
    await asker.goto(url('/'));
    await assertSignInPage(asker);
  }, { timeout: MAIL_TEST_TIMEOUT });
});

describe('forgot password', () => {
  // [1 email + 1 reset email]
  pageTest('a customer resets a forgotten password by email; the old one stops working', PHONE, async (page) => {
    const email = newCustomer();
    await signInByLink(page, email, PHONE.width);
    await setPasswordFromCard(page, PASSWORD, PHONE.width);
    await signOut(page);

    await page.getByRole('tab', { name: 'Password', exact: true }).click();
    await passwordPanel(page).getByRole('link', { name: 'Forgot your password?', exact: true }).click();
    await eventually(() => assertAt(page, '/login/forgot'));
    await visible(page.getByRole('heading', { level: 1, name: 'Reset your password', exact: true }));
    await page.getByLabel('Email address', { exact: true }).fill(email);
    spendEmail();
    const sentAt = new Date();
    await page.getByRole('button', { name: 'Send reset link', exact: true }).click();
    await eventually(() => assertAt(page, '/login/forgot', '?notice=sent'));
    await visible(page.getByRole('status').getByText('Email sent.', { exact: true }));

    const mail = await waitForEmail(email, { after: sentAt, subject: 'Reset your password' });
    assert.equal(mail.subject, `Reset your password for ${GARAGE.name}`);
    assert.ok(mail.link.startsWith(`${ORIGIN}/auth/`), `the link ${mail.link} leads to ${ORIGIN}`);
    assert.equal(mail.code, null, 'a reset email has no sign-in code');

    await page.goto(mail.link);
    await visible(page.getByRole('heading', { level: 1, name: 'Choose a new password', exact: true }));
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Confirm password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Set password', exact: true }).click();
    await eventually(() => assertAt(page, '/', '?notice=password_reset'));
    await assertWelcomePage(page, PHONE.width, '?notice=password_reset');
    await visible(page.getByText("Your password has been changed, and you've been signed out everywhere else.",
      { exact: true }));

    await signOut(page);
    await signInWithPassword(page, email, PASSWORD);
    await eventually(() => assertAt(page, '/login/password'));
    await visible(page.getByRole('alert').getByText(
      "That email address and password don't match. If you haven't set a password yet, sign in " +
      'with the Email link tab instead.', { exact: true }));
    await assertSignInPage(page, '/login/password');

    await signInWithPassword(page, email, NEW_PASSWORD);
    await eventually(() => assertAt(page, '/'));
    await assertWelcomePage(page, PHONE.width);
  }, { timeout: MAIL_TEST_TIMEOUT });
});
