import type { WaitKind } from '../../../domain/deadlines';
import type { NotificationLevel } from '../../../domain/escalation';
import type { Language } from '../../pages/words';

/** The words of the inbox and the lists: cases, stalled cases, escalations and an escalation's email. */
export interface InboxWords {
  waits: Record<WaitKind, string>;
  levels: Record<NotificationLevel | 'none', string>;
  columns: {
    reference: string;
    applicant: string;
    stage: string;
    expected: string;
    waited: string;
    escalation: string;
    deadline: string;
    agency: string;
    bank: string;
    district: string;
    submitted: string;
    holder: string;
    overdue: string;
    step: string;
    waitingSince: string;
    recordedAt: string;
    email: string;
  };
  overdue: string;
  none: string;
  filters: {
    legend: string;
    stage: string;
    district: string;
    category: string;
    bank: string;
    q: string;
    qHint: string;
    all: string;
    apply: string;
    clear: string;
    invalid: (what: string) => string;
    tooLong: string;
    page: string;
  };
  paging: { label: string; previous: string; next: string; page: (page: string, pages: string) => string };
  count: (shown: string, total: string) => string;
  inbox: { title: string; intro: string; caption: string; empty: string };
  cases: { title: string; intro: string; caption: string; empty: string };
  stalled: { title: string; intro: string; caption: string; empty: string; unavailable: string; daysOverdue: (days: string) => string };
  escalations: { title: string; intro: string; caption: string; empty: string; open: string; noEmail: string };
  email: {
    title: (reference: string) => string;
    escalation: string;
    subject: string;
    status: string;
    sentAt: string;
    notSent: string;
    recipients: string;
    address: string;
    recipientStatus: string;
    lastResponse: string;
    body: string;
    statuses: Record<string, string>;
    back: string;
  };
}

const fa: InboxWords = {
  waits: {
    categorization: 'دسته‌بندی و ارجاع به بانک',
    returned_for_documents: 'تکمیل مدارک',
    'bank_review.acknowledge': 'اعلام وصول',
    'bank_review.documents': 'بررسی مدارک و وثایق',
    'bank_review.credit_assessment': 'اعتبارسنجی',
    'bank_review.decision': 'تصمیم بانک',
    information_requested: 'پاسخ به درخواست اطلاعات',
    disbursement: 'انعقاد قرارداد و پرداخت',
    employment_follow_up: 'تأیید اشتغال',
  },
  levels: { none: 'ندارد', reminder: 'یادآوری', governors_office: 'فرمانداری', province: 'استانداری', abandoned: 'رهاشده' },
  columns: {
    reference: 'شماره پرونده دستگاه',
    applicant: 'متقاضی',
    stage: 'مرحله',
    expected: 'اقدام مورد انتظار',
    waited: 'روزهای کاری انتظار',
    escalation: 'سطح پیگیری',
    deadline: 'مهلت',
    agency: 'دستگاه',
    bank: 'بانک',
    district: 'بخش',
    submitted: 'تاریخ ثبت',
    holder: 'در دست',
    overdue: 'روزهای کاری تأخیر',
    step: 'اقدام معطل',
    waitingSince: 'در انتظار از',
    recordedAt: 'تاریخ ثبت پیگیری',
    email: 'نامه',
  },
  overdue: 'گذشته از مهلت',
  none: '—',
  filters: {
    legend: 'پالایش و جست‌وجو',
    stage: 'مرحله',
    district: 'بخش',
    category: 'نوع طرح',
    bank: 'بانک',
    q: 'جست‌وجو',
    qHint: 'شماره پرونده دستگاه، یک یا چند واژهٔ کامل از نام متقاضی، یا کد ملی کامل.',
    all: 'همه',
    apply: 'نمایش',
    clear: 'پاک کردن پالایه‌ها',
    invalid: (what) => `مقدار «${what}» پذیرفته نیست.`,
    tooLong: 'عبارت جست‌وجو بیش از ۱۰۰ نویسه است.',
    page: 'صفحه',
  },
  paging: { label: 'صفحه‌ها', previous: 'صفحه قبل', next: 'صفحه بعد', page: (page, pages) => `صفحه ${page} از ${pages}` },
  count: (shown, total) => `${shown} از ${total} پرونده`,
  inbox: {
    title: 'کارتابل',
    intro: 'پرونده‌هایی که منتظر اقدام سازمان شما هستند؛ گذشته از مهلت‌ها نخست، سپس نزدیک‌ترین مهلت.',
    caption: 'پرونده‌های منتظر اقدام شما',
    empty: 'پرونده‌ای منتظر اقدام شما نیست.',
  },
  cases: { title: 'پرونده‌ها', intro: 'همه پرونده‌هایی که می‌توانید ببینید، تازه‌ترین نخست.', caption: 'پرونده‌ها', empty: 'پرونده‌ای با این پالایه‌ها نیست.' },
  stalled: {
    title: 'پرونده‌های معطل',
    intro: 'پرونده‌هایی که مهلت اقدامشان گذشته است، بیشترین تأخیر نخست.',
    caption: 'پرونده‌های گذشته از مهلت',
    empty: 'هیچ پرونده‌ای از مهلت نگذشته است.',
    unavailable: 'فهرست پرونده‌های معطل اکنون از موتور گردش کار در دسترس نیست. چند دقیقه دیگر دوباره بکوشید.',
    daysOverdue: (days) => `${days} روز کاری`,
  },
  escalations: {
    title: 'یادآوری‌ها و ارجاع‌ها',
    intro: 'هر یادآوری و ارجاع پرونده‌های معطل، تازه‌ترین نخست، با نامه‌ای که برای آن فرستاده شد.',
    caption: 'یادآوری‌ها و ارجاع‌ها',
    empty: 'هنوز یادآوری یا ارجاعی ثبت نشده است.',
    open: 'دیدن نامه',
    noEmail: 'برای این پیگیری نامه‌ای ثبت نشده است.',
  },
  email: {
    title: (reference) => `نامه پیگیری پرونده ${reference}`,
    escalation: 'پیگیری',
    subject: 'موضوع',
    status: 'وضعیت',
    sentAt: 'زمان ارسال',
    notSent: 'هنوز فرستاده نشده',
    recipients: 'گیرندگان',
    address: 'نشانی',
    recipientStatus: 'وضعیت تحویل',
    lastResponse: 'پاسخ کارساز',
    body: 'متن نامه',
    statuses: {
      pending: 'در صف',
      sending: 'در حال ارسال',
      sent: 'فرستاده شد',
      partly_rejected: 'بخشی پذیرفته نشد',
      rejected: 'پذیرفته نشد',
      partly_sent: 'بخشی فرستاده شد',
      failed: 'ناموفق',
      unconfirmed: 'نامعلوم',
      skipped_no_recipients: 'بی‌گیرنده',
      skipped_wait_ended: 'پیش از ارسال، پرونده پیش رفت',
      accepted: 'تحویل شد',
      rejected_temporarily: 'موقتاً پذیرفته نشد',
      rejected_permanently: 'پذیرفته نشد',
    },
    back: 'بازگشت به فهرست پیگیری‌ها',
  },
};

