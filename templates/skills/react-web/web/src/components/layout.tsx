import { useState } from 'react';
import { NavLink, Outlet } from 'react-router-dom';
import { APP } from '../app-info';
import { useAuth } from '../auth/auth';
import { RESOURCES } from '../resources';

/** Header with the navigation (a menu button on narrow screens), the session, and the page. */
export function Layout() {
  const { user, signIn, signOut } = useAuth();
  const [open, setOpen] = useState(false);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="header">
        <NavLink to="/" className="brand">
          <img src="/logo.svg" alt={APP.title} width="32" height="32" />
          <span>{APP.title}</span>
        </NavLink>
        <button type="button" className="menu-button" aria-expanded={open} aria-controls="main-nav" onClick={() => setOpen(!open)}>
          Menu
        </button>
        <nav id="main-nav" aria-label="Main" className={open ? 'nav nav-open' : 'nav'}>
          <ul>
            {RESOURCES.map((r) => (
              <li key={r.name}>
                <NavLink to={`/${r.name}`} onClick={() => setOpen(false)}>
                  {r.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="session">
          {user ? (
            <>
              <span className="user">{user.name}</span>
              <button type="button" className="button-secondary" onClick={() => void signOut()}>
                Sign out
              </button>
            </>
          ) : (
            <button type="button" className="button-primary" onClick={() => void signIn()}>
              Sign in
            </button>
          )}
        </div>
      </header>
      <main id="main" className="main">
        <Outlet />
      </main>
    </div>
  );
}
