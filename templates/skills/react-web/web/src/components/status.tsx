import { ApiError } from '../api/client';

/** An API failure as the user should read it: the problem's title and detail (RFC 9457). */
export function ErrorMessage({ error }: { error: unknown }) {
  if (!error) return null;
  const text =
    error instanceof ApiError
      ? `${error.problem.title}${error.problem.detail ? `: ${error.problem.detail}` : ''} (${error.status})`
      : error instanceof Error
        ? error.message
        : String(error);
  return (
    <p role="alert" className="error">
      {text}
    </p>
  );
}
