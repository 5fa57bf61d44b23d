import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/**
 * Headless Chromium for the browser tests: Debian's `chromium` package (Playwright's own browser
 * download is not used — it needs a CDN the test machines cannot reach), driven by
 * playwright-core through `executablePath`. CHROMIUM_PATH names another binary.
 */
const CANDIDATES = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
].filter((candidate): candidate is string => Boolean(candidate));

export function chromiumPath(): string {
  const found = CANDIDATES.find((candidate) => existsSync(candidate));
  if (!found)
    throw new Error(
      `The browser tests need Chromium and found none (looked at ${CANDIDATES.join(', ')}). ` +
        'Install it with `apt-get update && apt-get install -y chromium` (Debian/Ubuntu; .ci/run does), ' +
        'or set CHROMIUM_PATH to a Chromium or Chrome binary.',
    );
  return found;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    // Root in CI containers: Chromium's sandbox needs user namespaces they do not give.
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
}
