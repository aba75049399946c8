import { APIUserAbortError } from './errors.js';

/**
 * Sleeps `ms` milliseconds, rejecting with {@link APIUserAbortError} as soon as `signal` aborts.
 * The timer and the listener are always removed, so nothing outlives the call.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new APIUserAbortError(undefined, { cause: signal.reason }));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new APIUserAbortError(undefined, { cause: signal?.reason }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * An AbortController for one attempt, linked to the caller's signal, with a restartable deadline.
 * `dispose()` clears the timer and unlinks the listener; call it in `finally`.
 */
export class AttemptController {
  readonly controller = new AbortController();
  /** Why the attempt's signal fired: the caller's abort, the deadline, or not at all. */
  reason: 'user' | 'timeout' | 'idle' | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #userSignal: AbortSignal | undefined;
  readonly #onUserAbort = () => this.#abort('user');

  constructor(userSignal: AbortSignal | undefined) {
    this.#userSignal = userSignal;
    if (userSignal?.aborted) this.#abort('user');
    else userSignal?.addEventListener('abort', this.#onUserAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** (Re)arms the deadline: after `ms` without another call, the attempt aborts with `reason`. */
  arm(ms: number, reason: 'timeout' | 'idle'): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    if (ms > 0 && Number.isFinite(ms)) this.#timer = setTimeout(() => this.#abort(reason), ms);
  }

  /** Stops the deadline without aborting. */
  disarm(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Aborts the attempt (e.g. when the consumer stops reading a stream). */
  cancel(): void {
    this.#abort(this.reason ?? 'user');
  }

  dispose(): void {
    this.disarm();
    this.#userSignal?.removeEventListener('abort', this.#onUserAbort);
  }

  #abort(reason: 'user' | 'timeout' | 'idle'): void {
    if (this.controller.signal.aborted) return;
    this.reason = reason;
    this.disarm();
    this.controller.abort(this.#userSignal?.aborted ? this.#userSignal.reason : new Error(reason));
  }
}
