// Messages as a customer uses them, on a phone (375 px) and on a desktop (1280 px): a first
// message from the compose view; a reply with a photo and a PDF (chips, one removed, both in the
// thread, the photo opened); a garage reply (portalctl message add) appearing in the open thread
// and re-ordering the list without a reload; the home page's unread count dropping once the thread is read; and without
// JavaScript, a photo sent through the plain file input.
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { REPO, VIEWPORTS, useBrowser, pageTest, eventually } from './helpers.mjs';
import { newCustomer } from './mailbox.mjs';
import { GARAGE, url, portalctl, signIn, visible, assertNoHorizontalScroll, textOf } from './portal.mjs';

useBrowser();

const PHOTO = readFileSync(path.join(REPO, 'sql', 'demo-files', 'quotes', 'demo', 'brake-pad.jpg'));
const PDF = readFileSync(path.join(REPO, 'sql', 'demo-files', 'messages', 'demo', 'mot-certificate.pdf'));

// The garage writes to the customer (a new general enquiry, or `conversation`); returns its id.
function garageSays(email, text, conversation = null) {
  const args = ['message', 'add', '--garage', GARAGE.subdomain, '--customer', email,
    '--author', 'Dave', '--text', text];
  if (conversation) args.push('--conversation', String(conversation));
  const out = portalctl(...args);
  const m = /to conversation (\d+)/.exec(out);
  assert.ok(m, `portalctl message add did not say which conversation:\n${out}`);
  return Number(m[1]);
}

const bubbles = (page) => page.locator('#thread > li');

