// Which registries a couple is offered, by the law on the date: before 2025-05-10 only one
// where a party's household is registered (so none for a place with no registry on file);
// from then any registry in the country (全国通办), the page saying the listed ones are
// elsewhere. The page reads the rule from the engine, not from its own code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { site } from './browser.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const www = site(join(root, 'www'));

async function offered(region, date) {
  const page = await www.browser.newPage();
  await page.goto(`${www.server.url}/index.html`);
  await page.locator('.toolbar button').first().waitFor();
  const out = await page.evaluate(async ({ region, date }) => {
    const { default: init, Engine } = await import('./pkg/huimin.js');
    const { bookingView } = await import('./booking.js');
    await init();
    const engine = new Engine();
    const hh = { region, members: [{ id: 'p1' }, { id: 'p2' }] };
    const box = bookingView('zh', engine, hh, 'marriage_registration', date, { date, time: '00:00' });
    return {
      options: [...box.querySelectorAll('#hm-registry option')].map((o) => o.value),
      text: box.textContent,
    };
  }, { region, date });
  await page.close();
  return out;
}

test('a couple from a place with no registry on file is offered none before 2025-05-10', async () => {
  const out = await offered('110101', '2025-05-09');
  assert.deepEqual(out.options, []);
  assert.ok(out.text.includes('暂无该地登记处的预约数据'), out.text);
});

test('from 2025-05-10 any registry may register them: the ones on file, said to be elsewhere', async () => {
  const out = await offered('110101', '2025-05-10');
  assert.ok(out.options.length >= 1, JSON.stringify(out));
  assert.ok(out.text.includes('全国通办'), out.text);
});

test('a couple of a covered place is offered their own registry, with no note', async () => {
  const { options, text } = await offered('431225', '2024-06-03');
  assert.ok(options.length >= 1);
  assert.ok(!text.includes('全国通办'), text);
});
