/** A connection URL for messages: the password removed (`postgres://user:secret@host/db` → `postgres://user@host/db`); unparsable input → `<unparsable URL>`. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return '<unparsable URL>';
  }
}
