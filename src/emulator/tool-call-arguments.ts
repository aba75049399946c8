interface PropertySchema {
  type?: string | string[];
  enum?: unknown[];
}

function valueFor(schema: PropertySchema, question: string): unknown {
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    const mentioned = schema.enum.find((option) => typeof option === 'string' && question.toLowerCase().includes(option.toLowerCase()));
    return mentioned ?? schema.enum[0];
  }
  const type = Array.isArray(schema.type) ? schema.type.find((entry) => entry !== 'null') : schema.type;
  const number = /-?\d+(?:\.\d+)?/.exec(question)?.[0];
  switch (type) {
    case 'integer':
      return number === undefined ? 0 : Math.trunc(Number(number));
    case 'number':
      return number === undefined ? 0 : Number(number);
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object':
      return {};
    default:
      return question;
  }
}

/**
 * Fills a function tool's JSON-Schema `parameters` from the user's question, deterministically: the
 * required properties (all properties when none are required) get a string property the question text
 * (minus trailing punctuation), a number the first number in it (else 0), an enum the first option the
 * question mentions (else the first option), booleans false, arrays `[]`, objects `{}`.
 *
 * @returns the `arguments` JSON string of the tool call.
 */
export function toolCallArguments(parameters: Record<string, unknown> | undefined, question: string): string {
  const properties = (parameters?.['properties'] ?? {}) as Record<string, PropertySchema>;
  const required = Array.isArray(parameters?.['required']) ? (parameters['required'] as string[]) : Object.keys(properties);
  const cleaned = question.trim().replace(/[?？!！.。]+$/u, '');
  const values: Record<string, unknown> = {};
  for (const name of required) values[name] = valueFor(properties[name] ?? {}, cleaned);
  return JSON.stringify(values);
}
