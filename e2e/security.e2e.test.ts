/**
 * The gateway's security baseline (foundation issue): depth, alias and token limits, no
 * batching, no mutation over GET, CSRF prevention, body size limit, introspection by config,
 * masked errors. Each refusal is a clear GraphQL error and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountsDocument, LogInDocument } from './__generated__/operations.js';
import { ADMIN, ok, startTestSystem, uniqueEmail, type TestSystem } from './support/system.js';

let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system?.close());

async function post(body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const res = await fetch(`${system.url}/graphql`, { method: 'POST', headers, body });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] } };
}

const signUpMutation = (email: string) =>
  `mutation { signUp(input: {email: "${email}", password: "correct horse", name: "X"}) { account { id } } }`;

async function accountExists(email: string): Promise<boolean> {
  const admin = ok(await system.gql(LogInDocument, ADMIN)).logIn.token;
  const found = ok(await system.gql(AccountsDocument, { search: email }, admin)).accounts.edges;
  return found.length > 0;
}

describe('query limits', () => {
  it('refuses a 30-deep query', async () => {
    // No type of the schema nests 30 levels yet, so the levels are inline fragments, which
    // count towards depth exactly like object fields.
    let selection = 'me { id }';
    for (let i = 0; i < 30; i++) selection = `... on Query { ${selection} }`;
    const res = await post(JSON.stringify({ query: `{ ${selection} }` }));
    expect(res.status).toBe(400);
    expect(res.body.errors?.every((e) => e.extensions?.code === 'BAD_USER_INPUT')).toBe(true);
    expect(res.body.errors?.map((e) => e.message)).toContainEqual(expect.stringMatching(/depth limit of 12 exceeded/i));
  });

  it('accepts a query within the depth limit', async () => {
    let selection = 'me { id }';
    for (let i = 0; i < 5; i++) selection = `... on Query { ${selection} }`;
    const res = await post(JSON.stringify({ query: `{ ${selection} }` }));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { me: null } });
  });

  it('refuses 200 aliases', async () => {
    const query = `{ ${Array.from({ length: 200 }, (_, i) => `a${i}: me { id }`).join(' ')} }`;
    const res = await post(JSON.stringify({ query }));
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.[0].message).toMatch(/alias/i);
  });

  it('refuses a document with too many tokens', async () => {
    const query = `{ me { ${'id '.repeat(5000)} } }`;
    const res = await post(JSON.stringify({ query }));
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.[0].message).toMatch(/contains more th[ae][nt] 3000 tokens/i);
  });

  it('answers a query with an unknown field with BAD_USER_INPUT', async () => {
    const res = await post(JSON.stringify({ query: '{ me { id nonsense } }' }));
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('transport rules', () => {
  it('refuses a batched array body and creates nothing', async () => {
    const email = uniqueEmail('batch');
    const res = await post(JSON.stringify([{ query: signUpMutation(email) }, { query: '{ me { id } }' }]));
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.[0].message).toMatch(/batch/i);
    expect(await accountExists(email)).toBe(false);
  });

  it('refuses a mutation over GET and creates nothing', async () => {
    const email = uniqueEmail('get');
    const url = `${system.url}/graphql?query=${encodeURIComponent(signUpMutation(email))}`;
    const res = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
    expect(res.status).toBe(405);
    const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0].message).toMatch(/GET requests only support query operations/);
    expect(await accountExists(email)).toBe(false);
  });

  it('refuses a text/plain POST (CSRF) and creates nothing', async () => {
    const email = uniqueEmail('csrf');
    const res = await post(JSON.stringify({ query: signUpMutation(email) }), { 'content-type': 'text/plain' });
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.[0].message).toMatch(/Cross-Site Request Forgery/i);
    expect(await accountExists(email)).toBe(false);
  });

  it('refuses a 2 MB body', async () => {
    const email = uniqueEmail('big');
    const padding = 'x'.repeat(2 * 1024 * 1024);
    const res = await post(JSON.stringify({ query: signUpMutation(email), variables: { padding } }));
    expect(res.status).toBe(413);
    expect(res.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.[0].message).toMatch(/larger than/);
    expect(await accountExists(email)).toBe(false);
  });

  it('refuses a body that is not JSON', async () => {
    const res = await post('{"query": ');
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('serves health, readiness and metrics', async () => {
    expect((await fetch(`${system.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${system.url}/readyz`);
    expect(ready.status).toBe(200);
    const metrics = await (await fetch(`${system.url}/metrics`)).text();
    expect(metrics).toMatch(/shop_http_requests_total\{route="graphql",status="\d+"\} \d+/);
    expect(metrics).toMatch(/shop_graphql_operation_seconds_count/);
  });
});

describe('introspection', () => {
  it('is on by default outside production', async () => {
    const res = await post(JSON.stringify({ query: '{ __schema { queryType { name } } }' }));
    expect(res.body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  it('is off when INTROSPECTION=false', async () => {
    const closed = await startTestSystem({ INTROSPECTION: 'false' });
    try {
      const res = await fetch(`${closed.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __schema { queryType { name } } }' }),
      });
      const body = (await res.json()) as { errors: { extensions: { code: string } }[] };
      expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      // Field suggestions would leak the schema just as well.
      const typo = await fetch(`${closed.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ mee { id } }' }),
      });
      const typoBody = (await typo.json()) as { errors: { message: string }[] };
      expect(typoBody.errors[0].message).not.toMatch(/Did you mean/);
    } finally {
      await closed.close();
    }
  });
});
