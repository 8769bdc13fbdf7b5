// Files in a real browser, the same suite in Chromium and Firefox: attached by the paperclip, by pasting and by
// dropping, each with its progress bar; sent with the text or alone; seen by someone else as a preview and a card
// whose download is the same bytes; an upload cancelled while under way sends nothing; an image's box is its final
// size before the image arrives, so the list does not move; the viewer opens on a click and closes with Escape; an
// upload the connection dropped is retried in place (Chromium).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HTTPRequest, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewSize } from '../../src/shared/files.js';
import { call, newClient, request, startTestServer, type ClientSocket, type TestServer } from '../helpers/flack.js';
import { PDF, png, uploaded } from '../helpers/files.js';
import { seriousViolations } from './axe.js';
import { browserAvailable, launch, openSidebarItem, screenshotDir, socketOf, userPage, waitForBody, type BrowserKind, type Launched, type UserPage } from './harness.js';

const COMPOSER = '.composer[data-surface="main"]';
const SEND = `${COMPOSER} button.send`;

declare global {
  interface Window {
    /** A file made in the page (a DataTransfer only takes files that exist there). */
    testFile(name: string, base64: string, type: string): File;
    /** Pastes these files into `target`, as Ctrl+V of a copied file or screenshot does. */
    testPaste(target: Element, files: File[]): void;
  }
}
async function installHelpers(page: Page): Promise<void> {
  await page.evaluate(() => {
    window.testFile = (name, base64, type) => new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], name, { type });
    window.testPaste = (target, files) => {
      const dt = new DataTransfer();
      for (const f of files) dt.items.add(f);
      const paste = new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true });
      // Firefox gives a constructed ClipboardEvent an empty clipboardData of its own, whatever it was given.
      if (paste.clipboardData !== dt) Object.defineProperty(paste, 'clipboardData', { value: dt });
      target.dispatchEvent(paste);
    };
  });
}

/** No transition or entrance animation is running: colours are final (the typing dots never stop). */
const settled = (page: Page) =>
  page.waitForFunction(() => document.getAnimations().every((a) => a.effect?.getComputedTiming().iterations === Infinity || a.playState === 'finished'));

/** Records, from now on, whether a progress bar ever showed in the composer: a small upload is over in a moment. */
const watchProgress = (page: Page) =>
  page.evaluate((sel) => {
    const w = window as unknown as { sawProgress: boolean };
    w.sawProgress = false;
    const seen = () => (w.sawProgress ||= !!document.querySelector(`${sel} .upload progress`));
    new MutationObserver(seen).observe(document.body, { childList: true, subtree: true });
  }, COMPOSER);
const sawProgress = (page: Page) => page.evaluate(() => (window as unknown as { sawProgress: boolean }).sawProgress);

/** Until the composer holds exactly these files, each finished (its ✕ says "Remove"). */
const untilUploaded = (page: Page, names: string[]) =>
  page.waitForFunction(
    (sel, want) => {
      const chips = [...document.querySelectorAll(`${sel} .upload`)];
      return (
        chips.length === want.length &&
        chips.every((c, i) => c.querySelector('.upload-name')?.textContent === want[i] && (c as HTMLElement).dataset.status === 'done')
      );
    },
    {},
    COMPOSER,
    names,
  );

/** The newest message's files as the reader sees them. */
const lastFiles = (page: Page) =>
  page.$$eval('.pane .message-list .msg[data-id]', (rows) => {
    const row = rows.at(-1)!;
    return {
      body: row.querySelector('.body')?.textContent ?? null,
      images: [...row.querySelectorAll<HTMLImageElement>('.attachment-image img')].map((i) => ({
        alt: i.alt,
        width: i.getAttribute('width'),
        height: i.getAttribute('height'),
      })),
      cards: [...row.querySelectorAll('.file-card')].map((c) => ({
        name: c.querySelector('.file-name')?.textContent,
        meta: c.querySelector('.file-meta')?.textContent,
      })),
    };
  });

