/**
 * The benchmark scenarios, in the order their sections appear in RESULTS.md. To add one
 * (cart priceSummary, checkout, ...), append an entry here; if it needs data (a cart), extend
 * `seedGateway` in run.ts and read it from the Seed.
 */

/** What the harness prepared on one gateway (and its database) before the scenarios run. */
export interface Seed {
  /** The account signed up for the run; its token is used by scenarios with `auth`. */
  account: { id: string; email: string; name: string; token: string };
  /** Products put on shelf (newest first, as the catalogue lists them), each SKU with warehouse stock. */
  catalogue: { productIds: string[]; skusPerProduct: number };
  /** The account's cart: one line per product for the first CART_LINES catalogue products, one of them promoted. */
  cart: { lines: number };
}

/** Lines of the seeded cart (cart scenario). */
export const CART_LINES = 3;

/** Products the catalogue seed creates: one page of 20 and a few more, so the page has a next one. */
export const CATALOGUE_PRODUCTS = 25;
export const CATALOGUE_PAGE = 20;

export interface Scenario {
  /** Stable identifier (also the section anchor). */
  name: string;
  /** Section heading. */
  title: string;
  /** One or two sentences: what a request does. */
  description: string;
  query: string;
  variables?: (seed: Seed) => Record<string, unknown>;
  /** Sent as the seeded account (gateways: bearer token; subgraph: identity header). */
  auth: boolean;
  /**
   * The subgraph that answers this operation on its own, if any; then it is also measured
   * directly (with the headers the gateway would send). Operations that span subgraphs have none.
   */
  directSubgraph?: string;
  /**
   * Also measured through a distributed gateway with its catalogue response cache off
   * (CATALOGUE_CACHE_MS=0), to show what the cache does for this operation.
   */
  uncached?: boolean;
  /** Checks the data of the sampled response; returns what is wrong, or undefined. */
  check?: (data: any, seed: Seed) => string | undefined;
}

export const SCENARIOS: Scenario[] = [
  {
    name: 'me',
    title: 'me (signed-in account)',
    description:
      'The signed-in customer reads their own account. At a gateway: JWT verification, revocation check, the cached identity profile, query planning (cached), one fetch from accounts; at the subgraph: one primary-key read in the database.',
    query: '{ me { id email name roles level } }',
    auth: true,
    directSubgraph: 'accounts',
    check: (data, seed) =>
      data?.me?.id === seed.account.id && data.me.email === seed.account.email ? undefined : `expected me.id ${seed.account.id}, got ${JSON.stringify(data)}`,
  },
  {
    name: 'catalogue',
    title: 'catalogue page (20 products with prices and display stock)',
    description:
      'A signed-in customer reads the first page of the catalogue: 20 products on shelf, their SKUs with the price of the customer\'s level and the display stock (min of shelf remaining and unbooked warehouse stock). At the subgraph: one page query, then one batched query each for the SKUs and for their shelf items with stock; at a gateway also JWT, identity and one fetch from inventory — unless the gateway\'s catalogue response cache (CATALOGUE_CACHE_MS, 1 s by default, emptied by any mutation) has the answer for this query, variables and customer level, which it then sends without asking inventory.',
    query:
      'query Catalogue($first: Int) { products(first: $first) { edges { cursor node { id name skus { id code name price { amount currency } displayStock } } } pageInfo { hasNextPage endCursor } } }',
    variables: () => ({ first: CATALOGUE_PAGE }),
    auth: true,
    directSubgraph: 'inventory',
    uncached: true,
    check: (data, seed) => {
      const edges = data?.products?.edges ?? [];
      const expected = seed.catalogue.productIds.slice(0, CATALOGUE_PAGE);
      if (JSON.stringify(edges.map((e: any) => e.node.id)) !== JSON.stringify(expected)) return `expected the ${CATALOGUE_PAGE} newest seeded products, got ${JSON.stringify(data)}`;
      const skus = edges.flatMap((e: any) => e.node.skus);
      if (skus.length !== CATALOGUE_PAGE * seed.catalogue.skusPerProduct) return `expected ${seed.catalogue.skusPerProduct} SKUs per product`;
      if (!skus.every((s: any) => s.price?.amount > 0 && s.displayStock > 0)) return `every SKU needs a price and display stock: ${JSON.stringify(skus[0])}`;
      return data.products.pageInfo.hasNextPage ? undefined : 'expected a next page';
    },
  },
  {
    name: 'cart-price-summary',
    title: 'cart { priceSummary } (3 lines, a promotion, freight)',
    description:
      "The signed-in customer prices their cart: three product lines at the customer's level price (shelves in EUR, converted to the shop currency), a 10 % promotion on one product, freight once per product. At the subgraph: the cart and its lines (two primary-key reads), one quote of the three SKUs from inventory (an internal call: in-process when embedded, HTTP when distributed) and one query for the promotions in force; at a gateway also JWT, identity and one fetch from cart.",
    query:
      'query CartSummary { cart { id priceSummary { lines { itemId quantity unitPrice { amount currency } amount { amount currency } } subtotal { amount currency } discounts { source code amount { amount currency } } freight { amount currency } total { amount currency } } } }',
    auth: true,
    directSubgraph: 'cart',
    check: (data, seed) => {
      const summary = data?.cart?.priceSummary;
      if (summary?.lines?.length !== seed.cart.lines) return `expected ${seed.cart.lines} priced lines, got ${JSON.stringify(data)}`;
      if (summary.discounts?.length !== 1 || summary.discounts[0].source !== 'PROMOTION') return `expected one promotion discount, got ${JSON.stringify(summary.discounts)}`;
      const expected = summary.subtotal.amount - summary.discounts[0].amount.amount + summary.freight.amount;
      return summary.total.amount === expected && expected > 0 ? undefined : `total ${summary.total.amount} is not subtotal - discounts + freight (${expected})`;
    },
  },
];
