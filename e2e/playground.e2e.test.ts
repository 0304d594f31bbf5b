/**
 * The admin playground (issue 9): GraphiQL served by the gateway from its own files, driven in a
 * real Chromium. Sign in as the admin, run ready-made documents, and check that the page never
 * talks to any host but the gateway. Leaves a screenshot in docs/playground.png for the README.
 *
 * Needs Debian's chromium at /usr/bin/chromium (CI installs it); skipped without it.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AddClassToCartDocument,
  AddSwimmerDocument,
  CreateProductDocument,
  CreateSwimClassDocument,
  LogInDocument,
  ProductDocument,
  SignUpDocument,
} from './__generated__/operations.js';
import { ADMIN, ok, startTestSystem, uniqueEmail, type TestSystem } from './support/system.js';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = fileURLToPath(new URL('../docs/playground.png', import.meta.url));
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost']);

let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem();
});

afterAll(async () => {
  await system?.close();
});

describe('admin playground over HTTP', () => {
  const get = (url: string, accept = 'text/html,application/xhtml+xml,*/*;q=0.8') => fetch(url, { headers: { accept } });

  it('serves the page to a browser on GET /graphql, locked to this origin', async () => {
    const res = await get(`${system.url}/graphql`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await res.text();
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('serves the assets with their content type, compressed, cacheable forever', async () => {
    const html = await (await get(`${system.url}/graphql`)).text();
    const script = html.match(/src="(\/playground\/[0-9a-f]+\/main\.js)"/)?.[1];
    expect(script).toBeDefined();
    const res = await fetch(`${system.url}${script}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await res.text()).length).toBeGreaterThan(100_000);
    expect((await fetch(`${system.url}${script!.replace(/[0-9a-f]+\/main/, '0000/main')}`)).status).toBe(404);
  });

  it('leaves GraphQL over GET to the GraphQL server', async () => {
    const res = await get(`${system.url}/graphql?query=%7B__typename%7D`, 'application/json');
    expect(res.headers.get('content-type')).toMatch(/^application\/(graphql-response\+)?json/);
  });

  it('is not served with PLAYGROUND=false', async () => {
    const off = await startTestSystem({ PLAYGROUND: 'false' });
    try {
      const res = await get(`${off.url}/graphql`);
      expect(res.headers.get('content-type')).not.toMatch(/text\/html/);
      expect((await fetch(`${off.url}/playground/any/main.js`)).status).toBe(404);
    } finally {
      await off.close();
    }
  });
});

describe.skipIf(!existsSync(CHROMIUM))('admin playground in a browser', () => {
  let profile: string;
  let browser: BrowserContext;
  let page: Page;
  const requested: string[] = [];

  beforeAll(async () => {
    profile = mkdtempSync(join(tmpdir(), 'shop-playground-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1440, height: 900 },
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    page.on('request', (request) => requested.push(request.url()));
    page.on('websocket', (socket) => requested.push(socket.url()));
  });

  afterAll(async () => {
    await browser?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('opens on GET /graphql and signs in as the admin', async () => {
    const response = await page.goto(`${system.url}/graphql`);
    expect(response?.status()).toBe(200);
    await expect.poll(() => page.locator('.graphiql-execute-button').count(), { timeout: 20_000 }).toBe(1);

    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => page.getByTestId('signed-in-as').textContent()).toBe(ADMIN.email);
  });

  it('runs the "Me" document with the bearer token and shows the admin', async () => {
    const { authorization, text } = await runTab(page, 'Me');
    expect(authorization).toMatch(/^Bearer /);
    expect(text).toContain(`"email": "${ADMIN.email}"`);
    expect(text).toContain('"ADMIN"');
  });

  it('runs the "Accounts" document, an ADMIN-only list', async () => {
    const { text } = await runTab(page, 'Accounts');
    expect(text).toContain(`"email": "${ADMIN.email}"`);
    expect(text).not.toContain('"errors"');
  });

  it('reopens a document from the "Operator documents" panel in a new tab', async () => {
    const tabs = page.getByRole('tab');
    const before = await tabs.count();
    await page.getByRole('button', { name: 'Show Operator documents' }).click();
    await page.getByRole('button', { name: 'Who am I' }).click();
    await expect.poll(() => tabs.count()).toBe(before + 1);
    const { text } = await run(page, 'Me');
    expect(text).toContain(`"email": "${ADMIN.email}"`);
  });

  it('runs the "PutOnShelf" document with level prices and freight on a product made for it', async () => {
    const admin = ok(await system.gql(LogInDocument, ADMIN)).logIn.token;
    const product = ok(
      await system.gql(CreateProductDocument, { input: { name: 'Playground fins', skus: [{ code: `PG-${Date.now().toString(36)}`, name: 'Fins, M' }] } }, admin),
    ).createProduct;
    await selectTab(page, 'PutOnShelf');
    const eur = (amount: number) => ({ amount, currency: 'EUR' });
    await setVariables(page, {
      input: {
        productId: product.id,
        freight: eur(490),
        items: [
          {
            skuId: product.skus[0].id,
            shelfQuantity: 25,
            originalPrice: eur(1999),
            prices: [
              { level: 'REGULAR', price: eur(1799) },
              { level: 'VIP', price: eur(1599) },
              { level: 'PROMOTER', price: eur(1499) },
            ],
          },
        ],
      },
    });
    const { text } = await run(page, 'PutOnShelf');
    expect(text).toContain('"status": "ON_SHELF"');
    expect(text).toContain('"level": "VIP"');
    expect(text).not.toContain('"errors"');
    const shelf = ok(await system.gql(ProductDocument, { id: product.id })).product?.shelf;
    expect(shelf?.status).toBe('ON_SHELF');
  });

  it('opens the "WatchClassSeats" subscription and sees the seat a customer takes', async () => {
    const admin = ok(await system.gql(LogInDocument, ADMIN)).logIn.token;
    const swimClass = ok(
      await system.gql(
        CreateSwimClassDocument,
        { input: { title: 'Playground class', startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(), seatsTotal: 6, price: { amount: 9000, currency: 'EUR' } } },
        admin,
      ),
    ).createSwimClass;
    await selectTab(page, 'WatchClassSeats');
    await setVariables(page, { classId: swimClass.id });
    // The subscribe message on the page's own socket: from then on the gateway streams changes.
    // Listened for from the socket's first moment: the gateway acknowledges the connection so
    // quickly that the message can leave before a listener added after the click would be.
    const subscribed = new Promise<void>((resolve) =>
      page.once('websocket', (ws) => ws.on('framesent', (frame) => String(frame.payload).includes('WatchClassSeats') && resolve())),
    );
    await page.locator('.graphiql-execute-button').click();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([subscribed, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('no subscribe message within 15 s')), 15_000)))]);
    clearTimeout(timer);

    const customer = ok(await system.gql(SignUpDocument, { input: { email: uniqueEmail('pool'), password: 'correct horse', name: 'Pool' } })).signUp.token;
    const swimmer = ok(await system.gql(AddSwimmerDocument, { input: { name: 'Mia' } }, customer)).addSwimmer;
    // The subscription may still be on its way to the bus; take the seat once it listens.
    await page.waitForTimeout(500);
    ok(await system.gql(AddClassToCartDocument, { classId: swimClass.id, swimmerId: swimmer.id }, customer));

    const result = page.locator('.graphiql-response .view-lines');
    await expect.poll(async () => ((await result.textContent()) ?? '').replace(/\u00a0/g, ' '), { timeout: 15_000 }).toContain('"seatsRemain": 5');
    mkdirSync(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
  });

  it('sent no request to any host but the gateway', () => {
    expect(requested.length).toBeGreaterThan(0);
    const foreign = requested.filter((url) => !['data:', 'blob:'].includes(new URL(url).protocol) && !LOCAL_HOSTS.has(new URL(url).hostname));
    expect(foreign).toEqual([]);
  });
});

/** Switches to the tab of operation `name`. */
async function selectTab(page: Page, name: string) {
  // The tab's own button: the active tab's accessible name also includes its close button.
  await page.getByRole('tab').getByRole('button', { name, exact: true }).click();
}

/** Switches to the tab of operation `name` and runs it; see {@link run}. */
async function runTab(page: Page, name: string) {
  await selectTab(page, name);
  return run(page, name);
}

/** Replaces the active tab's variables, as an operator pasting them into the variables editor. */
async function setVariables(page: Page, variables: Record<string, unknown>) {
  const toggle = page.getByRole('button', { name: 'Show editor tools' });
  if (await toggle.isVisible()) await toggle.click();
  await page.locator('.graphiql-editor-tools').getByText('Variables', { exact: true }).click();
  const editor = page.locator('.graphiql-editor-tool .monaco-editor:visible').first();
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  // One line, inserted as a paste: typed brackets and newlines would be auto-closed and indented.
  await page.keyboard.insertText(JSON.stringify(variables));
}

/**
 * Runs the active tab, whose operation is `name`, and returns the request's Authorization header
 * and the text of the result panel once it has an answer.
 */
async function run(page: Page, name: string): Promise<{ authorization?: string; text: string }> {
  const result = page.locator('.graphiql-response .view-lines');
  // Monaco renders spaces as no-break spaces.
  const text = async () => ((await result.textContent()) ?? '').replace(/\u00a0/g, ' ');
  // GraphiQL works out the operation name of a freshly switched tab a moment after its text; on a
  // loaded machine the first run can still carry the previous tab's name. Such a run is answered
  // "Unknown operation named …" and is simply run again.
  for (let attempt = 1; ; attempt++) {
    const [request] = await Promise.all([
      // By the operation in the body: GraphiQL leaves operationName out while a document has only one.
      page.waitForRequest((req) => req.method() === 'POST' && new RegExp(`^(query|mutation|subscription) ${name}\\b`).test(req.postDataJSON()?.query ?? '')),
      page.locator('.graphiql-execute-button').click(),
    ]);
    const body = JSON.stringify(await (await request.response())?.json());
    if (body.includes('Unknown operation named') && attempt < 3) {
      await page.waitForTimeout(500);
      continue;
    }
    await expect.poll(text, { timeout: 15_000 }).toContain('"data"');
    return { authorization: request.headers().authorization, text: await text() };
  }
}
