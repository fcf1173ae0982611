// Answering a quote as a customer does it, on a phone (375 px) and on a desktop (1280 px): a
// choice per item with a running total that survives a reload, one confirmation step, then the
// answered quote; and looking through the technician's photos in the full-screen viewer.
//
// The decision journey makes its own customer, job and quote (portalctl job add, quote add).
// The photo journey reads the demo customer Ann's quote, which other tests read too: it only
// looks, it never chooses or confirms anything on it.
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { VIEWPORTS, useBrowser, pageTest, eventually } from './helpers.mjs';
import { newCustomer } from './mailbox.mjs';
import {
  GARAGE, url, bookJob, sendQuote, signIn, visible, assertNoHorizontalScroll, textOf,
} from './portal.mjs';

useBrowser();

// Three items, priced so the totals are easy to check (net + 20% VAT):
//   tyres   0.5 h × £78.00 + 2 × £65.00 = £169.00 net → £202.80
//   wipers  0.25 h × £78.00 + £20.50    =  £40.00 net →  £48.00
//   air con 0.5 h × £78.00              =  £39.00 net →  £46.80
const TECHNICIAN = 'Priya';
const ITEMS = [
  { category: 'safety', label: 'Safety Item', title: 'Rear tyres', amount: '£202.80',
    description: 'Replace both rear tyres.', notes: 'The tread is down to 1.4 mm on both.',
    hours: '0.5', rate: '78.00' },
  { category: 'recommended', label: 'Recommended', title: 'Front wiper blades', amount: '£48.00',
    description: 'Fit a new pair of front wiper blades.', notes: '', hours: '0.25', rate: '78.00' },
  { category: 'optional', label: 'Optional', title: 'Air conditioning re-gas', amount: '£46.80',
    description: 'Recharge the air conditioning.', notes: '', hours: '0.5', rate: '78.00' },
];
const PARTS = [
  { item: 1, name: 'Tyre 195/55 R15', quantity: 2, price: '65.00' },
  { item: 2, name: 'Front wiper blades (pair)', quantity: 1, price: '20.50' },
];

const APPROVE = 'Go ahead with the fix';
const DECLINE = 'Decline';

// One item on the quote page, found by its title as the customer reads it.
const item = (page, title) => page.getByRole('listitem')
  .filter({ has: page.getByRole('heading', { level: 2, name: title, exact: true }) });
const runningTotal = (page) => page.getByText(/^Approved so far:/);

// Which choice each item shows ('approve', 'decline' or null), and the running total.
async function assertChoices(page, expected, total, why) {
  for (const [i, want] of expected.entries()) {
    const it = item(page, ITEMS[i].title);
    const approve = await it.getByRole('radio', { name: APPROVE, exact: true }).isChecked();
    const decline = await it.getByRole('radio', { name: DECLINE, exact: true }).isChecked();
    assert.equal(approve ? 'approve' : decline ? 'decline' : null, want,
      `${why}: the choice on "${ITEMS[i].title}"`);
  }
  await eventually(async () => assert.equal(await textOf(runningTotal(page)),
    `Approved so far: ${total} including VAT`, `${why}: the running total`));
}

// A customer of their own, with a Vauxhall Astra in the workshop and the three-item quote.
function customerWithQuote() {
  const email = newCustomer();
  const job = bookJob(email, {
    make: 'Vauxhall', model: 'Astra', colour: 'Grey', status: 'in_progress',
    description: 'Annual service', ready: 'tomorrow 17:00', technician: TECHNICIAN,
  });
  const quoteId = sendQuote(job.reference, { technician: TECHNICIAN, items: ITEMS, parts: PARTS });
  return { email, job, quoteId };
}

