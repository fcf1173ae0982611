// The sign-in page as a customer sees it, on a phone (375 px) and on a desktop (1280 px).
//
// Tabs: the page is served with the chosen tab selected and the other panel `hidden`; the tabs
// are links (/login?tab=…), and static/portal.js, when it runs, switches them in place instead.
// So these tests click and then wait for what the person would see (fields shown or not, the
// selected tab), never for a navigation or the absence of one: they pass either way.
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE, VIEWPORTS, useBrowser, pageTest, eventually, rootCustomProperty, hexToRgb,
} from './helpers.mjs';

useBrowser();

const GARAGES = [
  { subdomain: 'smiths', name: "Smith's Garage", brand: '#0B6E4F', logo: '/branding/smiths/logo.svg' },
  { subdomain: 'northside', name: 'Northside Motors', brand: '#7A1F5C', logo: '/branding/northside/logo.svg' },
];
const SMITHS = GARAGES[0];

const login = (garage, query = '') => `${BASE(garage.subdomain)}/login${query}`;

// Two inputs are labelled "Email address", one in each panel; only the shown panel's one counts.
// A panel with the `hidden` attribute is out of the accessibility tree, so getByRole('tabpanel')
// finds a panel only while it is shown.
const linkPanel = (page) => page.getByRole('tabpanel', { name: 'Email link', exact: true });
const passwordPanel = (page) => page.getByRole('tabpanel', { name: 'Password', exact: true });
const tab = (page, name) => page.getByRole('tab', { name, exact: true });
// The password input, wherever it is (shown or not), to assert that the person cannot see it.
// (getByLabel('Password') alone would also match the Password panel, labelled by its tab.)
const anyPasswordField = (page) => page.locator('input').and(page.getByLabel('Password', { exact: true }));

async function assertSelectedTab(page, selected) {
  await eventually(async () => {
    for (const name of ['Email link', 'Password']) {
      assert.equal(await tab(page, name).getAttribute('aria-selected'),
        name === selected ? 'true' : 'false', `aria-selected of the "${name}" tab`);
    }
  });
}

async function assertEmailLinkTabShown(page) {
  const panel = linkPanel(page);
  await panel.getByLabel('Email address', { exact: true }).waitFor({ state: 'visible' });
  await panel.getByRole('button', { name: 'Send sign-in link', exact: true }).waitFor({ state: 'visible' });
  await anyPasswordField(page).waitFor({ state: 'hidden' });
  await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor({ state: 'hidden' });
  await assertSelectedTab(page, 'Email link');
}

async function assertPasswordTabShown(page) {
  const panel = passwordPanel(page);
  await panel.getByLabel('Email address', { exact: true }).waitFor({ state: 'visible' });
  await panel.getByLabel('Password', { exact: true }).waitFor({ state: 'visible' });
  await panel.getByRole('button', { name: 'Sign in', exact: true }).waitFor({ state: 'visible' });
  await page.getByRole('button', { name: 'Send sign-in link', exact: true }).waitFor({ state: 'hidden' });
  await assertSelectedTab(page, 'Password');
}

async function openLogin(page, garage = SMITHS, query = '') {
  const response = await page.goto(login(garage, query));
  assert.equal(response.status(), 200, `status of ${login(garage, query)}`);
  return response;
}

async function assertNoHorizontalScroll(page, width) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  assert.ok(scrollWidth <= width,
    `the page is ${scrollWidth} px wide on a ${width} px screen (clientWidth ${clientWidth})`);
}

