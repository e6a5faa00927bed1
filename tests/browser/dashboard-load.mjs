// The dashboard with many cameras: every camera is listed, rows update in place on each push, filtering works, and
// the page stays responsive. usage: node dashboard-load.mjs BASE_URL CAMERA_COUNT ID_PREFIX
// Prints "CHECK ..." lines for what passed and "MEASURE name=value unit" lines (reported, not asserted).
import { chromium } from 'playwright-core';

const [baseUrl, countText, prefix] = process.argv.slice(2);
const count = Number(countText);
const timeout = 60_000;
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
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => { for (const entry of list.getEntries()) window.__longTasks.push(entry.duration); })
      .observe({ type: 'longtask', buffered: true });
  });

  step = 'every camera listed';
  const started = Date.now();
  await page.goto(`${baseUrl}/dashboard/`, { waitUntil: 'domcontentloaded' });
  await page.waitForFunction((n) => document.querySelectorAll('#camera-table tbody tr').length >= n, count, { timeout });
  console.log(`CHECK listed: ${count} cameras`);
  console.log(`MEASURE first-full-table=${Date.now() - started} ms`);

  step = 'rows update in place';
  const first = `${prefix}-000`;
  const cell = () => page.locator(`#camera-table tr[data-camera="${first}"] td`).nth(2).innerText();
  const rowHandle = await page.locator(`#camera-table tr[data-camera="${first}"]`).elementHandle();
  const before = await cell();
  await page.waitForFunction(([id, value]) =>
    document.querySelector(`#camera-table tr[data-camera="${id}"]`).querySelectorAll('td')[2].textContent !== value, [first, before], { timeout });
  const same = await rowHandle.evaluate((row) => row.isConnected && row === document.querySelector(`#camera-table tr[data-camera="${row.dataset.camera}"]`));
  if (!same) throw new Error('the row element was replaced instead of updated');
  console.log(`CHECK updated: fps in ${before} -> ${await cell()}, same row element`);

  step = 'responsiveness over 10 s of pushes';
  await page.evaluate(() => { window.__longTasks = []; });
  const frames = await page.evaluate(() => new Promise((resolve) => {
    let n = 0;
    const end = performance.now() + 10_000;
    const tick = (now) => { n++; if (now < end) requestAnimationFrame(tick); else resolve(n); };
    requestAnimationFrame(tick);
  }));
  const longTasks = await page.evaluate(() => window.__longTasks);
  const renderCost = await page.evaluate(() => {
    const start = performance.now();
    for (let i = 0; i < 10; i++) window.dispatchEvent(new Event('hashchange'));
    return (performance.now() - start) / 10;
  });
  console.log(`MEASURE animation-frames-per-second=${(frames / 10).toFixed(1)} fps`);
  console.log(`MEASURE long-tasks-during-pushes=${longTasks.length} count, longest=${Math.max(0, ...longTasks).toFixed(0)} ms`);
  console.log(`MEASURE full-render=${renderCost.toFixed(1)} ms`);

  step = 'filter';
  await page.fill('#camera-filter', `${prefix}-007`);
  const visible = await page.locator('#camera-table tbody tr:not(.hidden)').count();
  if (visible !== 1) throw new Error(`${visible} rows visible for one camera's id`);
  console.log('CHECK filter: 1 row visible');

  if (problems.length > 0) throw new Error(problems.join('; '));
  console.log('CHECK clean: no page errors');
} catch (error) {
  console.log(`FAILED ${step}: ${error.message.split('\n')[0]}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
