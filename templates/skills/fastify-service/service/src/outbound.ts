import CircuitBreaker from 'opossum';

/**
 * Every call to another system goes through a circuit breaker: after repeated failures the
 * breaker opens and calls fail at once (503) instead of piling up behind a dead dependency;
 * after `resetTimeout` one trial call decides whether it closes again.
 */
export interface BreakerOptions {
  /** ms before a call counts as failed. */
  timeout?: number;
  /** Failed share (percent) of recent calls that opens the breaker. */
  errorThresholdPercentage?: number;
  /** ms the breaker stays open before a trial call. */
  resetTimeout?: number;
  /** Calls seen before the threshold applies. */
  volumeThreshold?: number;
  /** Errors that are the caller's fault, not the dependency's: they do not count. */
  isCallerError?: (error: unknown) => boolean;
}

export class DependencyUnavailable extends Error {
  constructor(
    readonly dependency: string,
    reason: string,
  ) {
    super(`${dependency} is unavailable: ${reason}`);
  }
}

export function guardOutbound<Args extends unknown[], Result>(
  name: string,
  call: (...args: Args) => Promise<Result>,
  options: BreakerOptions = {},
): { fire: (...args: Args) => Promise<Result>; breaker: CircuitBreaker<Args, Result> } {
  const breaker = new CircuitBreaker<Args, Result>(call, {
    name,
    timeout: options.timeout ?? 5_000,
    errorThresholdPercentage: options.errorThresholdPercentage ?? 50,
    resetTimeout: options.resetTimeout ?? 30_000,
    volumeThreshold: options.volumeThreshold ?? 3,
    errorFilter: (error: unknown) => options.isCallerError?.(error) ?? false,
  });
  const fire = async (...args: Args): Promise<Result> => {
    try {
      return await breaker.fire(...args);
    } catch (error) {
      if (options.isCallerError?.(error)) throw error;
      const reason = breaker.opened ? 'circuit open after repeated failures' : (error as Error).message;
      throw new DependencyUnavailable(name, reason);
    }
  };
  return { fire, breaker };
}
