// The signed-in home page as a customer uses it, on a phone (375 px) and on a desktop (1280 px):
// one active job as the hero leading to its status page, the empty state, a tile per job, the
// profile menu from the keyboard, and the first-visit welcome strip.
//
// Every test makes its own customer (psql) and jobs (portalctl job add) and signs in with a
// portalctl deep link, so it sends no email (see the email budget in signin.test.mjs).
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  VIEWPORTS, useBrowser, pageTest, newPage, closePage, withScreenshotOnFailure, eventually,
} from './helpers.mjs';
import { newCustomer } from './mailbox.mjs';
import {
  GARAGE, url, bookJob, signIn, visible, assertNoHorizontalScroll, textOf,
} from './portal.mjs';

useBrowser();

const FIRST_NAME = 'Test';  // newCustomer()'s first name
const STRIP_TEXT = `Welcome to ${GARAGE.name}. Your car’s status is at the top of this page, ` +
  'and you can message the team anytime via Messages.';

const welcomeHeading = (page) =>
  page.getByRole('heading', { level: 1, name: `Welcome, ${FIRST_NAME}`, exact: true });
const strip = (page) => page.getByRole('complementary', { name: 'Welcome', exact: true });
const profileSummary = (page) => page.getByRole('banner').locator('details.profile-menu > summary');
const accountMenu = (page) => page.getByRole('navigation', { name: 'Account', exact: true });
const MENU_LINKS = ['Messages', 'Invoices', 'My Profile', 'Privacy & Security'];

async function assertMenuOpen(page) {
  const menu = accountMenu(page);
  for (const name of MENU_LINKS) await visible(menu.getByRole('link', { name, exact: true }));
  await visible(menu.getByRole('button', { name: 'Sign out', exact: true }));
}

async function assertMenuClosed(page) {
  // The header's links and button only: the page itself has a Messages tile of its own.
  const header = page.getByRole('banner');
  const inMenu = [...MENU_LINKS.map((name) => ['link', name]), ['button', 'Sign out']];
  await eventually(async () => {
    for (const [role, name] of inMenu) {
      const control = header.getByRole(role, { name, exact: true, includeHidden: true });
      assert.equal(await control.count(), 1, `the menu has "${name}"`);
      assert.equal(await control.isVisible(), false, `"${name}" is hidden while the menu is closed`);
    }
  });
}

const isFocused = (locator) => locator.evaluate((el) => el === document.activeElement);