const en: InboxWords = {
  waits: {
    categorization: 'Categorize and refer to a bank',
    returned_for_documents: 'Complete the documents',
    'bank_review.acknowledge': 'Acknowledge receipt',
    'bank_review.documents': 'Check documents and guarantees',
    'bank_review.credit_assessment': 'Assess credit',
    'bank_review.decision': 'Decide',
    information_requested: 'Answer the bank’s questions',
    disbursement: 'Sign the contract and pay',
    employment_follow_up: 'Confirm the jobs',
  },
  levels: { none: 'None', reminder: 'Reminder', governors_office: 'Governor’s office', province: 'Province', abandoned: 'Abandoned' },
  columns: {
    reference: 'Agency reference',
    applicant: 'Applicant',
    stage: 'Stage',
    expected: 'Step expected',
    waited: 'Working days waited',
    escalation: 'Escalation',
    deadline: 'Deadline',
    agency: 'Agency',
    bank: 'Bank',
    district: 'District',
    submitted: 'Submitted',
    holder: 'Held by',
    overdue: 'Working days overdue',
    step: 'Step awaited',
    waitingSince: 'Waiting since',
    recordedAt: 'Recorded',
    email: 'Email',
  },
  overdue: 'Overdue',
  none: '—',
  filters: {
    legend: 'Filter and search',
    stage: 'Stage',
    district: 'District',
    category: 'Category',
    bank: 'Bank',
    q: 'Search',
    qHint: 'The agency’s reference, one or more whole words of the applicant’s name, or a whole national id.',
    all: 'All',
    apply: 'Show',
    clear: 'Clear the filters',
    invalid: (what) => `“${what}” is not a value this filter accepts.`,
    tooLong: 'The search is longer than 100 characters.',
    page: 'Page',
  },
  paging: { label: 'Pages', previous: 'Previous page', next: 'Next page', page: (page, pages) => `Page ${page} of ${pages}` },
  count: (shown, total) => `${shown} of ${total} cases`,
  inbox: {
    title: 'Inbox',
    intro: 'The cases waiting for your organization: overdue first, then the deadline soonest.',
    caption: 'Cases waiting for you',
    empty: 'No case is waiting for you.',
  },
  cases: { title: 'Cases', intro: 'Every case you may see, newest first.', caption: 'Cases', empty: 'No case matches these filters.' },
  stalled: {
    title: 'Stalled cases',
    intro: 'Cases past the deadline of the step they wait for, the longest overdue first.',
    caption: 'Cases past their deadline',
    empty: 'No case is past its deadline.',
    unavailable: 'The list of stalled cases cannot be read from the workflow engine just now. Please try again in a few minutes.',
    daysOverdue: (days) => `${days} working day${days === '1' ? '' : 's'}`,
  },
  escalations: {
    title: 'Reminders and escalations',
    intro: 'Every reminder and escalation of a stalled case, newest first, with the email sent for it.',
    caption: 'Reminders and escalations',
    empty: 'No reminder or escalation has been recorded yet.',
    open: 'See the email',
    noEmail: 'No email was recorded for this escalation.',
  },
  email: {
    title: (reference) => `Escalation email for case ${reference}`,
    escalation: 'Escalation',
    subject: 'Subject',
    status: 'Status',
    sentAt: 'Sent',
    notSent: 'Not sent yet',
    recipients: 'Recipients',
    address: 'Address',
    recipientStatus: 'Delivery',
    lastResponse: 'Server’s answer',
    body: 'Text of the email',
    statuses: {
      pending: 'Queued',
      sending: 'Sending',
      sent: 'Sent',
      partly_rejected: 'Partly refused',
      rejected: 'Refused',
      partly_sent: 'Partly sent',
      failed: 'Failed',
      unconfirmed: 'Unconfirmed',
      skipped_no_recipients: 'No recipients',
      skipped_wait_ended: 'The case moved on before it was sent',
      accepted: 'Delivered',
      rejected_temporarily: 'Refused for now',
      rejected_permanently: 'Refused',
    },
    back: 'Back to the escalations',
  },
};

export const inboxWords: Record<Language, InboxWords> = { fa, en };
