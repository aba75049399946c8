/**
 * How the simulated server enforces the per-second quota (RPS = RPM/60, TPS = TPM/60):
 * `'sliding-window'` counts what it accepted in the last 1 000 ms; `'token-bucket'` keeps a bucket
 * that holds one second of quota and refills continuously. DashScope documents per-second
 * enforcement but not its algorithm, so simulations can run against both.
 */
export type PerSecondEnforcement = 'sliding-window' | 'token-bucket';

export interface SimulatedQuotaOptions {
  rpm: number;
  tpm: number;
  perSecond?: PerSecondEnforcement;
}

export type QuotaDecision =
  | { accepted: true }
  | { accepted: false; code: 'Throttling.RateQuota' | 'Throttling.AllocationQuota' };

interface Accepted {
  at: number;
  tokens: number;
}

/**
 * The quota side of a DashScope model for one account, as documented on
 * https://www.alibabacloud.com/help/en/model-studio/rate-limit: requests and tokens are limited
 * per minute (sliding 60 s window here) and per second, and a request past either limit is
 * rejected with `Throttling.RateQuota` (requests) or `Throttling.AllocationQuota` (tokens).
 * Rejected requests consume nothing. Written independently of the production limiter so the
 * simulation does not grade the limiter with its own arithmetic.
 */
export class SimulatedQuotaServer {
  readonly #rpm: number;
  readonly #tpm: number;
  readonly #perSecond: PerSecondEnforcement;
  readonly #log: Accepted[] = [];
  #requestLevel: number;
  #tokenLevel: number;
  #levelAt = 0;

  constructor(options: SimulatedQuotaOptions) {
    this.#rpm = options.rpm;
    this.#tpm = options.tpm;
    this.#perSecond = options.perSecond ?? 'sliding-window';
    this.#requestLevel = this.#rpm / 60;
    this.#tokenLevel = this.#tpm / 60;
  }

  handle(tokens: number, now: number): QuotaDecision {
    while (this.#log.length > 0 && (this.#log[0] as Accepted).at <= now - 60_000) this.#log.shift();
    let minuteTokens = 0;
    let secondRequests = 0;
    let secondTokens = 0;
    for (const entry of this.#log) {
      minuteTokens += entry.tokens;
      if (entry.at > now - 1000) {
        secondRequests += 1;
        secondTokens += entry.tokens;
      }
    }
    if (this.#perSecond === 'token-bucket') {
      const elapsedSeconds = Math.max(0, now - this.#levelAt) / 1000;
      this.#requestLevel = Math.min(this.#rpm / 60, this.#requestLevel + (elapsedSeconds * this.#rpm) / 60);
      this.#tokenLevel = Math.min(this.#tpm / 60, this.#tokenLevel + (elapsedSeconds * this.#tpm) / 60);
      this.#levelAt = Math.max(this.#levelAt, now);
      if (this.#requestLevel < 1) return { accepted: false, code: 'Throttling.RateQuota' };
      if (this.#tokenLevel < tokens) return { accepted: false, code: 'Throttling.AllocationQuota' };
    } else {
      if (secondRequests + 1 > this.#rpm / 60) return { accepted: false, code: 'Throttling.RateQuota' };
      if (secondTokens + tokens > this.#tpm / 60) return { accepted: false, code: 'Throttling.AllocationQuota' };
    }
    if (this.#log.length + 1 > this.#rpm) return { accepted: false, code: 'Throttling.RateQuota' };
    if (minuteTokens + tokens > this.#tpm) return { accepted: false, code: 'Throttling.AllocationQuota' };
    if (this.#perSecond === 'token-bucket') {
      this.#requestLevel -= 1;
      this.#tokenLevel -= tokens;
    }
    this.#log.push({ at: now, tokens });
    return { accepted: true };
  }
}
