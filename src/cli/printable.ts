/**
 * Text from cycle files and scanner reports is untrusted: an ESC sequence in a key or a
 * package name could clear the screen or recolour it, and a newline could print a line
 * that looks like a diagnostic. Every text output of the CLI passes such text through here.
 */

/**
 * C0 controls, DEL, C1 controls, the Unicode line and paragraph separators, and the
 * bidirectional embedding, override and isolate marks, which reorder what a terminal shows.
 */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const SHORT_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Replace each unprintable character with an escape: `\n`, `\r`, `\t`, else `\uXXXX`. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (character) => SHORT_ESCAPES[character] ?? `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Apply `printable` to every string in a plain JSON-like value, returning a copy. */
export function printableValue<T>(value: T): T {
  if (typeof value === 'string') {
    return printable(value) as T;
  }
  if (Array.isArray(value)) {
    return value.map((item: unknown) => printableValue(item)) as T;
  }
  if (typeof value === 'object' && value !== null) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      copy[key] = printableValue(item);
    }
    return copy as T;
  }
  return value;
}
