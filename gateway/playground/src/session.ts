/**
 * The playground's sign-in: `logIn` / `logOut` against the gateway, the token kept in
 * sessionStorage so it survives a reload but not the browser tab.
 */

/** The signed-in operator as the page shows it. */
export interface Session {
  token: string;
  email: string;
  roles: string[];
}

const KEY = 'shop.playground.session';

/** The session of this browser tab, if any. */
export function loadSession(): Session | null {
  const stored = sessionStorage.getItem(KEY);
  return stored ? (JSON.parse(stored) as Session) : null;
}

/** Calls `logIn`; throws with the server's message when it is refused. */
export async function logIn(email: string, password: string): Promise<Session> {
  const data = await post<{ logIn: { token: string; account: { email: string; roles: string[] } } }>(
    'mutation PlaygroundLogIn($email: String!, $password: String!) { logIn(email: $email, password: $password) { token account { email roles } } }',
    { email, password },
  );
  const session = { token: data.logIn.token, email: data.logIn.account.email, roles: data.logIn.account.roles };
  sessionStorage.setItem(KEY, JSON.stringify(session));
  return session;
}

/** Revokes the token with `logOut`; the session is forgotten even when the token was already dead. */
export async function logOut(session: Session): Promise<void> {
  sessionStorage.removeItem(KEY);
  await post('mutation PlaygroundLogOut { logOut }', {}, session.token).catch(() => undefined);
}

async function post<T>(query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length || !body.data) throw new Error(body.errors?.[0]?.message ?? `HTTP ${res.status}`);
  return body.data;
}
