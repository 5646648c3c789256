import { ErrorCode } from '../../../domain/errors';
import type { Language } from '../../pages/words';

/** The words of the case page's section of refused attempts (officials and admins only). */
export interface RefusalWords {
  title: string;
  intro: string;
  caption: string;
  when: string;
  who: string;
  step: string;
  rule: string;
  message: string;
  /** The field at fault, beside the rule. */
  field: (name: string) => string;
  requestId: string;
  empty: string;
  /** Each rule (error code) in words; an unknown one is shown as its code. */
  rules: Record<ErrorCode, string>;
}

export const refusalWords: Record<Language, RefusalWords> = {
  fa: {
    title: 'تلاش‌های ردشده',
    intro: 'اقدام‌هایی که گردش کار این پرونده نپذیرفت و چیزی را تغییر ندادند، تازه‌ترین در بالا.',
    caption: 'تلاش‌های ردشده',
    when: 'زمان',
    who: 'چه کسی',
    step: 'اقدام',
    rule: 'قاعده',
    message: 'پیام',
    field: (name) => `بخش: ${name}`,
    requestId: 'شناسه درخواست',
    empty: 'هیچ تلاش ردشده‌ای ثبت نشده است.',
    rules: {
      [ErrorCode.StepOutOfOrder]: 'خارج از ترتیب',
      [ErrorCode.WrongParty]: 'طرف نادرست',
      [ErrorCode.InvalidStepData]: 'داده نادرست',
      [ErrorCode.AlreadySubmitted]: 'پیش‌تر ثبت شده',
      [ErrorCode.NotSubmitted]: 'هنوز ثبت نشده',
      [ErrorCode.Unstorable]: 'ردشده در پایگاه داده',
      [ErrorCode.ExceedsLendingLimit]: 'فراتر از سهمیه تسهیلات بانک',
    },
  },
  en: {
    title: 'Refused attempts',
    intro: 'Steps the workflow of this case refused, which changed nothing, newest first.',
    caption: 'Refused attempts',
    when: 'When',
    who: 'Who',
    step: 'Step',
    rule: 'Rule',
    message: 'Message',
    field: (name) => `field: ${name}`,
    requestId: 'Request id',
    empty: 'No refused attempt has been recorded.',
    rules: {
      [ErrorCode.StepOutOfOrder]: 'Out of order',
      [ErrorCode.WrongParty]: 'Wrong party',
      [ErrorCode.InvalidStepData]: 'Invalid data',
      [ErrorCode.AlreadySubmitted]: 'Already submitted',
      [ErrorCode.NotSubmitted]: 'Not submitted',
      [ErrorCode.Unstorable]: 'Refused by the database',
      [ErrorCode.ExceedsLendingLimit]: 'Past the bank’s lending allocation',
    },
  },
};
