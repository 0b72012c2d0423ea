import { Link, Navigate, Route, Routes } from 'react-router-dom';
import { APP } from './app-info';
import { RequireSignIn } from './auth/auth';
import { SignInCallback } from './auth/callback';
import { Layout } from './components/layout';
import { ResourceDetail } from './components/resource-detail';
import { ResourceForm } from './components/resource-form';
import { ResourceList } from './components/resource-list';
import { RESOURCES } from './resources';

/** Routes: a list, a create form and a detail/edit page per resource of the contract. */
export function App() {
  return (
    <Routes>
      <Route path="/callback" element={<SignInCallback />} />
      <Route element={<Layout />}>
        <Route index element={<Home />} />
        {RESOURCES.map((r) => [
          <Route
            key={`${r.name}-list`}
            path={`/${r.name}`}
            element={
              <RequireSignIn>
                <ResourceList key={r.name} resource={r} />
              </RequireSignIn>
            }
          />,
          <Route
            key={`${r.name}-new`}
            path={`/${r.name}/new`}
            element={
              <RequireSignIn>
                <ResourceForm resource={r} />
              </RequireSignIn>
            }
          />,
          <Route
            key={`${r.name}-one`}
            path={`/${r.name}/:id`}
            element={
              <RequireSignIn>
                <ResourceDetail resource={r} />
              </RequireSignIn>
            }
          />,
        ])}
        <Route path="*" element={<Navigate to="/" replace />} />
      </Route>
    </Routes>
  );
}

function Home() {
  return (
    <section aria-labelledby="home-title">
      <h1 id="home-title">{APP.title}</h1>
      <p>{APP.description}</p>
      <ul className="cards">
        {RESOURCES.map((r) => (
          <li key={r.name}>
            <Link className="card" to={`/${r.name}`}>
              <span className="card-title">{r.label}</span>
              <span>{r.summary}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
