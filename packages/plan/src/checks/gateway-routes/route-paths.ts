/**
 * How Kong 3.x matches a request path against a route path: `~` + a regular expression anchored
 * at the start (PCRE; the common subset is JavaScript syntax too), any other path as a plain
 * string prefix. Contract path templates are tried through concrete samples (`/v1/pay/{id}` →
 * `/v1/pay/1`, a UUID, a word), so `(?<id>\d+)` and `[^/]+` routes both find their template.
 */
export type RoutePath = { kind: 'regex'; source: string; test(path: string): boolean } | { kind: 'prefix'; prefix: string };

export function compileRoutePath(path: string): RoutePath | { error: string } {
  if (!path.startsWith('~')) return { kind: 'prefix', prefix: path };
  const source = path.slice(1);
  try {
    const pattern = new RegExp(`^(?:${source})`);
    return { kind: 'regex', source, test: (p) => pattern.test(p) };
  } catch (error) {
    return { error: (error as Error).message.replace(/^Invalid regular expression: /, '') };
  }
}

const SAMPLE_SEGMENTS = ['1', '3fa85f64-5717-4562-b3fc-2c963f66afa6', 'sample'];

/** Concrete request paths for a template: every `{name}` replaced by one sample value at a time. */
export function samplePaths(template: string): string[] {
  if (!/\{[^{}]*\}/.test(template)) return [template];
  return SAMPLE_SEGMENTS.map((sample) => template.replace(/\{[^{}]*\}/g, sample));
}

/** Whether a request for `template` (any of its samples) reaches this route path. */
export function routeMatches(route: RoutePath, template: string): boolean {
  return samplePaths(template).some((sample) => (route.kind === 'regex' ? route.test(sample) : sample.startsWith(route.prefix)));
}

/** Whether a plain route path is itself the template (prefix routes are written for one path). */
export function prefixIsTemplate(route: RoutePath & { kind: 'prefix' }, template: string): boolean {
  const trim = (p: string) => (p.length > 1 ? p.replace(/\/+$/, '') : p);
  return trim(route.prefix) === trim(template);
}

/** The anchored Kong regex of a contract path: `{id}` → `(?<id>[^/]+)`. */
export function routeRegex(template: string): string {
  return (
    template
      .split(/(\{[^{}]*\})/)
      .map((part) =>
        /^\{[^{}]*\}$/.test(part)
          ? `(?<${part.slice(1, -1).replace(/[^A-Za-z0-9_]/g, '_') || 'p'}>[^/]+)`
          : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
      )
      .join('') + '$'
  );
}
