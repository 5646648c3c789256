import type { Language } from '../../pages/words';

/** The case page's notice of the applicant's other applications, found at submission. */
export interface DuplicateWords {
  heading: string;
  intro: string;
  /** Counts arrive already formatted (Persian digits in fa). */
  open: (count: string) => string;
  paid: (count: string) => string;
  /** Earlier cases this person may open: their links follow. */
  yours: string;
  /** Earlier cases held where this person may not look: counted, never named. */
  elsewhere: (count: string) => string;
  kinds: { open: string; paid: string };
  hint: string;
}

export const duplicateWords: Record<Language, DuplicateWords> = {
  fa: {
    heading: 'این متقاضی درخواست یا تسهیلات دیگری دارد',
    intro: 'هنگام ثبت این درخواست، با همین کد ملی این موارد در شهرستان یافت شد:',
    open: (count) => `${count} درخواست باز دیگر`,
    paid: (count) => `${count} تسهیلات پرداخت‌شده در سال‌های اخیر`,
    yours: 'پرونده‌هایی که می‌توانید ببینید:',
    elsewhere: (count) => `${count} پرونده نزد سازمان‌های دیگر است و برای شما نمایش داده نمی‌شود.`,
    kinds: { open: 'باز', paid: 'پرداخت‌شده' },
    hint: 'بانک می‌تواند این درخواست را با دلیل «تسهیلات تکراری» رد کند.',
  },
  en: {
    heading: 'This applicant has another application or facility',
    intro: 'When this application was submitted, the county held these for the same national id:',
    open: (count) => `${count} other open application(s)`,
    paid: (count) => `${count} facility(ies) paid in recent years`,
    yours: 'Cases you may open:',
    elsewhere: (count) => `${count} case(s) are held by other organizations and are not shown to you.`,
    kinds: { open: 'open', paid: 'paid' },
    hint: 'The bank may reject this application as a duplicate facility.',
  },
};
