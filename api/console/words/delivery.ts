import type { DeliveryStatus } from '../../../domain/delivery-status';
import type { Language } from '../../pages/words';

/** The words of an escalation's delivery status, the admins' unconfirmed emails page and the interventions on them. */
export interface DeliveryWords {
  column: string;
  statuses: Record<DeliveryStatus, string>;
  /** The timeline's phrase for a reminder or escalation and its delivery. */
  inTimeline: (status: string) => string;
  menu: string;
  interventions: {
    title: string;
    caption: string;
    action: string;
    reason: string;
    by: string;
    at: string;
    actions: Record<string, string>;
    /** The timeline's line for an intervention. */
    timeline: (action: string) => string;
  };
  page: {
    title: string;
    intro: string;
    caption: string;
    empty: string;
    case: string;
    subject: string;
    recipients: string;
    created: string;
    attempts: string;
    act: string;
    reason: string;
    reasonHint: string;
    resend: string;
    markDelivered: string;
    resent: string;
    marked: string;
  };
  problems: {
    required: string;
    tooLong: (max: number) => string;
    notUnconfirmed: string;
    noMailer: string;
    notDelivered: (detail: string) => string;
  };
}

export const deliveryWords: Record<Language, DeliveryWords> = {
  fa: {
    column: 'وضعیت ارسال',
    statuses: {
      queued: 'در صف ارسال',
      sent: 'فرستاده شد',
      unconfirmed: 'تأییدنشده',
      failed: 'نرسید',
      skipped: 'فرستاده نشد',
    },
    inTimeline: (status) => `ارسال نامه: ${status}`,
    menu: 'نامه‌های تأییدنشده',
    interventions: {
      title: 'اقدام‌های راهبر روی این نامه',
      caption: 'اقدام‌های راهبر',
      action: 'اقدام',
      reason: 'دلیل',
      by: 'به دست',
      at: 'زمان',
      actions: { resend: 'دوباره فرستاده شد', mark_delivered: 'رسیده ثبت شد' },
      timeline: (action) => `نامه پیگیری ${action}`,
    },
    page: {
      title: 'نامه‌های تأییدنشده',
      intro:
        'هنگام فرستادن این نامه‌ها کارگزار از کار افتاد: شاید رسیده باشند و خودکار دوباره فرستاده نمی‌شوند. هر یک را یا دوباره بفرستید (با همان شناسه نامه، برای گیرندگانی که آن را رد نکرده‌اند) یا اگر می‌دانید رسیده، رسیده ثبت کنید. دلیل هر اقدام نگه داشته می‌شود.',
      caption: 'نامه‌های تأییدنشده، تازه‌ترین نخست',
      empty: 'نامه تأییدنشده‌ای نیست.',
      case: 'پرونده',
      subject: 'موضوع',
      recipients: 'گیرندگان',
      created: 'ثبت',
      attempts: 'دفعه‌های ارسال',
      act: 'اقدام',
      reason: 'دلیل',
      reasonHint: 'تا ۵۰۰ نویسه؛ در سابقه نگه داشته می‌شود.',
      resend: 'دوباره بفرست',
      markDelivered: 'رسیده ثبت کن',
      resent: 'نامه دوباره فرستاده شد.',
      marked: 'نامه رسیده ثبت شد.',
    },
    problems: {
      required: 'دلیل را بنویسید.',
      tooLong: (max) => `حداکثر ${max.toLocaleString('fa-IR')} نویسه.`,
      notUnconfirmed: 'این نامه دیگر تأییدنشده نیست (شاید راهبر دیگری همین حالا به آن رسیدگی کرده است).',
      noMailer: 'این سرور فرستنده نامه ندارد و نمی‌تواند نامه را دوباره بفرستد.',
      notDelivered: (detail) => `کارساز نامه آن را برای همه گیرندگان نپذیرفت؛ نامه دوباره تأییدنشده است. پاسخ کارساز: ${detail}`,
    },
  },
  en: {
    column: 'Delivery',
    statuses: {
      queued: 'Queued',
      sent: 'Sent',
      unconfirmed: 'Unconfirmed',
      failed: 'Not delivered',
      skipped: 'Not sent',
    },
    inTimeline: (status) => `Email: ${status}`,
    menu: 'Unconfirmed emails',
    interventions: {
      title: 'Admins’ actions on this email',
      caption: 'Admins’ actions',
      action: 'Action',
      reason: 'Reason',
      by: 'By',
      at: 'When',
      actions: { resend: 'Resent', mark_delivered: 'Marked delivered' },
      timeline: (action) => `Escalation email ${action.toLowerCase()}`,
    },
    page: {
      title: 'Unconfirmed emails',
      intro:
        'A worker stopped while sending these emails: they may have been delivered and are never sent again automatically. Either resend one (same Message-ID, to the recipients who have not refused it) or, if you know it arrived, mark it delivered. The reason for each action is kept.',
      caption: 'Unconfirmed emails, newest first',
      empty: 'There are no unconfirmed emails.',
      case: 'Case',
      subject: 'Subject',
      recipients: 'Recipients',
      created: 'Recorded',
      attempts: 'Send attempts',
      act: 'Action',
      reason: 'Reason',
      reasonHint: 'Up to 500 characters; kept in the record.',
      resend: 'Resend',
      markDelivered: 'Mark delivered',
      resent: 'The email was sent again.',
      marked: 'The email was marked delivered.',
    },
    problems: {
      required: 'Give a reason.',
      tooLong: (max) => `At most ${max} characters.`,
      notUnconfirmed: 'This email is no longer unconfirmed (another admin may have just settled it).',
      noMailer: 'This server has no mailer, so it cannot resend the email.',
      notDelivered: (detail) => `The mail server did not take it for every recipient; the email is unconfirmed again. The server said: ${detail}`,
    },
  },
};
