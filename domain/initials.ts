/**
 * An applicant as emails name them: the first letter of each part of the name ("Maryam Rahimi" →
 * "M. R.", "مریم رحیمی" → "م. ر."). Mail leaves the system for inboxes nobody here controls, so it
 * carries the application's reference and these initials, never the name, national id or phone.
 */
export function initialsOf(fullName: string): string {
  return fullName
    .split(/\s+/u)
    .map((part) => part.match(/\p{L}/u)?.[0])
    .filter((letter): letter is string => letter !== undefined)
    .map((letter) => `${letter.toLocaleUpperCase('en')}.`)
    .join(' ');
}
