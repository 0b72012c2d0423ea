import { UserManager, WebStorageStateStore } from 'oidc-client-ts';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { APP } from '../app-info';
import { setAccessToken } from '../api/client';

/**
 * Who is signed in. `oidc` (production): OpenID Connect authorization code flow with PKCE against
 * the realm's issuer (oidc-client-ts). `mock` (VITE_AUTH_MODE=mock; development and the e2e suites):
 * a local test identity whose token the mock server and the backend's contract-test mode accept —
 * a test double of the identity provider, never for production builds.
 */
export interface SignedInUser {
  name: string;
  accessToken: string;
}

interface AuthState {
  user: SignedInUser | undefined;
  ready: boolean;
  mode: 'mock' | 'oidc';
  signIn(returnTo?: string): Promise<void>;
  signOut(): Promise<void>;
}

const AuthContext = createContext<AuthState | undefined>(undefined);
const MODE: 'mock' | 'oidc' = import.meta.env.VITE_AUTH_MODE === 'oidc' ? 'oidc' : 'mock';
const MOCK_KEY = 'mock-identity';

let manager: UserManager | undefined;
export function userManager(): UserManager {
  manager ??= new UserManager({
    authority: import.meta.env.VITE_OIDC_ISSUER ?? APP.oidc.issuer,
    client_id: import.meta.env.VITE_OIDC_CLIENT_ID ?? APP.oidc.clientId,
    redirect_uri: `${window.location.origin}/callback`,
    post_logout_redirect_uri: window.location.origin,
    response_type: 'code',
    scope: ['openid', 'profile', ...APP.oidc.scopes].join(' '),
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
  });
  return manager;
}

export function AuthProvider({ children }: { children: ReactNode }) {
  // The test identity is known at once (session storage); an OIDC user only once oidc-client-ts has read its store.
  const [user, setUserState] = useState<SignedInUser | undefined>(() => {
    const name = MODE === 'mock' ? window.sessionStorage.getItem(MOCK_KEY) : null;
    const first = name ? { name, accessToken: 'mock-access-token' } : undefined;
    setAccessToken(first?.accessToken);
    return first;
  });
  // The client's token changes with the user, before any page renders with them (pages' effects run first).
  const setUser = useCallback((next: SignedInUser | undefined) => {
    setAccessToken(next?.accessToken);
    setUserState(next);
  }, []);
  const [ready, setReady] = useState(MODE === 'mock');

  useEffect(() => {
    if (MODE === 'mock') return;
    const m = userManager();
    const update = () =>
      void m.getUser().then((u) => {
        setUser(
          u && !u.expired
            ? { name: u.profile.name ?? u.profile.preferred_username ?? u.profile.sub, accessToken: u.access_token }
            : undefined,
        );
        setReady(true);
      });
    update();
    m.events.addUserLoaded(update);
    m.events.addUserUnloaded(update);
    return () => {
      m.events.removeUserLoaded(update);
      m.events.removeUserUnloaded(update);
    };
  }, [setUser]);

  const signIn = useCallback(
    async (returnTo = window.location.pathname) => {
      if (MODE === 'mock') {
        window.sessionStorage.setItem(MOCK_KEY, 'Test User');
        setUser({ name: 'Test User', accessToken: 'mock-access-token' });
        return;
      }
      await userManager().signinRedirect({ state: { returnTo } });
    },
    [setUser],
  );

  const signOut = useCallback(async () => {
    if (MODE === 'mock') {
      window.sessionStorage.removeItem(MOCK_KEY);
      setUser(undefined);
      return;
    }
    await userManager().signoutRedirect();
  }, [setUser]);

  const value = useMemo(() => ({ user, ready, mode: MODE, signIn, signOut }), [user, ready, signIn, signOut]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth must be used inside <AuthProvider>.');
  return state;
}

/** Pages of the API need a signed-in user: others see why and a button to sign in. */
export function RequireSignIn({ children }: { children: ReactNode }) {
  const { user, ready, signIn } = useAuth();
  if (!ready) return <p role="status">Checking your session…</p>;
  if (!user) {
    return (
      <section aria-labelledby="sign-in-title" className="panel">
        <h1 id="sign-in-title">Sign in required</h1>
        <p>Sign in to see and change this data.</p>
        <button type="button" className="button-primary" onClick={() => void signIn()}>
          Sign in
        </button>
      </section>
    );
  }
  return <>{children}</>;
}
