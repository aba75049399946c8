import { Hono, type Context } from 'hono';
import type { EmulatorOptions } from './emulator-options.js';
import type { AppBindings } from './emulator-app.js';
import { jsonPlan } from './response-plan.js';
import type { EmulatorStats, RequestLogEntry } from './stats-recorder.js';

/** What the admin paths can read and change. */
export interface AdminControls {
  stats(): EmulatorStats;
  requestLog(): RequestLogEntry[];
  reset(): void;
  /** @throws RangeError for invalid options. */
  configure(options: Partial<EmulatorOptions>): void;
  options(): EmulatorOptions;
}

function publicConfig(options: EmulatorOptions): Record<string, unknown> {
  const { apiKeys, clock: _clock, ...rest } = options;
  return { ...rest, apiKeys: apiKeys ? `${apiKeys.length} configured` : 'any non-empty key' };
}

/**
 * The emulator's admin paths, unauthenticated (the server binds loopback by default):
 *
 * - `GET /__emulator/stats`: counters per model and totals, batch lines per model, with the run's seed.
 * - `GET /__emulator/log`: the request log, oldest first.
 * - `POST /__emulator/reset`: zero counters, log and rate windows, restart the fault schedule; returns the stats.
 * - `GET /__emulator/config`: the current options, API keys replaced by their count.
 * - `POST /__emulator/config`: merge a JSON object of options (e.g. `{"faults":{"sequence":["429"]}}`,
 *   `{"rateLimits":{"*":{"rpm":600}}}`); 400 with the reason when invalid.
 */
export function adminRoutes(controls: AdminControls): Hono<{ Bindings: AppBindings }> {
  const admin = new Hono<{ Bindings: AppBindings }>();
  const answer = (c: Context<{ Bindings: AppBindings }>, status: number, body: unknown) => {
    c.env.outcome = { kind: 'respond', plan: jsonPlan(status, body) };
    return c.body(null);
  };
  admin.get('/stats', (c) => answer(c, 200, controls.stats()));
  admin.get('/log', (c) => answer(c, 200, controls.requestLog()));
  admin.post('/reset', (c) => {
    controls.reset();
    return answer(c, 200, controls.stats());
  });
  admin.get('/config', (c) => answer(c, 200, publicConfig(controls.options())));
  admin.post('/config', async (c) => {
    try {
      controls.configure((await c.req.json()) as Partial<EmulatorOptions>);
      return answer(c, 200, publicConfig(controls.options()));
    } catch (error) {
      return answer(c, 400, { code: 'InvalidParameter', message: (error as Error).message });
    }
  });
  return admin;
}
