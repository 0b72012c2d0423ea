import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { userManager } from './auth';

/** The redirect target of the authorization code flow: exchanges the code (PKCE) and returns. */
export function SignInCallback() {
  const navigate = useNavigate();
  const [error, setError] = useState<string>();
  useEffect(() => {
    userManager()
      .signinRedirectCallback()
      .then((user) => {
        const state = user.state as { returnTo?: string } | undefined;
        navigate(state?.returnTo ?? '/', { replace: true });
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [navigate]);
  return error ? (
    <p role="alert" className="error">
      Sign-in failed: {error}
    </p>
  ) : (
    <p role="status">Signing you in…</p>
  );
}
