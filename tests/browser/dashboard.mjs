// End-to-end check of the dashboard in Debian's headless Chromium, driven by playwright-core.
// usage: node dashboard.mjs BASE_URL CAMERA_ID SCREENSHOT_DIR [API_KEY]
// With API_KEY, signs in at the node's /login first (the session cookie then opens everything else).
// Prints one "CHECK name: detail" line per step that passed; exits 1 with "FAILED step: reason" otherwise.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const [baseUrl, cameraId, screenshots, apiKey] = process.argv.slice(2);
if (!baseUrl || !cameraId || !screenshots) {
  console.error('usage: node dashboard.mjs BASE_URL CAMERA_ID SCREENSHOT_DIR');
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
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('response', (response) => { if (response.status() >= 400) problems.push(`HTTP ${response.status()} for ${response.url()}`); });

  if (apiKey) {
    step = 'sign in';
    await page.goto(`${baseUrl}/dashboard/`, { waitUntil: 'domcontentloaded' });
    if (!page.url().includes('/login')) throw new Error(`without a session the dashboard did not send the browser to /login (at ${page.url()})`);
    await page.fill('#key', apiKey);
    await Promise.all([page.waitForURL((url) => url.pathname.startsWith('/dashboard/'), { timeout }), page.click('button[type=submit]')]);
    const cookie = (await page.context().cookies()).find((c) => c.name === 'av_session');
    if (!cookie || !cookie.httpOnly || cookie.sameSite !== 'Strict') throw new Error(`no HttpOnly, SameSite=Strict session cookie: ${JSON.stringify(cookie)}`);
    console.log('CHECK signed in: HttpOnly SameSite=Strict session cookie');
  }

  step = 'dashboard loads';
  await page.goto(`${baseUrl}/dashboard/`, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('#connection.live', { timeout });
  console.log('CHECK loaded: server push connected');

  step = 'camera listed as running';
  const row = page.locator(`#camera-table tr[data-camera="${cameraId}"]`);
  await row.locator('.badge', { hasText: 'Running' }).waitFor({ timeout });
  await page.waitForFunction((id) => {
    const cells = document.querySelector(`#camera-table tr[data-camera="${id}"]`)?.querySelectorAll('td');
    return cells && Number(cells[2].textContent) > 0;
  }, cameraId, { timeout });
  console.log(`CHECK listed: ${(await row.innerText()).replace(/\s+/g, ' ')}`);
  await page.screenshot({ path: join(screenshots, 'dashboard-cameras.png') });

  step = 'live view shows changing frames';
  await row.click();
  await page.waitForFunction(() => {
    const canvas = document.getElementById('live-canvas');
    return Number(canvas.dataset.frames) >= 5 && Number(canvas.dataset.distinct) >= 3;
  }, null, { timeout });
  const live = await page.evaluate(() => {
    const canvas = document.getElementById('live-canvas');
    return { frames: canvas.dataset.frames, distinct: canvas.dataset.distinct, width: canvas.width, height: canvas.height };
  });
  console.log(`CHECK live: ${live.frames} frames, ${live.distinct} distinct, ${live.width}x${live.height}`);

  step = 'event with thumbnail in the camera view';
  await page.waitForFunction(() => [...document.querySelectorAll('#camera-events .event img')]
    .some((img) => img.complete && img.naturalWidth > 0), null, { timeout });
  console.log(`CHECK camera events: ${await page.locator('#camera-events .event').count()} events, first: ${(await page.locator('#camera-events .event').first().innerText()).replace(/\s+/g, ' ')}`);
  await page.waitForTimeout(300); // let the canvas show the newest frame for the picture
  await page.screenshot({ path: join(screenshots, 'dashboard.png') });

  step = 'event feed with thumbnail';
  await page.click('#tabs a[data-tab="events"]');
  await page.waitForFunction((id) => [...document.querySelectorAll('#event-feed .event')]
    .some((card) => card.querySelector(`a[href="#camera/${encodeURIComponent(id)}"]`)
      && [...card.querySelectorAll('img')].some((img) => img.complete && img.naturalWidth > 0)), cameraId, { timeout });
  console.log(`CHECK feed: ${await page.locator('#event-feed .event').count()} events`);
  await page.screenshot({ path: join(screenshots, 'dashboard-events.png') });

  step = 'cluster and devices panels';
  await page.click('#tabs a[data-tab="cluster"]');
  await page.locator('#member-table tbody tr').first().waitFor({ timeout });
  await page.click('#tabs a[data-tab="devices"]');
  await page.locator('#device-table tbody tr').first().waitFor({ timeout });
  console.log(`CHECK panels: ${await page.locator('#member-table tbody tr').count()} members, ${await page.locator('#device-table tbody tr').count()} devices`);

  step = 'no page errors';
  if (problems.length > 0) throw new Error(problems.join('; '));
  console.log('CHECK clean: no page errors');
} catch (error) {
  console.log(`FAILED ${step}: ${error.message.split('\n')[0]}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
