// Privacy & Security as a customer uses it, on a phone (375 px) and on a desktop (1280 px): set a
// voice PIN, choose PIN Required, then Zero Disclosure and see Alert Preferences appear; sign out
// another device. Each test makes its own customer and signs in with a deep link (no email).
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { VIEWPORTS, useBrowser, pageTest, newPage, closePage, eventually } from './helpers.mjs';
import { newCustomer, sql } from './mailbox.mjs';
import { url, signIn, visible, assertNoHorizontalScroll, textOf } from './portal.mjs';

useBrowser();

const heading = (page, name) => page.getByRole('heading', { name, exact: true });
const tier = (page, name) => page.getByRole('radio', { name: new RegExp(`^${name}`) });
const notice = (page) => page.getByRole('status');

async function openPrivacyFromTheMenu(page) {
  await page.getByRole('banner').locator('details.profile-menu > summary').click();
  await page.getByRole('link', { name: 'Privacy & Security', exact: true }).click();
  await visible(heading(page, 'Privacy & Security'));
}

for (const vp of VIEWPORTS) {
  describe(`Privacy & Security on a ${vp.label} (${vp.width} px)`, () => {
    pageTest('a voice PIN, then PIN Required, then Zero Disclosure brings Alert Preferences', vp, async (page) => {
      const email = newCustomer();
      await signIn(page, email, '/');
      await openPrivacyFromTheMenu(page);
      assert.equal(await tier(page, 'Open Access').isChecked(), true, 'Open Access is the default');
      assert.equal(await tier(page, 'PIN Required').isDisabled(), true, 'PIN Required needs a PIN');
      await visible(page.getByText('Set a voice PIN below to choose PIN Required.'));
      assert.equal(await heading(page, 'Alert Preferences').count(), 0);
      await assertNoHorizontalScroll(page, vp.width);

      await page.getByLabel('New PIN (4 to 8 digits)').fill('4826');
      await page.getByLabel('Confirm PIN').fill('4826');
      await page.getByRole('button', { name: 'Set PIN', exact: true }).click();
      await eventually(async () => assert.equal(await textOf(notice(page)), 'Your voice PIN is set.'));

      await tier(page, 'PIN Required').check();
      await page.getByRole('button', { name: 'Save privacy level', exact: true }).click();
      await eventually(async () =>
        assert.equal(await textOf(notice(page)), 'Your privacy level is now PIN Required.'));
      assert.equal(await tier(page, 'PIN Required').isChecked(), true);
      assert.equal(await heading(page, 'Alert Preferences').count(), 0);

      await tier(page, 'Zero Disclosure').check();
      await page.getByRole('button', { name: 'Save privacy level', exact: true }).click();
      await visible(heading(page, 'Alert Preferences'));
      assert.equal(await textOf(notice(page)), 'Your privacy level is now Zero Disclosure.');
      assert.equal(await page.getByLabel('Email me').isChecked(), true, 'email alerts start on');
      await assertNoHorizontalScroll(page, vp.width);
      if (process.env.PRIVACY_SCREENSHOTS) {
        await page.screenshot({ path: `${process.env.PRIVACY_SCREENSHOTS}/privacy-${vp.width}.png`, fullPage: true });
      }
      assert.equal(sql(`SELECT privacy_tier FROM customers WHERE email = '${email}'`), 'BLOCKED');
    });

    pageTest('signing out another device ends its session there', vp, async (page) => {
      const email = newCustomer();
      const other = await newPage({ width: vp.width });
      try {
        await signIn(other, email, '/');
        await signIn(page, email, '/privacy');
        const devices = page.locator('li.device');
        await eventually(async () => assert.equal(await devices.count(), 2));
        await visible(page.getByText('This device', { exact: true }));
        await devices.filter({ hasNot: page.getByText('This device', { exact: true }) })
          .getByRole('button', { name: /^Sign out / }).click();
        await eventually(async () =>
          assert.equal(await textOf(notice(page)), 'That device has been signed out.'));
        assert.equal(await devices.count(), 1);
        await assertNoHorizontalScroll(page, vp.width);

        await other.goto(url('/'));
        await eventually(() => assert.equal(new URL(other.url()).pathname, '/login'));
      } finally {
        await closePage(other);
      }
    });
  });
}
