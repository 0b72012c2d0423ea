import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiError } from '../api/client';
import { validateField, type ResourceSpec, type Stored } from '../resources/resource-spec';
import { ErrorMessage } from './status';

/**
 * Create (no item) or change (item) a resource. Fields are validated here by the contract's
 * constraints, then by the server; the server's field errors (problem details `errors[].pointer`)
 * are shown at their fields.
 */
export function ResourceForm({
  resource,
  item,
  onSaved,
}: {
  resource: ResourceSpec;
  item?: Stored & Record<string, unknown>;
  onSaved?: (saved: Stored & Record<string, unknown>) => void;
}) {
  const navigate = useNavigate();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const formId = item ? `edit-${resource.name}` : `new-${resource.name}`;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const body: Record<string, unknown> = {};
    const errors: Record<string, string> = {};
    for (const field of resource.fields) {
      const { value, error: problem } = validateField(field, data.get(field.name));
      if (problem) errors[field.name] = problem;
      else if (value !== undefined) body[field.name] = value;
    }
    setFieldErrors(errors);
    setError(undefined);
    if (Object.keys(errors).length > 0) return;
    setBusy(true);
    try {
      const saved = item ? await resource.update(item.id, body) : await resource.create(body);
      if (onSaved) onSaved(saved);
      else navigate(`/${resource.name}/${saved.id}`, { state: { saved: true } });
    } catch (e) {
      if (e instanceof ApiError) {
        const byField: Record<string, string> = {};
        for (const fe of e.problem.errors ?? []) {
          const name = fe.pointer.replace(/^\/?(body\/)?/, '');
          if (resource.fields.some((f) => f.name === name)) byField[name] = fe.detail;
        }
        setFieldErrors(byField);
      }
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby={`${formId}-title`} className="panel">
      <h1 id={`${formId}-title`}>{item ? `Edit ${resource.singular.toLowerCase()}` : `New ${resource.singular.toLowerCase()}`}</h1>
      <form id={formId} noValidate onSubmit={(e) => void submit(e)} className="form">
        {resource.fields.map((field) => {
          // Field ids never collide with the heading's (a field named "title" is common).
          const id = `${formId}-field-${field.name}`;
          const message = fieldErrors[field.name];
          const current = item?.[field.name] ?? field.defaultValue ?? '';
          const common = {
            id,
            name: field.name,
            'aria-invalid': message ? true : undefined,
            'aria-describedby': message ? `${id}-error` : undefined,
            required: field.required,
          };
          return (
            <div className="field" key={field.name}>
              <label htmlFor={id}>
                {field.label}
                {field.required && <span aria-hidden="true"> *</span>}
              </label>
              {field.enum ? (
                <select {...common} defaultValue={String(current)}>
                  {!field.required && <option value="">—</option>}
                  {field.enum.map((v) => (
                    <option key={v} value={v}>
                      {v}
                    </option>
                  ))}
                </select>
              ) : (
                <input {...common} type={field.type === 'integer' ? 'number' : 'text'} defaultValue={String(current)} />
              )}
              {message && (
                <p id={`${id}-error`} className="field-error">
                  {message}
                </p>
              )}
            </div>
          );
        })}
        <ErrorMessage error={error} />
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save'}
        </button>
      </form>
    </section>
  );
}