for (const vp of VIEWPORTS) {
  describe(`the home page on a ${vp.label} (${vp.width} px)`, () => {
    pageTest('one active job is the hero, and tapping it opens the job status page', vp, async (page) => {
      const email = newCustomer();
      const job = bookJob(email, {
        make: 'Ford', model: 'Fiesta', colour: 'Blue', status: 'in_progress',
        description: 'Full service and a look at the squeaky brakes', ready: 'tomorrow 16:00',
      });
      await signIn(page, email, '/');
      await visible(welcomeHeading(page));

      const hero = page.getByRole('link', { name: /^Your Ford Fiesta - In Progress\./ });
      await visible(hero);
      assert.equal(await textOf(hero.locator('.hero-text')),
        'Your Ford Fiesta - In Progress. Estimated ready tomorrow, 4:00 pm', 'the hero');
      assert.equal(await textOf(hero.locator('.hero-more')), 'View status ›', 'the hero invites a tap');
      assert.equal(await page.locator('a.job-tile').count(), 0, 'no job tiles beside the hero');
      await assertNoHorizontalScroll(page, vp.width);

      if (vp.hasTouch) await hero.tap(); else await hero.click();
      await eventually(() => assert.equal(new URL(page.url()).pathname, `/jobs/${job.reference}`));
      await visible(page.getByRole('heading', { level: 1, name: 'Your Ford Fiesta', exact: true }));

      // The progress tracker: booked, now in the workshop, ready and complete still to come.
      const tracker = page.getByRole('region', { name: 'Progress', exact: true });
      await visible(tracker);
      assert.deepEqual(
        (await tracker.locator('ol.tracker > li .stage-label').allInnerTexts()).map((s) => s.trim()),
        ['Booked', 'In the workshop', 'Ready', 'Complete'], 'the stages');
      const current = tracker.locator('[aria-current="step"]');
      assert.equal(await current.count(), 1, 'one stage is the current one');
      assert.equal(await textOf(current.locator('.stage-label')), 'In the workshop', 'the current stage');
      await visible(tracker.getByText('Estimated ready:', { exact: false }));

      // The job card: its reference to quote, the status and what is being done.
      const card = page.getByRole('article', { name: job.reference, exact: true });
      await visible(card);
      await visible(card.getByText('Quote this reference when calling', { exact: true }));
      await visible(card.getByText('In Progress', { exact: true }));
      await visible(card.getByText('Work in progress', { exact: true }));
      await visible(card.getByText('Full service and a look at the squeaky brakes', { exact: true }));
      await visible(card.getByText(job.registration, { exact: true }));
      await assertNoHorizontalScroll(page, vp.width);
    });

    pageTest('with no jobs the home page offers to call the garage and says there are no active jobs', vp, async (page) => {
      const email = newCustomer();
      await signIn(page, email, '/');
      await visible(welcomeHeading(page));

      await visible(page.getByRole('heading', { level: 2, name: 'Your garage is ready when you are', exact: true }));
      const call = page.getByRole('link', { name: `Call ${GARAGE.name}`, exact: true });
      await visible(call);
      assert.equal(await call.getAttribute('href'), `tel:${GARAGE.dial}`, 'the call link dials the garage');

      const yourJobs = page.locator('details.your-jobs');
      await visible(yourJobs.getByRole('heading', { level: 2, name: 'Your Jobs', exact: true }));
      await visible(yourJobs.getByRole('heading', { level: 3, name: 'No active jobs', exact: true }));
      assert.equal(await page.getByRole('link', { name: /^Your .* - / }).count(), 0, 'no hero');
      await assertNoHorizontalScroll(page, vp.width);
    });

    pageTest('with two active jobs the home page shows a tile for each and no hero', vp, async (page) => {
      const email = newCustomer();
      const fiesta = bookJob(email, {
        make: 'Ford', model: 'Fiesta', status: 'in_progress', description: 'Full service',
        ready: 'tomorrow 16:00',
      });
      const corsa = bookJob(email, {
        make: 'Vauxhall', model: 'Corsa', status: 'scheduled', description: 'MOT test',
        appointment: 'tomorrow 09:00', ready: 'tomorrow 17:00',
      });
      await signIn(page, email, '/');
      await visible(welcomeHeading(page));

      const tiles = page.getByRole('navigation', { name: 'Your portal', exact: true });
      await visible(tiles);
      for (const [job, vehicle, status] of [[fiesta, 'Ford Fiesta', 'In Progress'],
        [corsa, 'Vauxhall Corsa', 'Scheduled']]) {
        const tile = tiles.getByRole('link', { name: new RegExp(`^${vehicle} `) });
        await visible(tile);
        assert.equal(await tile.getAttribute('href'), `/jobs/${job.reference}`, `the ${vehicle} tile's link`);
        await visible(tile.getByText(job.registration, { exact: true }));
        await visible(tile.getByText(status, { exact: true }));
        // and each job's card under Your Jobs
        await visible(page.getByRole('article', { name: job.reference, exact: true }));
      }
      assert.equal(await page.getByRole('link', { name: /^Your .* - / }).count(), 0, 'no hero');
      assert.equal(await page.getByText('Your garage is ready when you are').count(), 0, 'no empty state');
      await assertNoHorizontalScroll(page, vp.width);

      await tiles.getByRole('link', { name: /^Vauxhall Corsa / }).click();
      await eventually(() => assert.equal(new URL(page.url()).pathname, `/jobs/${corsa.reference}`));
      await visible(page.getByRole('heading', { level: 1, name: 'Your Vauxhall Corsa', exact: true }));
    });

    pageTest('the profile menu opens with Enter from the keyboard, and Escape closes it with focus back on it', vp, async (page) => {
      const email = newCustomer();
      await signIn(page, email, '/');
      await visible(welcomeHeading(page));
      await assertMenuClosed(page);

      // Tab from the top of the page: the skip link first, then on to the menu.
      const summary = profileSummary(page);
      await page.keyboard.press('Tab');
      assert.ok(await isFocused(page.getByRole('link', { name: 'Skip to content', exact: true })),
        'the first Tab lands on "Skip to content"');
      for (let i = 0; i < 8 && !(await isFocused(summary)); i++) await page.keyboard.press('Tab');
      assert.ok(await isFocused(summary), 'Tab reaches the profile menu');

      await page.keyboard.press('Enter');
      await assertMenuOpen(page);

      await page.keyboard.press('Escape');
      await assertMenuClosed(page);
      assert.ok(await isFocused(summary), 'focus is back on the profile menu');

      // It opens again from the keyboard (Escape left it in a usable state).
      await page.keyboard.press('Enter');
      await assertMenuOpen(page);
    });

    pageTest('a tap outside the open profile menu closes it', vp, async (page) => {
      const email = newCustomer();
      await signIn(page, email, '/');
      await profileSummary(page).click();
      await assertMenuOpen(page);
      // The heading's left end: on a phone the open menu covers the middle of the page.
      await welcomeHeading(page).click({ position: { x: 5, y: 5 } });
      await assertMenuClosed(page);
    });

    pageTest('a first-time customer sees the welcome strip; its X removes it in place and it stays gone', vp, async (page) => {
      const email = newCustomer();
      await signIn(page, email, '/');
      await visible(welcomeHeading(page));

      const welcome = strip(page);
      await visible(welcome);
      assert.equal(await textOf(welcome.locator('p')), STRIP_TEXT, 'the strip says');
      const stripBox = await welcome.boundingBox();
      const headerBox = await page.getByRole('banner').boundingBox();
      assert.ok(stripBox.y + stripBox.height <= headerBox.y + 1, 'the strip is above the header');
      await assertNoHorizontalScroll(page, vp.width);

      // The X removes the strip from this page without loading another one.
      await page.evaluate(() => { window.stillThisPage = true; });
      const dismissed = page.waitForResponse((r) => new URL(r.url()).pathname === '/welcome/dismiss');
      await welcome.getByRole('button', { name: 'Close the welcome message', exact: true }).click();
      await eventually(async () => assert.equal(await strip(page).count(), 0, 'the strip is gone'));
      assert.equal(await page.evaluate(() => window.stillThisPage), true, 'removed in place, no reload');
      await visible(welcomeHeading(page));
      await dismissed;

      await page.reload();
      await visible(welcomeHeading(page));
      assert.equal(await strip(page).count(), 0, 'still gone after a reload');
      assert.equal(await page.getByText('Welcome to Smith').count(), 0, 'no welcome text anywhere');
    });

    pageTest('after the browser restarts, a first-time customer is still signed in and no longer sees the strip', vp, async (page) => {
      const email = newCustomer();
      await signIn(page, email, '/');
      await visible(welcomeHeading(page));
      await visible(strip(page));

      // Closing a browser keeps persistent cookies and drops session cookies (expires -1).
      const { cookies } = await page.context().storageState();
      const kept = cookies.filter((c) => c.expires !== -1);
      const restarted = await newPage({ width: vp.width });
      try {
        await withScreenshotOnFailure(restarted, 'the home page after the browser restarts', vp.width, async () => {
          await restarted.context().addCookies(kept);
          await restarted.goto(url('/'));
          assert.equal(new URL(restarted.url()).pathname, '/', 'not sent to sign in');
          await visible(welcomeHeading(restarted));
          await visible(restarted.getByRole('banner').getByText(FIRST_NAME[0], { exact: true }));
          assert.equal(await strip(restarted).count(), 0, 'no welcome strip');
        });
      } finally {
        await closePage(restarted);
      }
    });
  });
}
