/**
 * The admin playground page: a sign-in bar over GraphiQL, wired to this origin only
 * (`/graphql` over HTTP, `ws(s)://<host>/graphql` for subscriptions).
 */
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { useGraphiQL, useGraphiQLActions, type GraphiQLPlugin } from '@graphiql/react';
import { GraphiQL, HISTORY_PLUGIN } from 'graphiql';
import 'graphiql/style.css';
import { StrictMode, useMemo, useState, type FormEvent } from 'react';
import { createRoot } from 'react-dom/client';
import type { PlaygroundDocument } from './documents.js';
import { loadSession, logIn, logOut, type Session } from './session.js';
import './playground.css';
import './workers.js';

/** The documents of `documents.ts` that the current schema serves, chosen when the gateway builds this page. */
declare const PLAYGROUND_DOCUMENTS: PlaygroundDocument[];

const tabOf = (doc: PlaygroundDocument) => ({
  query: doc.query,
  variables: doc.variables ? JSON.stringify(doc.variables, null, 2) : null,
});

/** A sidebar panel to reopen any ready-made document in a new tab (the default tabs only appear on a first visit). */
const documentsPlugin: GraphiQLPlugin = {
  title: 'Operator documents',
  icon: () => (
    <svg viewBox="0 0 24 24" width="1em" height="1em" fill="none" stroke="currentColor" strokeWidth="1.5" aria-hidden="true">
      <path d="M8 6h12M8 12h12M8 18h12M4 6h.01M4 12h.01M4 18h.01" strokeLinecap="round" />
    </svg>
  ),
  content: function DocumentsPanel() {
    const { addTab } = useGraphiQLActions();
    const editors = useGraphiQL((state) => ({ query: state.queryEditor, variables: state.variableEditor }));
    const open = (doc: PlaygroundDocument) => {
      const tab = tabOf(doc);
      addTab();
      editors.query?.setValue(tab.query);
      editors.variables?.setValue(tab.variables ?? '');
    };
    return (
      <div className="shop-documents">
        <div className="graphiql-doc-explorer-title">Operator documents</div>
        <ul>
          {PLAYGROUND_DOCUMENTS.map((doc) => (
            <li key={doc.title}>
              <button type="button" onClick={() => open(doc)}>
                {doc.title}
              </button>
            </li>
          ))}
        </ul>
      </div>
    );
  },
};

function SignIn({ session, onChange }: { session: Session | null; onChange: (session: Session | null) => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      onChange(await logIn(String(form.get('email')), String(form.get('password'))));
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  if (session) {
    return (
      <div className="shop-session">
        <span>
          Signed in as <strong data-testid="signed-in-as">{session.email}</strong> ({session.roles.join(', ')})
        </span>
        <button type="button" onClick={() => void logOut(session).then(() => onChange(null))}>
          Log out
        </button>
      </div>
    );
  }
  return (
    <form className="shop-session" onSubmit={submit}>
      <input name="email" type="email" placeholder="email" autoComplete="username" required aria-label="Email" />
      <input name="password" type="password" placeholder="password" autoComplete="current-password" required aria-label="Password" />
      <button type="submit" disabled={busy}>
        Log in
      </button>
      {error && <span className="shop-error" role="alert">{error}</span>}
    </form>
  );
}

function Playground() {
  const [session, setSession] = useState(loadSession);
  const token = session?.token;
  // A new fetcher per token: every HTTP request and every socket's connectionParams carry it.
  const fetcher = useMemo(() => {
    const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    return createGraphiQLFetcher({
      url: '/graphql',
      subscriptionUrl: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
      headers: auth,
      wsConnectionParams: auth,
      // The gateway answers plain JSON; no @defer / multipart.
      enableIncrementalDelivery: false,
    });
  }, [token]);

  return (
    <>
      <header className="shop-bar">
        <span className="shop-title">Shop admin playground</span>
        <SignIn session={session} onChange={setSession} />
      </header>
      <main className="shop-graphiql">
        <GraphiQL fetcher={fetcher} plugins={[documentsPlugin, HISTORY_PLUGIN]} defaultTabs={PLAYGROUND_DOCUMENTS.map(tabOf)} />
      </main>
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Playground />
  </StrictMode>,
);
