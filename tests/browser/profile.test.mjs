// My Profile and communication preferences as a customer uses them, on a phone (375 px) and a
// desktop (1280 px): choosing how she is addressed and being greeted so on the home page and in
// the menu; switching Service reminders off and Offers on, and seeing the change recorded.
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { VIEWPORTS, useBrowser, pageTest, eventually } from './helpers.mjs';
import { newCustomer } from './mailbox.mjs';
import { url, signIn, visible, assertNoHorizontalScroll, textOf } from './portal.mjs';

useBrowser();

const toggle = (page, name) => page.getByRole('switch', { name, exact: true });

for (const vp of VIEWPORTS) {
  describe(`My Profile on a ${vp.label} (${vp.width} px)`, () => {
    pageTest('she changes how she is addressed and the home page and the menu greet her so', vp, async (page) => {
      const email = newCustomer({ firstName: 'Ann', lastName: 'Smith' });
      await signIn(page, email, '/profile');
      await visible(page.getByRole('heading', { level: 1, name: 'My Profile', exact: true }));
      await visible(page.getByText('How would you like us to address you?', { exact: true }));
      // Each choice shows her own name, then what kind of choice it is.
      for (const name of ['Ann First name', 'Title Smith Title and surname', 'Ann Smith Full name']) {
        await visible(page.getByRole('radio', { name, exact: true }));
      }
      await assertNoHorizontalScroll(page, vp.width);

      await page.getByRole('radio', { name: 'Title Smith Title and surname', exact: true }).check();
      await page.getByLabel('Title', { exact: true }).selectOption('Mrs');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await visible(page.getByText('Saved. This is how we’ll address you from now on.', { exact: true }));
      await visible(page.getByRole('radio', { name: 'Mrs Smith Title and surname', exact: true }));
      assert.ok(await page.getByRole('radio', { name: 'Mrs Smith Title and surname', exact: true }).isChecked());
      if (vp.width === 375) await page.screenshot({ path: '/tmp/profile-375.png', fullPage: true });

      await page.goto(url('/'));
      await eventually(async () => assert.equal(await textOf(page.locator('.account-name')), 'Mrs Smith', 'the menu'));
      await visible(page.locator('main').getByText(/Mrs Smith/).first());

      await page.goto(url('/profile'));
      await page.getByRole('link', { name: 'Manage communication preferences', exact: true }).click();
      await eventually(() => assert.equal(new URL(page.url()).pathname, '/profile/preferences'));
    });

    pageTest('she switches off Service reminders and on Offers, and sees the change kept', vp, async (page) => {
      const email = newCustomer({ firstName: 'Ann', lastName: 'Smith' });
      await signIn(page, email, '/profile/preferences');
      await visible(page.getByRole('heading', { level: 1, name: 'Communication preferences', exact: true }));
      assert.ok(await toggle(page, 'Work order updates').isChecked());
      assert.ok(await toggle(page, 'Service reminders').isChecked());
      assert.ok(!(await toggle(page, 'Offers & promotions').isChecked()), 'offers are off until she says yes');
      assert.ok(!(await toggle(page, 'WhatsApp').isChecked()));
      await assertNoHorizontalScroll(page, vp.width);

      await toggle(page, 'Service reminders').uncheck();
      await toggle(page, 'Offers & promotions').check();
      await page.getByRole('button', { name: 'Save preferences', exact: true }).click();
      await visible(page.getByText('Your preferences are saved.', { exact: true }));
      assert.ok(!(await toggle(page, 'Service reminders').isChecked()));
      assert.ok(await toggle(page, 'Offers & promotions').isChecked());
      await visible(page.getByText(/^Last change: .+, by you\.$/));
      await assertNoHorizontalScroll(page, vp.width);
      if (vp.width === 375) await page.screenshot({ path: '/tmp/preferences-375.png', fullPage: true });
      if (vp.width === 1280) await page.screenshot({ path: '/tmp/preferences-1280.png', fullPage: true });
    });
  });
}
