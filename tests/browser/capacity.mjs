// The dashboard's cluster panel in Debian's headless Chromium: a node over capacity is red, with why.
// usage: node capacity.mjs BASE_URL SCREENSHOT_DIR
// Prints one "CHECK name: detail" line per step that passed; exits 1 with "FAILED step: reason" otherwise.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const [baseUrl, screenshots] = process.argv.slice(2);
if (!baseUrl || !screenshots) {
  console.error('usage: node capacity.mjs BASE_URL SCREENSHOT_DIR');
  process.exit(2);
}
mkdirSync(screenshots, { recursive: true });

const timeout = 90_000;
let step = 'launch';
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});

try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 700 } });
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));

  step = 'dashboard loads';
  await page.goto(`${baseUrl}/dashboard/`, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('#connection.live', { timeout });
  await page.click('#tabs a[data-tab="cluster"]');
  console.log('CHECK loaded: cluster panel open');

  step = 'node over capacity in red, with why';
  const row = page.locator('#member-table tbody tr.over-capacity');
  await row.locator('.why', { hasText: 'CPU' }).first().waitFor({ timeout });
  const colour = await row.locator('.why').first().evaluate((node) => getComputedStyle(node).color);
  if (colour !== 'rgb(248, 81, 73)') throw new Error(`the reason is shown in ${colour}, not red`);
  console.log(`CHECK over capacity: ${(await row.innerText()).replace(/\s+/g, ' ')}`);

  step = 'counted in the tab';
  const count = await page.locator('#count-members').innerText();
  if (!count.includes('over capacity')) throw new Error(`the tab says "${count}"`);
  console.log(`CHECK counted: ${count}`);
  await page.screenshot({ path: join(screenshots, 'dashboard-capacity.png') });

  step = 'no page errors';
  if (problems.length > 0) throw new Error(problems.join('; '));
  console.log('CHECK clean: no page errors');
} catch (error) {
  console.log(`FAILED ${step}: ${error.message.split('\n')[0]}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
