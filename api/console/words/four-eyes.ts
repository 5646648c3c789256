import type { Language } from '../../pages/words';

/** The case page's pending tranche or approval (four eyes): shown, confirmed by a second person, or cancelled. */
export interface FourEyesWords {
  heading: { tranche: string; approval: string };
  /** Amounts and references arrive already formatted. */
  tranche: (amount: string, reference: string) => string;
  approval: (amount: string) => string;
  terms: string;
  recordedBy: (name: string) => string;
  /** To the person who recorded it. */
  yoursToWait: string;
  /** To another user of the bank. */
  confirmHint: string;
  confirm: { tranche: string; approval: string };
  cancel: { tranche: string; approval: string };
  reason: string;
  reasonHint: string;
  /** Notices after a form. */
  recorded: { tranche: string; approval: string };
  cancelled: { tranche: string; approval: string };
}

export const fourEyesWords: Record<Language, FourEyesWords> = {
  fa: {
    heading: { tranche: 'قسط در انتظار تأیید نفر دوم', approval: 'تصویب در انتظار تأیید نفر دوم' },
    tranche: (amount, reference) => `قسط ${amount} ریال با شماره پرداخت ${reference}`,
    approval: (amount) => `تصویب ${amount} ریال`,
    terms: 'شرایط',
    recordedBy: (name) => `ثبت‌شده توسط ${name}`,
    yoursToWait: 'شما این مورد را ثبت کرده‌اید؛ کاربر دیگری از همین بانک باید آن را تأیید کند. تا آن زمان پرداخت‌شده (یا تصویب‌شده) به شمار نمی‌آید.',
    confirmHint: 'با تأیید شما، همان داده‌ها ثبت و اجرا می‌شود. اگر درست نیست، آن را با ذکر دلیل لغو کنید.',
    confirm: { tranche: 'تأیید پرداخت قسط', approval: 'تأیید تصویب' },
    cancel: { tranche: 'لغو قسط در انتظار', approval: 'لغو تصویب در انتظار' },
    reason: 'دلیل لغو',
    reasonHint: 'حداکثر ۵۰۰ نویسه؛ در پرونده ثبت می‌شود.',
    recorded: {
      tranche: 'قسط ثبت شد و در انتظار تأیید کاربر دوم بانک است؛ هنوز پرداخت‌شده نیست.',
      approval: 'تصویب ثبت شد و در انتظار تأیید کاربر دوم بانک است.',
    },
    cancelled: { tranche: 'قسط در انتظار لغو شد.', approval: 'تصویب در انتظار لغو شد.' },
  },
  en: {
    heading: { tranche: 'Tranche awaiting a second person’s confirmation', approval: 'Approval awaiting a second person’s confirmation' },
    tranche: (amount, reference) => `A tranche of ${amount} rials, payment reference ${reference}`,
    approval: (amount) => `An approval of ${amount} rials`,
    terms: 'Terms',
    recordedBy: (name) => `recorded by ${name}`,
    yoursToWait: 'You recorded this: a second person of your bank must confirm it. Until then it is not paid (or approved).',
    confirmHint: 'Confirming takes the step with exactly this data. If it is wrong, cancel it with a reason instead.',
    confirm: { tranche: 'Confirm the tranche', approval: 'Confirm the approval' },
    cancel: { tranche: 'Cancel the pending tranche', approval: 'Cancel the pending approval' },
    reason: 'Reason for cancelling',
    reasonHint: 'At most 500 characters; kept on the case.',
    recorded: {
      tranche: 'The tranche was recorded and awaits a second user of the bank: it is not paid yet.',
      approval: 'The approval was recorded and awaits a second user of the bank.',
    },
    cancelled: { tranche: 'The pending tranche was cancelled.', approval: 'The pending approval was cancelled.' },
  },
};

/** The workflow's four-eyes refusals in Persian (domain/four-eyes.ts), for the fa case words' messages. */
export const fourEyesMessagesFa: [RegExp, string][] = [
  [/^the (tranche|approval) was recorded by .+: a second person of the bank must confirm it$/, 'این مورد را خود شما ثبت کرده‌اید؛ کاربر دیگری از همین بانک باید آن را تأیید کند.'],
  [/^the pending (tranche|approval) has another /, 'داده‌ها با مورد در انتظار تأیید یکی نیست؛ همان داده‌ها را تأیید کنید یا آن را لغو کنید.'],
  [/^no (tranche|approval) is pending confirmation$/, 'موردی در انتظار تأیید نیست.'],
  [/^a pending (tranche|approval) is cancelled by a user of the bank/, 'تنها کاربران بانکِ دارنده پرونده می‌توانند این مورد را لغو کنند.'],
];