for (const vp of VIEWPORTS) {
  describe(`sign-in page on a ${vp.label} (${vp.width} px)`, () => {
    for (const garage of GARAGES) {
      pageTest(`sign-in page of ${garage.name} shows its name, logo and heading`, vp, async (page) => {
        await openLogin(page, garage);
        assert.equal(await page.title(), `Sign in – ${garage.name}`);

        const header = page.getByRole('banner');
        await header.getByText(garage.name, { exact: true }).waitFor({ state: 'visible' });

        // The logo is decorative (alt="", the name is beside it), so it has no role to find it by.
        const logo = header.locator('img');
        assert.equal(await logo.count(), 1, 'one logo image in the header');
        await logo.waitFor({ state: 'visible' });
        const src = await logo.evaluate((img) => new URL(img.currentSrc || img.src).pathname);
        assert.equal(src, garage.logo);
        const naturalWidth = await logo.evaluate(
          (img) => img.decode().then(() => img.naturalWidth, () => 0));
        assert.ok(naturalWidth > 0, `the logo ${garage.logo} loaded (naturalWidth ${naturalWidth})`);

        await page.getByRole('heading', { level: 1, name: 'Sign in to your portal', exact: true })
          .waitFor({ state: 'visible' });
        await page.getByText('Enter your email to receive a sign-in link', { exact: true })
          .waitFor({ state: 'visible' });
      });

      pageTest(`sign-in page of ${garage.name} sets its brand colour ${garage.brand}`, vp, async (page) => {
        await openLogin(page, garage);
        const brand = await rootCustomProperty(page, '--brand');
        assert.equal(brand.toUpperCase(), garage.brand.toUpperCase(), '--brand on :root');
      });

      pageTest(`"Send sign-in link" button of ${garage.name} is filled with its brand colour`, vp, async (page) => {
        await openLogin(page, garage);
        const button = linkPanel(page).getByRole('button', { name: 'Send sign-in link', exact: true });
        await button.waitFor({ state: 'visible' });
        const background = await button.evaluate((el) => getComputedStyle(el).backgroundColor);
        assert.equal(background, hexToRgb(garage.brand),
          'background colour of the "Send sign-in link" button (needs static/portal.css)');
      });
    }

    pageTest('sign-in page opens on the Email link tab with the email field shown and no password field', vp, async (page) => {
      await openLogin(page);
      await assertEmailLinkTabShown(page);
      assert.equal(await anyPasswordField(page).isVisible(), false, 'the password field is not visible');
    });

    pageTest('clicking Password shows email, password and Sign in; clicking Email link goes back', vp, async (page) => {
      await openLogin(page);
      await tab(page, 'Password').click();
      await assertPasswordTabShown(page);

      await tab(page, 'Email link').click();
      await assertEmailLinkTabShown(page);
    });

    pageTest('Password tab shows a "Forgot your password?" link', vp, async (page) => {
      await openLogin(page);
      const forgot = page.getByRole('link', { name: 'Forgot your password?', exact: true });
      assert.equal(await forgot.isVisible(), false, 'not shown on the Email link tab');
      await tab(page, 'Password').click();
      await assertPasswordTabShown(page);
      const inPanel = passwordPanel(page).getByRole('link', { name: 'Forgot your password?', exact: true });
      await inPanel.waitFor({ state: 'visible' });
      const href = await inPanel.getAttribute('href');
      assert.ok(href, 'the link goes somewhere');
    });

    pageTest('a link straight to the Password tab opens on the password fields', vp, async (page) => {
      await openLogin(page, SMITHS, '?tab=password');
      await assertPasswordTabShown(page);
    });

    pageTest('email and password fields keep what the customer types', vp, async (page) => {
      await openLogin(page);
      const email = linkPanel(page).getByLabel('Email address', { exact: true });
      await email.fill('jo.bloggs@example.co.uk');
      assert.equal(await email.inputValue(), 'jo.bloggs@example.co.uk');

      await tab(page, 'Password').click();
      await assertPasswordTabShown(page);
      const panel = passwordPanel(page);
      const email2 = panel.getByLabel('Email address', { exact: true });
      await email2.fill('sam@example.com');
      assert.equal(await email2.inputValue(), 'sam@example.com');
      const password = panel.getByLabel('Password', { exact: true });
      await password.fill('correct horse battery');
      assert.equal(await password.inputValue(), 'correct horse battery');
      assert.equal(await password.getAttribute('type'), 'password', 'the password is masked');
    });

    pageTest('sign-in page fits the screen width without horizontal scrolling', vp, async (page) => {
      for (const garage of GARAGES) {
        await openLogin(page, garage);
        await assertNoHorizontalScroll(page, vp.width);
        await tab(page, 'Password').click();
        await assertPasswordTabShown(page);
        await assertNoHorizontalScroll(page, vp.width);
      }
    });

    pageTest('an unknown garage address shows "Unable to find your garage" with status 404', vp, async (page) => {
      const response = await page.goto(`${BASE('no-such-garage')}/login`);
      assert.equal(response.status(), 404);
      await page.getByText('Unable to find your garage. Please check the URL.', { exact: true })
        .waitFor({ state: 'visible' });
      for (const garage of GARAGES) {
        assert.equal(await page.getByText(garage.name).count(), 0, `no trace of ${garage.name}`);
      }
      await assertNoHorizontalScroll(page, vp.width);
    });

    pageTest('sign-in tabs work with JavaScript disabled', vp, async (page) => {
      await openLogin(page);
      await assertEmailLinkTabShown(page);
      await tab(page, 'Password').click();
      await assertPasswordTabShown(page);
      await tab(page, 'Email link').click();
      await assertEmailLinkTabShown(page);
    }, { javaScriptEnabled: false });
  });
}
