import { en } from './en';
import { fa } from './fa';
import type { Language, PageWords } from './page-words';

export type { Language, PageWords };

export const wordsFor = (language: Language): PageWords => (language === 'en' ? en : fa);

/**
 * A figure's label from its JSON path: the whole path (`approved.amount`), else a review step,
 * rejection reason or its last key (`inReviewNow.documents`, `lending.allocation`), else the
 * path itself so that a figure added later still shows, if in English.
 */
export function figureLabel(words: PageWords, path: string): string {
  const last = path.split('.').pop() ?? path;
  const parts = path.split('.');
  const parent = parts.length > 1 ? parts[parts.length - 2] : undefined;
  const figure = words.figures[path];
  if (figure) return figure;
  if (parent && parts.length > 2 && words.figures[last]) return `${wordOf(words, parent)}: ${words.figures[last]}`;
  return wordOf(words, last);
}

/** The word for a value of the fixed lists (step, stage, reason, category, district, kind), or the value. */
export function wordOf(words: PageWords, value: string): string {
  const lists: Record<string, string>[] = [words.figures, words.steps, words.reasons, words.categories, words.districts, words.stages, words.kinds];
  for (const list of lists) if (Object.hasOwn(list, value)) return list[value]!;
  return value;
}