for (const vp of VIEWPORTS) {
  describe(`messages at ${vp.width} px`, () => {
    pageTest('a customer writes a first message from the compose view', vp, async (page) => {
      const email = newCustomer({ firstName: 'Nia' });
      await signIn(page, email, '/messages');
      await visible(page.getByRole('heading', { name: 'Need help with your vehicle?' }));
      assert.ok(await page.getByRole('radio', { name: 'General enquiry' }).isChecked());
      await page.getByLabel('Your message').fill('Can I book an MOT for next week?');
      await assertNoHorizontalScroll(page, vp.width);
      await page.getByRole('button', { name: 'Send' }).click();
      await eventually(() => assert.match(new URL(page.url()).pathname, /^\/messages\/\d+$/));
      await visible(page.getByRole('heading', { level: 1, name: 'General enquiry' }));
      assert.equal(await textOf(bubbles(page).last().locator('.bubble-body')),
        'Can I book an MOT for next week?');
      await page.goto(url('/messages'));
      await visible(page.getByText('You: Can I book an MOT for next week?'));
      if (vp.width === 375) await page.screenshot({ path: '/tmp/messages-list-375.png', fullPage: true });
    });

    pageTest('a reply carries a photo and a PDF picked as chips', vp, async (page) => {
      const email = newCustomer({ firstName: 'Ola' });
      const id = garageSays(email, 'Could you send us a photo of the warning light?');
      await signIn(page, email, `/messages/${id}`);
      const input = page.locator('#latest .attach-input');
      await input.setInputFiles([
        { name: 'warning-light.jpg', mimeType: 'image/jpeg', buffer: PHOTO },
        { name: 'service-book.pdf', mimeType: 'application/pdf', buffer: PDF },
        { name: 'wrong-one.pdf', mimeType: 'application/pdf', buffer: PDF },
      ]);
      await visible(page.getByText('Tap Send to attach these to your message'));
      const chips = page.locator('.attach-chips .chip');
      await eventually(async () => assert.equal(await chips.count(), 3));
      assert.ok(await chips.first().locator('img').count() === 1, 'a photo chip has a thumbnail');
      await page.getByRole('button', { name: 'Remove wrong-one.pdf' }).click();
      await eventually(async () => assert.equal(await chips.count(), 2));
      await page.getByLabel('Your message').fill('Here it is, and the service book.');
      await assertNoHorizontalScroll(page, vp.width);
      if (vp.width === 375) await page.screenshot({ path: '/tmp/messages-chips-375.png', fullPage: true });
      await page.getByRole('button', { name: 'Send' }).click();
      const mine = bubbles(page).last();
      await visible(mine.getByText('Here it is, and the service book.'));
      await visible(mine.getByRole('img', { name: 'Photo: warning-light.jpg' }));
      await visible(mine.getByRole('link', { name: /service-book\.pdf/ }));
      assert.equal(await mine.getByText('wrong-one.pdf').count(), 0);
      if (vp.width === 375) await page.screenshot({ path: '/tmp/messages-thread-375.png', fullPage: true });
      if (vp.width === 1280) await page.screenshot({ path: '/tmp/messages-thread-1280.png', fullPage: true });
      const [photo] = await Promise.all([
        page.waitForResponse((r) => /\/files\/\d+$/.test(r.url()) && r.request().isNavigationRequest()),
        mine.getByRole('img', { name: 'Photo: warning-light.jpg' }).click(),
      ]);
      assert.equal(photo.status(), 200);
      assert.equal(photo.headers()['content-type'], 'image/jpeg');
    });

    pageTest('without JavaScript the plain file input sends a photo', vp, async (page) => {
      const email = newCustomer({ firstName: 'Sam' });
      const id = garageSays(email, 'A photo of the tyre, please.');
      await signIn(page, email, `/messages/${id}`);
      await page.locator('#latest .attach-input').setInputFiles(
        [{ name: 'tyre.jpg', mimeType: 'image/jpeg', buffer: PHOTO }]);
      await page.getByLabel('Your message').fill('The front left one.');
      await page.getByRole('button', { name: 'Send' }).click();
      await visible(bubbles(page).last().getByRole('img', { name: 'Photo: tyre.jpg' }));
    }, { javaScriptEnabled: false });

    pageTest('a garage reply appears in the open thread without a reload', vp, async (page) => {
      const email = newCustomer({ firstName: 'Pia' });
      const id = garageSays(email, 'Your car is on the ramp.');
      await signIn(page, email, `/messages/${id}`);
      await page.evaluate(() => { window.stillThisPage = true; });
      garageSays(email, 'All done – ready at 4 pm.', id);
      await eventually(() => visible(page.getByText('All done – ready at 4 pm.')), { timeout: 12_000 });
      assert.equal(await page.evaluate(() => window.stillThisPage), true, 'no reload happened');
    }, { timeout: 30_000 });

    pageTest('the conversation list re-orders when a garage message arrives', vp, async (page) => {
      const email = newCustomer({ firstName: 'Tom' });
      const older = garageSays(email, 'About your MOT.');
      garageSays(email, 'About your tyres.');
      await signIn(page, email, '/messages');
      const first = page.locator('.conversation').first();
      await visible(first.getByText('About your tyres.'));
      garageSays(email, 'MOT booked for Friday.', older);
      await eventually(() => visible(first.getByText('MOT booked for Friday.')), { timeout: 12_000 });
      await visible(first.getByText('2 unread'));
    }, { timeout: 30_000 });

    pageTest('reading a thread drops the unread count on the home page', vp, async (page) => {
      const email = newCustomer({ firstName: 'Rae' });
      const id = garageSays(email, 'Your quote is ready.');
      garageSays(email, 'Any questions, just ask.', id);
      await signIn(page, email, '/');
      await visible(page.getByRole('link', { name: /Messages\s*2 unread/ }));
      await page.goto(url('/messages'));
      await visible(page.getByText('2 unread'));
      await page.getByRole('link', { name: /General enquiry/ }).click();
      await visible(page.getByText('Any questions, just ask.'));
      await page.goto(url('/'));
      await visible(page.getByRole('link', { name: /Messages\s*No unread messages/ }));
    });
  });
}
