/**
 * Making untrusted strings (applicant names, agency references, organization names) safe to
 * put in a mail: one line, no control or bidi-override characters, bounded length; and
 * HTML-escaped wherever they land in markup.
 */

// C0/C1 controls (CR and LF among them), DEL, line/paragraph separators, and the bidi embedding,
// override and isolate marks that could make a name display as something else.
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** One line of plain text: unsafe characters become spaces, runs of spaces collapse. */
export function cleanLine(value: string, maxLength = 200): string {
  const line = value.replace(UNSAFE_CHARACTERS, ' ').replace(/\s+/g, ' ').trim();
  return line.length > maxLength ? `${line.slice(0, maxLength - 1)}…` : line;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}

/** True when the value can go into a mail header as it is. */
export const isHeaderSafe = (value: string): boolean => !/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(value);