export function filesSuite(kind: BrowserKind): void {
  describe.skipIf(!browserAvailable(kind))(`files, in ${kind}`, () => {
    let server: TestServer;
    let browser: Launched;
    let alice: UserPage;
    let bob: UserPage;
    let poster: { token: string; socket: ClientSocket };
    let aliceSocket: ClientSocket;
    let general: number;
    let dir: string;
    let image: Buffer;
    let n = 0;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'flack-files-'));
      [server, browser, image] = await Promise.all([startTestServer(), launch(kind), png(800, 600)]);
      writeFileSync(join(dir, 'meadow.png'), image);
      writeFileSync(join(dir, 'plan.pdf'), PDF);
      alice = await userPage(browser.browser, server.url, 'alice');
      bob = await userPage(browser.browser, server.url, 'bob');
      poster = await newClient(server, 'poster');
      general = (await call(poster.socket, 'state', {})).conversations.find((c) => c.name === 'general')!.id;
      aliceSocket = await socketOf(server, alice);
      await call(aliceSocket, 'channel:create', { name: 'side', visibility: 'public' });
      await Promise.all([installHelpers(alice.page), installHelpers(bob.page)]);
    }, 60_000);
    afterAll(async () => {
      poster?.socket.close();
      aliceSocket?.close();
      await browser?.close();
      await server?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    // Chromium only (request interception; axe runs there for every view): not registered at all in Firefox, so
    // nothing shows as skipped.
    const inChromium = (name: string, test: () => Promise<void>) => (kind === 'chromium' ? it(name, test) : undefined);

    it('a PNG and a PDF attached by the paperclip upload with a progress bar and go with the text; the other person gets the preview and the card, whose download is the same bytes', async () => {
      const page = alice.page;
      await page.bringToFront();
      await watchProgress(page);
      // The paperclip opens the browser's file chooser.
      const [chooser] = await Promise.all([page.waitForFileChooser(), page.click(`${COMPOSER} button[aria-label="Attach files"]`)]);
      expect(chooser.isMultiple()).toBe(true);
      await chooser.accept([join(dir, 'meadow.png'), join(dir, 'plan.pdf')]);
      await untilUploaded(page, ['meadow.png', 'plan.pdf']);
      expect(await sawProgress(page)).toBe(true);
      // The image shows itself in the composer once it is in.
      await page.waitForFunction((sel) => (document.querySelector(`${sel} .upload-thumb`) as HTMLImageElement | null)?.naturalWidth, {}, COMPOSER);
      await page.focus(`${COMPOSER} textarea`);
      await page.keyboard.type('the plan, and the view');
      await page.keyboard.press('Enter');
      await waitForBody(page, 'the plan, and the view', 'sent');
      expect(await page.$$(`${COMPOSER} .upload`)).toHaveLength(0);

      await bob.page.bringToFront();
      await waitForBody(bob.page, 'the plan, and the view');
      const { width, height } = previewSize({ width: 800, height: 600 });
      expect(await lastFiles(bob.page)).toEqual({
        body: 'the plan, and the view',
        images: [{ alt: 'meadow.png', width: String(width), height: String(height) }],
        cards: [{ name: 'plan.pdf', meta: `${PDF.length} B · PDF` }],
      });
      // The preview, not the whole image: at most twice its CSS size, for sharp screens.
      const natural = await bob.page.waitForFunction(() => {
        const img = document.querySelector<HTMLImageElement>('.pane .msg:last-child .attachment-image img');
        return img?.complete && img.naturalWidth > 0 && [img.naturalWidth, img.naturalHeight];
      });
      expect(await natural.jsonValue()).toEqual([2 * width, 2 * height]);
      await bob.page.screenshot({ path: join(screenshotDir(), `files-image-and-pdf-${kind}.png`) });
      const downloaded = await bob.page.$eval('.pane .msg:last-child .file-card', async (a) => {
        const response = await fetch((a as HTMLAnchorElement).href);
        return { status: response.status, bytes: [...new Uint8Array(await response.arrayBuffer())] };
      });
      expect(downloaded.status).toBe(200);
      expect(Buffer.from(downloaded.bytes).equals(PDF)).toBe(true);
    });

    it('pasting a file and dropping one attach them too; files alone are sent without an empty line of text', async () => {
      const page = alice.page;
      await page.bringToFront();
      const b64 = image.toString('base64');
      await page.$eval(
        `${COMPOSER} textarea`,
        (area, data) => window.testPaste(area, [window.testFile('pasted.png', data, 'image/png')]),
        b64,
      );
      await untilUploaded(page, ['pasted.png']);

      const drag = (type: string) =>
        page.$eval(
          '.pane .messages',
          (target, t, text) => {
            const dt = new DataTransfer();
            dt.items.add(new File([text], 'notes.txt', { type: 'text/plain' }));
            target.dispatchEvent(new DragEvent(t, { dataTransfer: dt, bubbles: true, cancelable: true }));
          },
          type,
          'dropped in',
        );
      await drag('dragenter');
      await drag('dragover');
      await page.waitForSelector('.pane .drop-overlay');
      await drag('drop');
      await page.waitForFunction(() => !document.querySelector('.drop-overlay'));
      await untilUploaded(page, ['pasted.png', 'notes.txt']);

      await page.focus(`${COMPOSER} textarea`);
      await page.keyboard.press('Enter');
      await bob.page.bringToFront();
      await bob.page.waitForFunction(() => document.querySelector('.pane .msg[data-id]:last-child .file-name')?.textContent === 'notes.txt');
      const seen = await lastFiles(bob.page);
      expect(seen.body).toBeNull();
      expect(seen.images.map((i) => i.alt)).toEqual(['pasted.png']);
      expect(seen.cards.map((c) => c.name)).toEqual(['notes.txt']);
    });

    it('an upload refused by the server says why, and a cancelled one under way is gone and sends nothing', async () => {
      const page = alice.page;
      await page.bringToFront();
      await page.$eval(`${COMPOSER} textarea`, (area) => window.testPaste(area, [new File([], 'empty.txt')]));
      await page.waitForFunction((sel) => document.querySelector(`${sel} .upload[data-status="failed"] .upload-error`)?.textContent === 'That file is empty', {}, COMPOSER);
      expect(await page.$eval(SEND, (b) => (b as HTMLButtonElement).disabled)).toBe(true);
      // The same bytes would be refused again: nothing to retry.
      expect(await page.$(`${COMPOSER} .upload-retry`)).toBeNull();
      await page.click(`${COMPOSER} button[aria-label="Remove empty.txt"]`);

      // 20 MB, cancelled the moment its progress bar shows (and with it a disabled Send): from inside the page, as
      // a round trip from the test could come after the last byte.
      const cancelled = await page.$eval(COMPOSER, (composer) => {
        return new Promise<{ sendDisabled: boolean }>((resolve) => {
          const observer = new MutationObserver(() => {
            const cancel = composer.querySelector<HTMLButtonElement>('button[aria-label="Cancel upload of big.bin"]');
            if (!composer.querySelector('.upload progress') || !cancel) return;
            observer.disconnect();
            const sendDisabled = composer.querySelector<HTMLButtonElement>('button.send')!.disabled;
            cancel.click();
            resolve({ sendDisabled });
          });
          observer.observe(composer, { childList: true, subtree: true });
          window.testPaste(composer.querySelector('textarea')!, [new File([new Uint8Array(20 * 1024 * 1024)], 'big.bin')]);
        });
      });
      expect(cancelled.sendDisabled).toBe(true);
      await page.waitForFunction((sel) => !document.querySelector(`${sel} .upload`), {}, COMPOSER);
      await page.focus(`${COMPOSER} textarea`);
      await page.keyboard.type('after the cancel');
      await page.keyboard.press('Enter');
      await bob.page.bringToFront();
      await waitForBody(bob.page, 'after the cancel');
      // The message before it is the one with notes.txt: nothing came between.
      const lastTwo = await bob.page.$$eval('.pane .message-list .msg[data-id]', (rows) =>
        rows.slice(-2).map((r) => [...r.querySelectorAll('.file-name, .attachment-image img')].map((e) => e.textContent || (e as HTMLImageElement).alt)),
      );
      expect(lastTwo).toEqual([['pasted.png', 'notes.txt'], []]);
    });

    it('files wait in the composer of their conversation: another one sends without them, and a removed one is discarded on the server', async () => {
      const page = alice.page;
      await page.bringToFront();
      await page.$eval(`${COMPOSER} textarea`, (area) => window.testPaste(area, [new File(['for general only'], 'stays.txt')]));
      await untilUploaded(page, ['stays.txt']);
      await openSidebarItem(page, 'side');
      expect(await page.$$(`${COMPOSER} .upload`)).toHaveLength(0);
      await page.focus(`${COMPOSER} textarea`);
      await page.keyboard.type('only words here');
      await page.keyboard.press('Enter');
      await waitForBody(page, 'only words here', 'sent');
      expect(await page.$$('.pane .message-list .msg[data-id] .attachments')).toHaveLength(0);

      await openSidebarItem(page, 'general');
      await untilUploaded(page, ['stays.txt']);
      await page.evaluate(() => performance.clearResourceTimings());
      await page.click(`${COMPOSER} button[aria-label="Remove stays.txt"]`);
      // The DELETE has been answered once the page's resource timing lists it; then the upload is gone for good.
      const discarded = await page.waitForFunction(() =>
        performance
          .getEntriesByType('resource')
          .map((e) => /\/api\/files\/([\w-]+)$/.exec(e.name)?.[1])
          .find(Boolean),
      );
      const id = (await discarded.jsonValue()) as string;
      const reply = await request(aliceSocket, 'message:send', { conversationId: general, clientId: `gone-${n++}`, body: 'with a discarded file', files: [id] });
      expect(reply.ok).toBe(false);
      expect(await page.$$(`${COMPOSER} .upload`)).toHaveLength(0);
    });

    inChromium('an upload the connection dropped offers Retry, which sends the same file again in its place', async () => {
      const page = alice.page;
      await page.bringToFront();
      let failed = false;
      const onRequest = (r: HTTPRequest) => {
        if (!failed && r.method() === 'POST' && r.url().includes('/api/files')) {
          failed = true;
          void r.abort('failed');
        } else void r.continue();
      };
      await page.setRequestInterception(true);
      page.on('request', onRequest);
      await page.$eval(`${COMPOSER} textarea`, (area) => window.testPaste(area, [new File(['second time lucky'], 'again.txt')]));
      const retry = `${COMPOSER} .upload[data-status="failed"] button[aria-label="Retry upload of again.txt"]`;
      await page.waitForSelector(retry);
      expect(await page.$eval(`${COMPOSER} .upload-error`, (e) => e.textContent)).toMatch(/^The upload stopped/);
      expect(await page.$eval(SEND, (b) => (b as HTMLButtonElement).disabled)).toBe(true);
      page.off('request', onRequest);
      await page.setRequestInterception(false);

      await page.click(retry);
      await untilUploaded(page, ['again.txt']);
      expect(await page.$(`${COMPOSER} .upload-retry`)).toBeNull();
      await page.focus(`${COMPOSER} textarea`);
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.querySelector('.pane .msg[data-id]:last-child .file-name')?.textContent === 'again.txt');
      expect(await page.$$(`${COMPOSER} .upload`)).toHaveLength(0);
    });

    it("an image's box has its final size before the image arrives: nothing in the list moves as it loads", async () => {
      const page = bob.page;
      // In front: a background tab renders nothing, so nothing could shift.
      await page.bringToFront();
      // A full list, as in a real channel: a new message scrolls it rather than pushing the others up.
      for (let i = 0; i < 30; i++) await call(poster.socket, 'message:send', { conversationId: general, clientId: `fill-${n++}`, body: `filler ${i}` });
      await waitForBody(page, 'filler 29');
      await page.waitForFunction(() => {
        const list = document.querySelector('.pane .messages')!;
        return list.scrollHeight > list.clientHeight + 200;
      });

      // Chromium holds the preview back until the message after it is on screen: a box that grew on load would push it.
      const held: HTTPRequest[] = [];
      let holding = kind === 'chromium';
      const onRequest = (r: HTTPRequest) => {
        if (holding && r.url().includes('/preview')) held.push(r);
        else void r.continue();
      };
      if (kind === 'chromium') {
        await page.setRequestInterception(true);
        page.on('request', onRequest);
      }
      await page.evaluate(() => {
        const w = window as unknown as { atInsert: { width: number; height: number; complete: boolean }[]; shift: number; shifts: string[] };
        w.atInsert = [];
        w.shift = 0;
        w.shifts = [];
        const list = document.querySelector('.pane .messages')!;
        new MutationObserver((records) => {
          for (const r of records) {
            for (const node of r.addedNodes) {
              if (!(node instanceof HTMLElement)) continue;
              for (const img of node.querySelectorAll<HTMLImageElement>('.attachment-image img')) {
                const box = img.getBoundingClientRect();
                w.atInsert.push({ width: box.width, height: box.height, complete: img.complete && img.naturalWidth > 0 });
              }
            }
          }
        }).observe(list, { childList: true, subtree: true });
        if (!PerformanceObserver.supportedEntryTypes.includes('layout-shift')) return;
        new PerformanceObserver((entries) => {
          for (const e of entries.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean; sources: { node: Node | null }[] })[]) {
            if (e.hadRecentInput || !e.sources.some((s) => !s.node || list.contains(s.node))) continue;
            w.shift += e.value;
            w.shifts.push(e.sources.map((s) => (s.node instanceof Element ? s.node.className : String(s.node))).join(','));
          }
        }).observe({ type: 'layout-shift' });
      });

      const file = await uploaded(server, poster.token, 'wide.png', image);
      await call(poster.socket, 'message:send', { conversationId: general, clientId: `img-${n++}`, body: '', files: [file.id] });
      await call(poster.socket, 'message:send', { conversationId: general, clientId: `after-${n++}`, body: 'under the image' });
      await waitForBody(page, 'under the image');
      holding = false;
      for (const r of held.splice(0)) await r.continue();
      const loaded = await page.waitForFunction(
        (id) => {
          const img = document.querySelector<HTMLImageElement>(`.pane .attachment-image img[src*="${id}"]`);
          return img?.complete && img.naturalWidth > 0 && img.decode().then(() => img.getBoundingClientRect().toJSON() as DOMRect);
        },
        {},
        file.id,
      );
      const after = (await loaded.jsonValue()) as DOMRect;
      // Layout-shift entries of the last frames are delivered after they are painted.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 100)))));
      if (kind === 'chromium') {
        page.off('request', onRequest);
        await page.setRequestInterception(false);
      }

      const { width, height } = previewSize({ width: 800, height: 600 });
      const measured = await page.evaluate(() => {
        const w = window as unknown as { atInsert: unknown[]; shift: number; shifts: string[] };
        return { atInsert: w.atInsert, shift: w.shift, shifts: w.shifts };
      });
      // Held back in Chromium, the image cannot have loaded by then; Firefox may be quicker than the observer's check.
      expect(measured.atInsert).toEqual([{ width, height, complete: kind === 'chromium' ? false : expect.any(Boolean) }]);
      expect({ width: after.width, height: after.height }).toEqual({ width, height });
      // Firefox has no Layout Instability API: there the boxes above are the whole check.
      expect(measured.shift, `layout shifts in the message list: ${measured.shifts.join(' | ')}`).toBeLessThan(0.001);
    });

    it('a click on an image opens it whole, with its name and a download; Escape closes it', async () => {
      const page = bob.page;
      await page.bringToFront();
      await page.click('.pane .msg[data-id] .attachment-image');
      await page.waitForSelector('dialog[open].viewer');
      const viewer = await page.waitForFunction(() => {
        const img = document.querySelector<HTMLImageElement>('dialog[open].viewer .viewer-image img');
        return (
          img?.complete &&
          img.naturalWidth > 0 && {
            title: document.querySelector('dialog[open].viewer h2')?.textContent,
            natural: [img.naturalWidth, img.naturalHeight],
            download: document.querySelector<HTMLAnchorElement>('dialog[open].viewer a[download]')?.getAttribute('href'),
            src: img.getAttribute('src'),
          }
        );
      });
      const shown = (await viewer.jsonValue()) as { title: string; natural: number[]; download: string; src: string };
      expect(shown.title).toBe('meadow.png');
      expect(shown.natural).toEqual([800, 600]);
      expect(shown.download).toBe(shown.src);
      expect(shown.src).toMatch(/^\/files\/[\w-]+\/meadow\.png$/);
      await page.keyboard.press('Escape');
      await page.waitForFunction(() => !document.querySelector('dialog[open]'));
      // Focus returns to the image once the dialog has left the page.
      await page.waitForFunction(() => document.activeElement?.classList.contains('attachment-image'));
    });

    inChromium('has no serious accessibility violation with files in the list, the composer and the viewer, light or dark', async () => {
      const page = alice.page;
      await page.bringToFront();
      await page.$eval(
        `${COMPOSER} textarea`,
        (area, data) => window.testPaste(area, [window.testFile('draft.png', data, 'image/png'), new File([], 'empty.txt')]),
        image.toString('base64'),
      );
      await page.waitForFunction((sel) => document.querySelectorAll(`${sel} .upload:not([data-status="uploading"])`).length === 2, {}, COMPOSER);
      const found: Record<string, unknown> = {};
      const check = async (screen: string) => {
        for (const theme of ['light', 'dark'] as const) {
          await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: theme }]);
          await settled(page);
          const violations = await seriousViolations(page);
          if (violations.length) found[`${screen} (${theme})`] = violations;
        }
      };
      await check('list and composer');
      await page.click('.pane .msg[data-id] .attachment-image');
      await page.waitForSelector('dialog[open].viewer');
      await check('image viewer');
      await page.keyboard.press('Escape');
      await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
      expect(found).toEqual({});
    });
  });
}
