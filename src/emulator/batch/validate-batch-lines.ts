import { BatchInputLineSchema, type BatchError, type BatchInputLine } from '../../wire/batches.js';

/** The largest number of lines DashScope takes in one batch file (https://docs.qwencloud.com/developer-guides/text-generation/batch). */
const MAX_LINES = 50_000;
/** Errors kept per batch. */
const MAX_ERRORS = 1_000;

/**
 * Validates a batch input file the way DashScope's `validating` step does: every line a JSON
 * `{"custom_id","method":"POST","url","body":{"model",…}}`, its `url` equal to the batch's endpoint
 * (else `url_not_found`), one model for the file (`mismatched_model`), unique `custom_id`s
 * (`duplicate_custom_id`), at most 50,000 lines. Messages are the emulator's own (the service's wording
 * was not captured); `line` is 1-based.
 */
export function validateBatchLines(text: string, endpoint: string): { lines: BatchInputLine[]; errors: BatchError[] } {
  const lines: BatchInputLine[] = [];
  const errors: BatchError[] = [];
  const seen = new Set<string>();
  let model: string | undefined;
  const raw = text.split('\n').map((line) => line.replace(/\r$/, ''));
  const report = (line: number, code: string, message: string, param: string | null = null) => {
    if (errors.length < MAX_ERRORS) errors.push({ code, message, param, line });
  };
  raw.forEach((source, index) => {
    if (source.trim() === '') return;
    const line = index + 1;
    let json: unknown;
    try {
      json = JSON.parse(source);
    } catch {
      report(line, 'invalid_json_line', 'This line is not parseable as valid JSON.');
      return;
    }
    const parsed = BatchInputLineSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      report(line, 'invalid_request', `Invalid request line: ${issue?.path.join('.') || 'line'}: ${issue?.message ?? 'invalid'}`, issue?.path.join('.') || null);
      return;
    }
    const request = parsed.data;
    if (request.url !== endpoint) report(line, 'url_not_found', `The URL "${request.url}" of this line does not match the batch endpoint "${endpoint}".`, 'url');
    else if (seen.has(request.custom_id)) report(line, 'duplicate_custom_id', `The custom_id "${request.custom_id}" is used more than once in this file.`, 'custom_id');
    else if (model !== undefined && request.body.model !== model) report(line, 'mismatched_model', `The model "${request.body.model}" differs from "${model}": one model per batch file.`, 'body.model');
    seen.add(request.custom_id);
    model ??= request.body.model;
    lines.push(request);
  });
  if (lines.length === 0 && errors.length === 0) errors.push({ code: 'empty_file', message: 'The input file has no requests.', param: null, line: null });
  if (lines.length > MAX_LINES) errors.push({ code: 'too_many_lines', message: `A batch file holds at most ${MAX_LINES} lines.`, param: null, line: MAX_LINES + 1 });
  return { lines, errors };
}
