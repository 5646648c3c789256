import type { CaseNoteKind } from '../../../domain/application-state';
import type { ReassignmentReason } from '../../../domain/reassignment';
import { reassignmentReasonWords } from '../../../mail/case-notice-email';

/** The words of case work on the case page: notes, comments, extensions, reassignment. */
export interface CaseWorkWords {
  /** Timeline labels of the reassignment step and of each kind of note. */
  kinds: Record<'reassign' | CaseNoteKind, string>;
  /** Labels of the data shown on those timeline rows. */
  fields: Record<'fromBankId' | 'toBankId' | 'note' | 'holderOrganizationId' | 'days' | 'totalDays' | 'deadlineAfter' | 'mentions', string>;
  reasons: Record<ReassignmentReason, string>;
  section: string;
  forms: {
    comment: { title: string; text: string; hint: string; submit: string; done: string };
    extension: { title: string; days: string; daysHint: string; reason: string; submit: string; done: string };
    reassignment: { title: string; toBankId: string; reason: string; note: string; noteHint: string; submit: string; done: string };
  };
  chooseBank: string;
  chooseReason: string;
  /** Beside a deadline that an official extended. */
  extended: (days: string) => string;
}

const fa: CaseWorkWords = {
  kinds: {
    reassign: 'واگذاری به بانک دیگر',
    comment: 'یادداشت',
    extendDeadline: 'تمدید مهلت',
    attach: 'پیوست',
    recordTranche: 'ثبت قسط (در انتظار تأیید نفر دوم)',
    cancelTranche: 'لغو قسط ثبت‌شده',
    recordApproval: 'ثبت تصویب (در انتظار تأیید نفر دوم)',
    cancelApproval: 'لغو تصویب ثبت‌شده',
  },
  fields: {
    fromBankId: 'از بانک',
    toBankId: 'به بانک',
    note: 'توضیح',
    holderOrganizationId: 'برای',
    days: 'روز کاری افزوده',
    totalDays: 'روز کاری افزوده در این مرحله، روی هم',
    deadlineAfter: 'مهلت تازه',
    mentions: 'سازمان‌های نام‌برده',
  },
  reasons: reassignmentReasonWords.fa,
  section: 'یادداشت و پیگیری',
  forms: {
    comment: {
      title: 'افزودن یادداشت',
      text: 'یادداشت',
      hint: 'همه طرف‌های این پرونده آن را می‌بینند. برای خبر دادن به یک سازمان، شناسه‌اش را با @ بنویسید، مانند @bank-melli.',
      submit: 'ثبت یادداشت',
      done: 'یادداشت ثبت شد.',
    },
    extension: {
      title: 'تمدید مهلت مرحله کنونی',
      days: 'چند روز کاری',
      daysHint: 'روزهای افزوده به هر مرحله، روی هم، سقفی دارد که مدیر سامانه تعیین کرده است.',
      reason: 'دلیل تمدید',
      submit: 'تمدید مهلت',
      done: 'مهلت تمدید شد.',
    },
    reassignment: {
      title: 'واگذاری پرونده به بانک دیگر',
      toBankId: 'بانک تازه',
      reason: 'دلیل واگذاری',
      note: 'توضیح',
      noteHint: 'اگر دلیل «دیگر» است، توضیح لازم است.',
      submit: 'واگذاری پرونده',
      done: 'پرونده به بانک تازه سپرده شد.',
    },
  },
  chooseBank: 'یک بانک را برگزینید',
  chooseReason: 'یک دلیل را برگزینید',
  extended: (days) => `(${days} روز کاری تمدید شده)`,
};

const en: CaseWorkWords = {
  kinds: {
    reassign: 'Reassigned to another bank',
    comment: 'Comment',
    extendDeadline: 'Deadline extended',
    attach: 'Attachment',
    recordTranche: 'Tranche recorded (awaiting a second confirmation)',
    cancelTranche: 'Recorded tranche cancelled',
    recordApproval: 'Approval recorded (awaiting a second confirmation)',
    cancelApproval: 'Recorded approval cancelled',
  },
  fields: {
    fromBankId: 'From bank',
    toBankId: 'To bank',
    note: 'Note',
    holderOrganizationId: 'For',
    days: 'Working days added',
    totalDays: 'Working days added to this wait in all',
    deadlineAfter: 'New deadline',
    mentions: 'Organizations mentioned',
  },
  reasons: reassignmentReasonWords.en,
  section: 'Comments and follow-up',
  forms: {
    comment: {
      title: 'Add a comment',
      text: 'Comment',
      hint: 'Every party to this case sees it. To tell an organization, write its id after @, e.g. @bank-melli.',
      submit: 'Add comment',
      done: 'The comment was added.',
    },
    extension: {
      title: 'Extend the current deadline',
      days: 'Working days',
      daysHint: 'The working days added to one wait are capped in all, as the administrators configured.',
      reason: 'Reason',
      submit: 'Extend the deadline',
      done: 'The deadline was extended.',
    },
    reassignment: {
      title: 'Reassign the case to another bank',
      toBankId: 'New bank',
      reason: 'Reason',
      note: 'Note',
      noteHint: 'Required when the reason is “Other”.',
      submit: 'Reassign the case',
      done: 'The case was given to the new bank.',
    },
  },
  chooseBank: 'Choose a bank',
  chooseReason: 'Choose a reason',
  extended: (days) => `(extended by ${days} working days)`,
};

export const caseWorkWords = { fa, en };
