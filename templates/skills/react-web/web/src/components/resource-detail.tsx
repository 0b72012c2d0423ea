import { useEffect, useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router-dom';
import type { ResourceSpec, Stored } from '../resources/resource-spec';
import { ResourceForm } from './resource-form';
import { ErrorMessage } from './status';

/** One resource: its fields, an edit form and delete. */
export function ResourceDetail({ resource }: { resource: ResourceSpec }) {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const [item, setItem] = useState<Stored & Record<string, unknown>>();
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string | undefined>(
    (location.state as { saved?: boolean } | null)?.saved ? `${resource.singular} saved.` : undefined,
  );
  const [editing, setEditing] = useState(false);

  useEffect(() => {
    resource.get(id).then(setItem, setError);
  }, [resource, id]);

  async function remove() {
    setError(undefined);
    try {
      await resource.remove(id);
      navigate(`/${resource.name}`);
    } catch (e) {
      setError(e);
    }
  }

  if (!item) return error ? <ErrorMessage error={error} /> : <p role="status">Loading…</p>;
  if (editing) {
    return (
      <ResourceForm
        resource={resource}
        item={item}
        onSaved={(saved) => {
          setItem(saved);
          setEditing(false);
          setNotice(`${resource.singular} saved.`);
        }}
      />
    );
  }
  return (
    <section aria-labelledby="detail-title" className="panel">
      <h1 id="detail-title">{resource.title(item)}</h1>
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      <dl className="details">
        {resource.fields.map((f) => (
          <div key={f.name}>
            <dt>{f.label}</dt>
            <dd>{String(item[f.name] ?? '—')}</dd>
          </div>
        ))}
      </dl>
      <ErrorMessage error={error} />
      <div className="actions">
        <button type="button" className="button-primary" onClick={() => setEditing(true)}>
          Edit
        </button>
        <button type="button" className="button-danger" onClick={() => void remove()}>
          Delete
        </button>
      </div>
    </section>
  );
}