for (const vp of VIEWPORTS) {
  describe(`a quote on a ${vp.label} (${vp.width} px)`, () => {
    pageTest('a customer approves and declines items, keeps their choices over a reload, confirms, and sees the answered quote', vp, async (page) => {
      const { email, job, quoteId } = customerWithQuote();
      const quotePath = `/quotes/${quoteId}`;
      await signIn(page, email, quotePath);

      await visible(page.getByRole('heading', { level: 1, name: 'Quote for your Vauxhall Astra', exact: true }));
      await visible(page.getByText(`${TECHNICIAN} has inspected your car and found a few things:`, { exact: true }));
      await visible(page.getByText(`Job ${job.reference}`, { exact: true }));
      for (const it of ITEMS) {
        const li = item(page, it.title);
        await visible(li);
        await visible(li.getByText(it.label, { exact: true }));
        assert.equal(await textOf(li.locator('.quote-amount')), it.amount, `the price of "${it.title}"`);
      }
      await visible(item(page, 'Rear tyres').getByText(`What ${TECHNICIAN} found:`, { exact: true }));
      await assertChoices(page, [null, null, null], '£0.00', 'before choosing');
      await assertNoHorizontalScroll(page, vp.width);

      // The breakdown of the first item, folded away until asked for.
      const tyres = item(page, 'Rear tyres');
      await tyres.getByText('Cost breakdown', { exact: true }).click();
      await visible(tyres.getByText('Tyre 195/55 R15 × 2', { exact: false }));
      await visible(tyres.getByRole('rowheader', { name: 'Estimated total', exact: true }));

      await tyres.getByRole('radio', { name: APPROVE, exact: true }).check();
      await assertChoices(page, ['approve', null, null], '£202.80', 'after approving the tyres');
      await item(page, 'Front wiper blades').getByRole('radio', { name: DECLINE, exact: true }).check();
      await assertChoices(page, ['approve', 'decline', null], '£202.80', 'after declining the wipers');

      // The choices are kept in this tab: after a reload, and after opening the page afresh.
      await page.reload();
      await assertChoices(page, ['approve', 'decline', null], '£202.80', 'after a reload');
      await page.goto(url(quotePath));
      await assertChoices(page, ['approve', 'decline', null], '£202.80', 'after opening the quote again');

      await item(page, 'Air conditioning re-gas').getByRole('radio', { name: APPROVE, exact: true }).check();
      await assertChoices(page, ['approve', 'decline', 'approve'], '£249.60', 'after approving the air con');

      await page.getByRole('button', { name: 'Review and confirm', exact: true }).click();
      await eventually(() => assert.equal(new URL(page.url()).pathname, `${quotePath}/confirm`));
      await visible(page.getByRole('heading', { level: 1, name: 'Confirm your decisions', exact: true }));
      const lists = page.locator('.confirm-card ul');
      await visible(page.getByRole('heading', { level: 2, name: 'Go ahead with', exact: true }));
      assert.deepEqual((await lists.nth(0).getByRole('listitem').allInnerTexts()).map((s) => s.replace(/\s+/g, ' ').trim()),
        ['Rear tyres £202.80', 'Air conditioning re-gas £46.80'], 'the approved items');
      await visible(page.getByRole('heading', { level: 2, name: 'Declined', exact: true }));
      assert.deepEqual((await lists.nth(1).getByRole('listitem').allInnerTexts()).map((s) => s.replace(/\s+/g, ' ').trim()),
        ['Front wiper blades £48.00'], 'the declined items');
      assert.equal(await textOf(page.getByText(/^Total to approve:/)), 'Total to approve: £249.60 including VAT');
      await assertNoHorizontalScroll(page, vp.width);

      await page.getByRole('button', { name: 'Confirm and send', exact: true }).click();
      await eventually(() => {
        const u = new URL(page.url());
        assert.equal(`${u.pathname}${u.search}`, `${quotePath}?notice=sent`, 'back on the quote');
      });
      await visible(page.getByText(`Thank you. We’ve sent your decisions to ${GARAGE.name}.`, { exact: true }));
      await visible(page.getByText(/^Decisions sent /));
      for (const [title, badge] of [['Rear tyres', 'Approved'], ['Front wiper blades', 'Declined'],
        ['Air conditioning re-gas', 'Approved']]) {
        assert.equal(await textOf(item(page, title).locator('.decided')), badge, `"${title}" is marked ${badge}`);
      }
      assert.equal(await page.getByRole('radio').count(), 0, 'nothing left to choose');
      assert.equal(await page.getByRole('button', { name: 'Review and confirm' }).count(), 0,
        'nothing left to confirm');
      assert.equal(await textOf(page.getByText(/^Approved:/)), 'Approved: £249.60 including VAT');
      await assertNoHorizontalScroll(page, vp.width);
    });

    pageTest('the photos on a quote open full screen; the arrow keys move between them and Escape closes', vp, async (page) => {
      await signIn(page, 'ann@example.com', '/');
      await page.getByRole('link', { name: /Review quote$/ }).click();
      await eventually(() => assert.match(new URL(page.url()).pathname, /^\/quotes\/\d+$/));
      await visible(page.getByRole('heading', { level: 1, name: 'Quote for your Ford Fiesta', exact: true }));

      const brakes = item(page, 'Front brake pads and discs');
      const thumbs = brakes.getByRole('list', { name: 'Photos', exact: true }).getByRole('link');
      assert.equal(await thumbs.count(), 2, 'two photos of the brakes');
      const hrefs = [await thumbs.nth(0).getAttribute('href'), await thumbs.nth(1).getAttribute('href')];
      await assertNoHorizontalScroll(page, vp.width);

      await brakes.getByRole('img', { name: 'Front disc: scored surface', exact: true }).click();
      const viewer = page.getByRole('dialog', { name: 'Photo viewer', exact: true });
      await visible(viewer);
      const photo = viewer.locator('figure img');
      const caption = viewer.locator('figcaption');
      const shows = async (n, text) => eventually(async () => {
        assert.equal(await textOf(caption), `${text} (${n} of 2)`, 'the caption');
        assert.equal(new URL(await photo.evaluate((img) => img.src)).pathname, hrefs[n - 1], 'the photo');
        assert.ok(await photo.evaluate((img) => img.complete && img.naturalWidth > 0), 'the photo has loaded');
      });
      await shows(1, 'Front disc: scored surface');
      const box = await photo.boundingBox();
      assert.ok(box && box.width > 120, `the photo is shown bigger than its thumbnail (${box?.width} px wide)`);
      assert.ok(box.x >= 0 && box.x + box.width <= vp.width + 1, 'the photo fits the screen');

      await page.keyboard.press('ArrowRight');
      await shows(2, 'Brake pad: 2 mm left');
      await page.keyboard.press('ArrowLeft');
      await shows(1, 'Front disc: scored surface');

      if (vp.hasTouch) {
        // A finger swiping right to left moves on to the next photo, and back the other way.
        const cdp = await page.context().newCDPSession(page);
        const swipe = async (fromX, toX) => {
          const y = Math.round(vp.height / 2);
          await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: fromX, y }] });
          await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: (fromX + toX) / 2, y }] });
          await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: toX, y }] });
          await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
        };
        await swipe(300, 80);
        await shows(2, 'Brake pad: 2 mm left');
        await swipe(80, 300);
        await shows(1, 'Front disc: scored surface');
        await cdp.detach();
      }

      await page.keyboard.press('Escape');
      await eventually(async () => assert.equal(await viewer.count(), 0, 'the viewer is closed'));
      assert.ok(await thumbs.nth(0).evaluate((el) => el === document.activeElement),
        'focus is back on the photo that opened the viewer');
      assert.equal(new URL(page.url()).pathname.startsWith('/quotes/'), true, 'still on the quote');
      // Looking at photos chose nothing.
      assert.equal(await page.getByRole('radio', { checked: true }).count(), 0, 'no choice was made');
    });
  });
}
