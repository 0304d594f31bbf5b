/**
 * The benchmark scenarios, in the order their sections appear in RESULTS.md. To add one
 * (catalogue page, cart priceSummary, checkout, ...), append an entry here; if it needs data
 * (products, a cart), extend `seedTarget` in run.ts and read it from the Seed.
 */

/** What the harness prepared on one gateway (and its database) before the scenarios run. */
export interface Seed {
  /** The account signed up for the run; its token is used by scenarios with `auth`. */
  account: { id: string; email: string; name: string; token: string };
}

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
  /** Checks the data of the sampled response; returns what is wrong, or undefined. */
  check?: (data: any, seed: Seed) => string | undefined;
}

export const SCENARIOS: Scenario[] = [
  {
    name: 'me',
    title: 'me (signed-in account)',
    description:
      'The signed-in customer reads their own account. At a gateway: JWT verification, revocation check, the cached identity profile, query planning (cached), one fetch from accounts; at the subgraph: one primary-key read on PGlite.',
    query: '{ me { id email name roles level } }',
    auth: true,
    directSubgraph: 'accounts',
    check: (data, seed) =>
      data?.me?.id === seed.account.id && data.me.email === seed.account.email ? undefined : `expected me.id ${seed.account.id}, got ${JSON.stringify(data)}`,
  },
];
