// Renders result files to HTML and screenshots the page in Debian's Chromium, to look at a report
// without a desktop: node dist/scripts/screenshot-report.js OUT.png result.json [more.json ...]
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { readResultFile } from '../harness/results/read-result.js';
import { readClaimsFile } from '../harness/report/claims.js';
import { renderHtml } from '../harness/report/render-html.js';
import { writeFileAtomic } from '../harness/files/write-file-atomic.js';
import { EXIT_OK, EXIT_USAGE } from '../harness/errors.js';

async function main(argv: string[]): Promise<number> {
  const [png, ...files] = argv;
  if (!png || !png.endsWith('.png') || files.length === 0) {
    process.stderr.write('usage: screenshot-report OUT.png result.json [more.json ...]\n');
    return EXIT_USAGE;
  }
  const html = png.replace(/\.png$/, '.html');
  writeFileAtomic(html, renderHtml(files.map(readResultFile), readClaimsFile()), { overwrite: true });
  const browser = await chromium.launch({
    executablePath: process.env.LANGBENCH_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
    await page.goto(pathToFileURL(path.resolve(html)).href);
    await page.screenshot({ path: png, fullPage: true });
  } finally {
    await browser.close();
  }
  process.stdout.write(`${html}\n${png}\n`);
  return EXIT_OK;
}

main(process.argv.slice(2)).then((code) => (process.exitCode = code));
