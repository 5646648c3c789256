import { toAsciiDigits } from './identity';

/**
 * Text as people type it, made comparable and safe to store. Persian keyboards (and text pasted
 * from Arabic sources) give the same word with Arabic ي ى ك or Persian ی ک, and the same number
 * in three digit sets; identity (the application id from the agency's reference, a repeated
 * payment reference) and searches must not depend on which was used.
 */

const persianLetterOf: Record<string, string> = { '\u064A': '\u06CC', '\u0649': '\u06CC', '\u0643': '\u06A9' };

/** Arabic yeh (ي), alef maksura (ى) and kaf (ك) become Persian yeh (ی) and keheh (ک). */
export const foldPersianLetters = (text: string): string => text.replace(/[\u064A\u0649\u0643]/g, (letter) => persianLetterOf[letter]!);

const collapseSpaces = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** References and ids (agencyReference, paymentReference, contractNumber, bankId): one spelling each. */
export const normalizeIdentifier = (text: string): string => collapseSpaces(toAsciiDigits(foldPersianLetters(text.normalize('NFC'))));

/** People's names: the letters folded, one space between words. Digits stay as typed. */
export const normalizeName = (text: string): string => collapseSpaces(foldPersianLetters(text.normalize('NFC')));

/** Free text keeps its lines; `\r\n` and a lone `\r` become `\n`. Letters are folded where the text is searched (addresses). */
export const normalizeFreeText = (text: string, { foldLetters = false } = {}): string => {
  const lines = text.normalize('NFC').replace(/\r\n?/g, '\n').trim();
  return foldLetters ? foldPersianLetters(lines) : lines;
};

/** What a field holds decides which characters it may contain. */
export type TextKind = 'identifier' | 'name' | 'freeText';

// Explicit directional formatting: embeddings and overrides, isolates, LRM, RLM and the Arabic letter mark.
const bidiControl = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/u;
const controlCharacter = /\p{Cc}/u;
const controlOtherThanLineBreaks = /[^\P{Cc}\t\n\r]/u;
// Invisible format characters (zero-width space, word joiner, BOM, soft hyphen, ...). Names keep the
// zero-width non-joiner and joiner, which Persian spelling needs (the half-space of می‌خواهم).
const formatCharacter = /\p{Cf}/u;
const formatOtherThanJoiners = /[^\P{Cf}\u200C\u200D]/u;
const lineOrParagraphSeparator = /[\u2028\u2029]/u;

// Without the `u` flag the regex sees UTF-16 code units, so it finds a surrogate without its partner.
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** PostgreSQL refuses NUL in text, and a lone UTF-16 surrogate cannot be encoded as UTF-8. */
export const isStorableText = (text: string): boolean => !text.includes('\u0000') && !loneSurrogate.test(text);

/** Why `text` may not be stored in a field of this kind, or null when it may. Checked before normalizing. */
export function textFault(text: string, kind: TextKind): string | null {
  if (!isStorableText(text)) return 'contains a character that cannot be stored (NUL or a lone UTF-16 surrogate)';
  if (kind === 'freeText') {
    return controlOtherThanLineBreaks.test(text) ? 'must not contain control characters other than line breaks and tabs' : null;
  }
  if (controlCharacter.test(text) || lineOrParagraphSeparator.test(text)) return 'must not contain control characters or line breaks';
  if (bidiControl.test(text)) return 'must not contain bidirectional control characters (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C)';
  if ((kind === 'identifier' ? formatCharacter : formatOtherThanJoiners).test(text)) return 'must not contain invisible formatting characters';
  return null;
}
