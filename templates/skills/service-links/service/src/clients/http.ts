import { DependencyUnavailable, guardOutbound, type BreakerOptions } from '../outbound.js';

/**
 * Calls to other services of the system: one circuit breaker per callee (outbound.ts), a timeout
 * per attempt, and retries with backoff for idempotent requests (GET, PUT, DELETE) on network
 * errors and 5xx. Every call is written `http.request('<callee>', '<METHOD>', '/path')`, the
 * form the event-flow check compares with the callee's OpenAPI contract.
 */
export interface ServiceResponse<T = unknown> {
  status: number;
  body: T;
}

export interface ServiceHttp {
  request<T = unknown>(
    callee: string,
    method: string,
    path: string,
    init?: { body?: unknown; headers?: Record<string, string> },
  ): Promise<ServiceResponse<T>>;
  /** Stops the breakers' timers (at shutdown, and at the end of a test). */
  close(): void;
}

export interface ServiceHttpOptions {
  /** Base URL per callee; default `<CALLEE>_URL` from the environment, else http://<callee> (its Kubernetes Service). */
  baseUrls?: Record<string, string>;
  /** ms per attempt. */
  timeoutMs?: number;
  /** Extra attempts for idempotent requests. */
  retries?: number;
  breaker?: BreakerOptions;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

class RetryableStatus extends Error {
  constructor(readonly status: number) {
    super(`answered ${status}`);
  }
}

/** A 4xx is the caller's problem, not the dependency's: it neither opens the breaker nor retries. */
class CallerError extends Error {
  constructor(readonly response: ServiceResponse) {
    super(`answered ${response.status}`);
  }
}

export function createServiceHttp(options: ServiceHttpOptions = {}): ServiceHttp {
  const timeoutMs = options.timeoutMs ?? 2_000;
  const retries = options.retries ?? 2;
  const guards = new Map<string, ReturnType<typeof guardOutbound<[string, string, RequestInit], ServiceResponse>>>();
  const baseUrl = (callee: string) =>
    options.baseUrls?.[callee] ?? process.env[`${callee.toUpperCase().replace(/-/g, '_')}_URL`] ?? `http://${callee}`;

  const attempt = async (url: string, method: string, init: RequestInit): Promise<ServiceResponse> => {
    const response = await fetch(url, { ...init, method, signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    const body = text && (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text;
    if (response.status >= 500) throw new RetryableStatus(response.status);
    if (response.status >= 400) throw new CallerError({ status: response.status, body });
    return { status: response.status, body };
  };

  const withRetries = async (url: string, method: string, init: RequestInit): Promise<ServiceResponse> => {
    const tries = IDEMPOTENT.has(method) ? retries + 1 : 1;
    for (let i = 0; ; i++) {
      try {
        return await attempt(url, method, init);
      } catch (error) {
        if (error instanceof CallerError || i + 1 >= tries) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** i));
      }
    }
  };

  return {
    close() {
      for (const guard of guards.values()) guard.breaker.shutdown();
      guards.clear();
    },
    async request<T>(callee: string, method: string, path: string, init: { body?: unknown; headers?: Record<string, string> } = {}) {
      let guard = guards.get(callee);
      if (!guard) {
        guard = guardOutbound(callee, (url: string, m: string, i: RequestInit) => withRetries(url, m, i), {
          timeout: timeoutMs * (retries + 2),
          ...options.breaker,
          isCallerError: (error) => error instanceof CallerError,
        });
        guards.set(callee, guard);
      }
      const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
      if (init.body !== undefined) headers['content-type'] = 'application/json';
      try {
        const response = await guard.fire(`${baseUrl(callee)}${path}`, method.toUpperCase(), {
          headers,
          body: init.body === undefined ? undefined : JSON.stringify(init.body),
        });
        return response as ServiceResponse<T>;
      } catch (error) {
        if (error instanceof CallerError) return error.response as ServiceResponse<T>;
        throw error;
      }
    },
  };
}

export { DependencyUnavailable };
