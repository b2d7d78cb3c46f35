import type { Browser } from 'playwright-core';

/** Debian's chromium; the container and CI install it with fonts-noto-cjk. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/**
 * HTML to PDF through one headless chromium, launched on the first document and reused for every
 * later one (a launch costs about a second; a page, milliseconds). Each document gets its own
 * context, so nothing leaks between investors. close() at shutdown ends the browser.
 */
export class PdfRenderer {
  private browser: Promise<Browser> | null = null;
  private launched = 0;

  constructor(private readonly executablePath = CHROMIUM_PATH) {}

  async pdf(html: string): Promise<Buffer> {
    const browser = await this.launch();
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    try {
      const page = await context.newPage();
      await page.setContent(html, { waitUntil: 'load' });
      return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    } finally {
      await context.close();
    }
  }

  /** How many times a browser was started (1 while it stays up): shows the reuse. */
  get launches(): number {
    return this.launched;
  }

  async close(): Promise<void> {
    const browser = this.browser;
    this.browser = null;
    if (browser) await (await browser).close();
  }

  private launch(): Promise<Browser> {
    if (!this.browser) {
      // Loaded only when a PDF is asked for, so the service starts without the browser library.
      const launching = import('playwright-core').then(({ chromium }) =>
        chromium.launch({ executablePath: this.executablePath, headless: true, args: CHROMIUM_ARGS }),
      );
      launching.catch(() => {
        if (this.browser === launching) this.browser = null;
      });
      this.browser = launching;
      this.launched += 1;
    }
    return this.browser;
  }
}
