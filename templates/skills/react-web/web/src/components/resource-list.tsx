import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import type { ResourceSpec, Stored } from '../resources/resource-spec';
import { ErrorMessage } from './status';

/** One page of a resource at a time (cursor pagination), as a table that becomes cards on phones. */
export function ResourceList({ resource }: { resource: ResourceSpec }) {
  const [items, setItems] = useState<(Stored & Record<string, unknown>)[]>();
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>();

  // Answers to an earlier request (a first render, a page loaded before) are ignored once it is stale.
  const current = useRef(0);
  const load = useCallback(
    (cursor?: string) => {
      const request = ++current.current;
      resource.list(cursor).then(
        (page) => {
          if (request !== current.current) return;
          setError(undefined);
          setItems((before) => (cursor ? [...(before ?? []), ...page.data] : page.data));
          setNext(page.nextCursor);
        },
        (e: unknown) => {
          if (request === current.current) setError(e);
        },
      );
    },
    [resource],
  );
  // Each resource's page is its own instance (keyed by the resource in app.tsx): it starts empty.
  useEffect(() => load(), [load]);

  const columns = resource.fields.slice(0, 3);
  return (
    <section aria-labelledby="list-title">
      <div className="page-head">
        <h1 id="list-title">{resource.label}</h1>
        <Link className="button-primary" to={`/${resource.name}/new`}>
          New {resource.singular.toLowerCase()}
        </Link>
      </div>
      <ErrorMessage error={error} />
      {!items && !error && <p role="status">Loading {resource.label.toLowerCase()}…</p>}
      {items && items.length === 0 && <p>No {resource.label.toLowerCase()} yet.</p>}
      {items && items.length > 0 && (
        <table className="table">
          <caption className="visually-hidden">{resource.label}</caption>
          <thead>
            <tr>
              {columns.map((f) => (
                <th key={f.name} scope="col">
                  {f.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id}>
                {columns.map((f, i) => (
                  <td key={f.name} data-label={f.label}>
                    {i === 0 ? (
                      // A link always has a name: an empty first column falls back to the item's title (or its id).
                      <Link to={`/${resource.name}/${item.id}`}>{String(item[f.name] ?? '') || resource.title(item)}</Link>
                    ) : (
                      String(item[f.name] ?? '')
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next && (
        <button type="button" className="button-secondary" onClick={() => load(next)}>
          Load more
        </button>
      )}
    </section>
  );
}
