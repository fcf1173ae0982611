// Invoices as a customer reads them, on a phone (375 px) and on a desktop (1280 px): the list
// from the profile menu and from the home page's tile, an overdue invoice's lines and totals
// without sideways scrolling, and its PDF downloaded.
//
// These journeys read the demo customer Bob's invoices (a paid one and an overdue one), which
// other tests may read too: they only look and download, they never change anything.
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { VIEWPORTS, useBrowser, pageTest, eventually } from './helpers.mjs';
import { signIn, visible, assertNoHorizontalScroll, textOf } from './portal.mjs';

useBrowser();

const BOB = 'bob@example.com';
const OVERDUE = 'SG-10352';
const PAID = 'SG-10288';

const card = (page, number) => page.getByRole('link').filter({ hasText: `Invoice ${number}` });
const accountMenu = (page) => page.getByRole('navigation', { name: 'Account' });

async function assertBobsList(page, width) {
  await eventually(() => assert.equal(new URL(page.url()).pathname, '/invoices'));
  await visible(page.getByRole('heading', { level: 1, name: 'Invoices', exact: true }));
  const overdue = card(page, OVERDUE);
  await visible(overdue);
  assert.equal(await textOf(overdue), `Invoice ${OVERDUE} £548.39 Unpaid Overdue ${await textOf(overdue.locator('.invoice-date'))} LK68 VAN`);
  const paid = card(page, PAID);
  await visible(paid.getByText('Paid', { exact: true }));
  assert.equal(await paid.getByText('Overdue', { exact: true }).count(), 0, 'a paid invoice is never overdue');
  await assertNoHorizontalScroll(page, width);
}

for (const vp of VIEWPORTS) {
  describe(`invoices on a ${vp.label} (${vp.width} px)`, () => {
    pageTest('the profile menu and the home tile both lead to the invoices', vp, async (page) => {
      await signIn(page, BOB, '/');
      await page.getByRole('banner').locator('details.profile-menu > summary').click();
      await accountMenu(page).getByRole('link', { name: 'Invoices', exact: true }).click();
      await assertBobsList(page, vp.width);

      await page.goto(page.url().replace(/\/invoices$/, '/'));
      await page.getByRole('navigation', { name: 'Your portal' }).getByRole('link', { name: /^Invoices/ }).click();
      await assertBobsList(page, vp.width);
      await page.screenshot({ path: `/tmp/invoices-list-${vp.width}.png`, fullPage: true });
    });

    pageTest('an overdue invoice reads line by line with its totals, and its PDF downloads', vp, async (page) => {
      await signIn(page, BOB, '/invoices');
      await card(page, OVERDUE).click();
      await eventually(() => assert.equal(new URL(page.url()).pathname, `/invoices/${OVERDUE}`));
      await visible(page.getByRole('heading', { level: 1, name: `Invoice ${OVERDUE}`, exact: true }));
      await visible(page.locator('h1 + .invoice-badges').getByText('Overdue', { exact: true }));

      const lines = page.locator('.invoice-line');
      assert.equal(await lines.count(), 3);
      assert.equal(await textOf(lines.nth(2)),
        'Labour: replace EGR valve (hours) Quantity 2.5 Unit price £78.00 VAT rate 20% Net £195.00');
      for (let i = 0; i < 3; ++i) {
        const box = await lines.nth(i).boundingBox();
        assert.ok(box.x >= 0 && box.x + box.width <= vp.width, `line ${i + 1} fits the screen`);
      }
      const totals = page.locator('.invoice-totals');
      assert.equal(await textOf(totals), 'Net £456.99 VAT £91.40 Total £548.39');
      await visible(page.getByText('No payments received yet.', { exact: true }));
      assert.equal(await textOf(page.locator('.invoice-balance')), 'Balance due: £548.39 Overdue');
      assert.equal(await page.getByRole('link', { name: 'Pay now' }).count(), 0, 'no payment link was given');
      await assertNoHorizontalScroll(page, vp.width);
      await page.screenshot({ path: `/tmp/invoices-detail-${vp.width}.png`, fullPage: true });

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Download PDF', exact: true }).click(),
      ]);
      assert.equal(download.suggestedFilename(), `${OVERDUE}.pdf`);
      const text = execFileSync('pdftotext', ['-layout', await download.path(), '-'], { encoding: 'utf8' });
      for (const want of [`Invoice ${OVERDUE}`, 'Bob Baker', 'EGR valve', '£548.39', 'Page 1 of 1']) {
        assert.ok(text.includes(want), `the PDF says "${want}"`);
      }
    });

    pageTest('Ann can pay her unpaid invoice online', vp, async (page) => {
      await signIn(page, 'ann@example.com', '/invoices/SG-10417');
      const pay = page.getByRole('link', { name: 'Pay now', exact: true });
      await visible(pay);
      assert.equal(await pay.getAttribute('href'), 'https://pay.example.com/smiths/SG-10417');
      assert.equal(await page.getByText('Overdue', { exact: true }).count(), 0);
      await assertNoHorizontalScroll(page, vp.width);
    });
  });
}
