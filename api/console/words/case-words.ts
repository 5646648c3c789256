import type { StepName } from '../../../domain/commands';
import type { IneligibilityReason, Priority } from '../../../domain/vocabulary';
import { toPersianDigits } from '../../../domain/calendar';
import type { Language } from '../../pages/words';
import { fourEyesMessagesFa } from './four-eyes';

/** The words of the case page, its step forms and the new-application form. */
export interface CaseWords {
  title: (reference: string) => string;
  caseWord: string;
  done: (step: string) => string;
  existing: string;
  sections: { application: string; applicant: string; actions: string; timeline: string; payments: string };
  /** Officials' and admins' way to the workflow's own history. */
  history: string;
  fields: Record<
    | 'agencyReference' | 'stage' | 'reviewStep' | 'category' | 'priority' | 'district' | 'requestedAmount' | 'approvedAmount' | 'approvedTerms'
    | 'disbursedAmount' | 'purpose' | 'jobsCommitted' | 'jobsConfirmed' | 'agency' | 'bank' | 'submittedAt' | 'rejectionReason'
    | 'nationalId' | 'fullName' | 'phone' | 'address' | 'applicantDistrict',
    string
  >;
  /** Every step by name, as the timeline and the forms' headings say it. */
  steps: Record<StepName | 'submit' | 'openFollowUp', string>;
  priorities: Record<Priority, string>;
  ineligibilityReasons: Record<IneligibilityReason, string>;
  /** The labels of the steps' fields, by the field's name in the step's body. */
  stepFields: Record<
    | 'category' | 'priority' | 'bankId' | 'district' | 'missingDocuments' | 'reason' | 'guaranteesAccepted' | 'creditScore' | 'amount' | 'terms'
    | 'questions' | 'answer' | 'contractNumber' | 'paymentReference' | 'jobsConfirmed' | 'comment' | 'attachments',
    string
  >;
  hints: { district: string; lines: string; amount: string; remaining: (rials: string) => string; comment: string; creditScore: string; withdrawReason: string };
  choose: string;
  take: (step: string) => string;
  noActions: string;
  closedCase: string;
  otherSteps: string;
  timeline: { caption: string; when: string; what: string; who: string; details: string; system: string; empty: string; reminder: (level: string) => string; waitingFor: string; deadline: string };
  payments: { caption: string; tranche: string; amount: string; reference: string; paidAt: string; empty: string };
  refused: Record<string, string>;
  refusedOther: string;
  newApplication: { title: string; intro: string; applicant: string; application: string; submit: string; referenceHint: string; nationalIdHint: string; phoneHint: string; jobsHint: string };
  /** The validators' and rules' messages in this language, where known; others are shown as the API says them. */
  messages: [pattern: RegExp, text: string | ((...match: string[]) => string)][];
}

const faRials = (digits: string): string => new Intl.NumberFormat('fa-IR').format(BigInt(digits));
const faDigits = (digits: string): string => toPersianDigits(digits);

const fa: CaseWords = {
  title: (reference) => `پرونده ${reference}`,
  caseWord: 'پرونده',
  done: (step) => `«${step}» ثبت شد.`,
  existing: 'درخواستی با همین شماره پرونده پیش‌تر ثبت شده است؛ این همان پرونده است.',
  sections: { application: 'درخواست', applicant: 'متقاضی', actions: 'اقدام‌های اکنون شما', timeline: 'گردش پرونده', payments: 'پرداخت‌ها' },
  history: 'تاریخچه گردش‌کار این پرونده',
  fields: {
    agencyReference: 'شماره پرونده در دستگاه',
    stage: 'مرحله',
    reviewStep: 'گام بررسی بانک',
    category: 'نوع طرح',
    priority: 'اولویت',
    district: 'بخش محل طرح',
    requestedAmount: 'مبلغ درخواستی',
    approvedAmount: 'مبلغ تصویب‌شده',
    approvedTerms: 'شرایط تصویب',
    disbursedAmount: 'مبلغ پرداخت‌شده',
    purpose: 'موضوع طرح',
    jobsCommitted: 'اشتغال تعهدشده (نفر)',
    jobsConfirmed: 'اشتغال تأییدشده (نفر)',
    agency: 'دستگاه اجرایی',
    bank: 'بانک عامل',
    submittedAt: 'تاریخ ثبت',
    rejectionReason: 'دلیل رد',
    nationalId: 'کد ملی',
    fullName: 'نام و نام خانوادگی',
    phone: 'تلفن همراه',
    address: 'نشانی',
    applicantDistrict: 'بخش محل سکونت',
  },
  steps: {
    submit: 'ثبت درخواست',
    categorize: 'دسته‌بندی و ارجاع به بانک',
    returnForDocuments: 'بازگرداندن برای تکمیل مدارک',
    resubmitDocuments: 'ارسال دوباره مدارک',
    declareIneligible: 'اعلام فاقد شرایط',
    acknowledgeReceipt: 'اعلام وصول',
    checkDocuments: 'بررسی مدارک و وثایق',
    assessCredit: 'اعتبارسنجی',
    approve: 'تصویب تسهیلات',
    reject: 'رد درخواست',
    requestInformation: 'درخواست اطلاعات',
    answerInformationRequest: 'پاسخ به درخواست اطلاعات',
    signContract: 'انعقاد قرارداد',
    disburseTranche: 'پرداخت قسط',
    openFollowUp: 'آغاز پیگیری اشتغال',
    confirmJobs: 'تأیید اشتغال ایجادشده',
    withdraw: 'انصراف از درخواست',
  },
  priorities: { normal: 'عادی', high: 'بالا', urgent: 'فوری' },
  ineligibilityReasons: {
    not_resident_of_county: 'ساکن شهرستان نیست',
    already_received_facility: 'پیش‌تر تسهیلات گرفته است',
    outside_program_scope: 'بیرون از دامنه طرح',
    applicant_request: 'به درخواست متقاضی',
    other: 'سایر',
  },
  stepFields: {
    category: 'نوع طرح',
    priority: 'اولویت',
    bankId: 'بانک عامل',
    district: 'بخش محل طرح',
    missingDocuments: 'مدارک ناقص',
    reason: 'دلیل',
    guaranteesAccepted: 'مدارک و وثایق پذیرفته است',
    creditScore: 'امتیاز اعتباری',
    amount: 'مبلغ (ریال)',
    terms: 'شرایط',
    questions: 'پرسش‌ها',
    answer: 'پاسخ',
    contractNumber: 'شماره قرارداد',
    paymentReference: 'شماره پیگیری پرداخت',
    jobsConfirmed: 'اشتغال ایجادشده (نفر)',
    comment: 'توضیح',
    attachments: 'پیوست‌های همراه',
  },
  hints: {
    district: 'اگر خالی بماند، بخشی که دستگاه ثبت کرده است می‌ماند.',
    lines: 'هر مورد در یک سطر.',
    amount: 'به ریال، بی‌جداکننده؛ رقم فارسی یا لاتین.',
    remaining: (rials) => `مانده قابل پرداخت: ${rials} ریال.`,
    comment: 'اختیاری؛ در گردش پرونده می‌ماند.',
    creditScore: 'اختیاری؛ عددی از ۰ تا ۱۰۰۰.',
    withdrawReason: 'چرا متقاضی یا دستگاه از درخواست صرف‌نظر می‌کند.',
  },
  choose: '— برگزینید —',
  take: (step) => `ثبت ${step}`,
  noActions: 'اکنون اقدامی از سوی شما در این پرونده لازم نیست.',
  closedCase: 'این پرونده بسته شده است و اقدام دیگری نمی‌پذیرد.',
  otherSteps: 'اقدام‌های دیگر',
  timeline: {
    caption: 'گردش پرونده، به ترتیب زمان',
    when: 'زمان',
    what: 'رویداد',
    who: 'انجام‌دهنده',
    details: 'جزئیات',
    system: 'سامانه',
    empty: 'هنوز رویدادی ثبت نشده است.',
    reminder: (level) => `نامه: ${level}`,
    waitingFor: 'در انتظار',
    deadline: 'مهلت',
  },
  payments: { caption: 'قسط‌های پرداخت‌شده', tranche: 'قسط', amount: 'مبلغ (ریال)', reference: 'شماره پیگیری', paidAt: 'تاریخ پرداخت', empty: 'هنوز پرداختی نشده است.' },
  refused: {
    validation: 'برخی بخش‌های فرم درست نیست.',
    'invalid-field': 'برخی بخش‌های فرم درست نیست.',
    'invalid-step-data': 'داده‌های این اقدام پذیرفته نشد.',
    'step-out-of-order': 'این اقدام اکنون در این پرونده ممکن نیست.',
    'wrong-party': 'این اقدام با سازمان شما نیست.',
    forbidden: 'این اقدام با سازمان شما نیست.',
    'exceeds-lending-limit': 'سهمیه تسهیلات بانک برای امسال جای این مبلغ را ندارد.',
    'not-confirmed-in-time': 'سامانه به‌موقع پاسخ نداد؛ شاید اقدام انجام شده باشد. صفحه را دوباره باز کنید.',
  },
  refusedOther: 'این اقدام پذیرفته نشد.',
  newApplication: {
    title: 'ثبت درخواست تازه',
    intro: 'مشخصات متقاضی و طرح را وارد کنید. رقم‌ها را می‌توانید فارسی یا لاتین بنویسید.',
    applicant: 'متقاضی',
    application: 'طرح و تسهیلات',
    submit: 'ثبت درخواست',
    referenceHint: 'شماره پرونده در دستگاه شما؛ هر شماره تنها یک درخواست.',
    nationalIdHint: '۱۰ رقم.',
    phoneHint: 'مانند ۰۹۱۱۱۲۳۴۵۶۷',
    jobsHint: 'شمار فرصت‌های شغلی که طرح ایجاد می‌کند.',
  },
  messages: [
    [/^must not be empty$/, 'این بخش را پر کنید.'],
    [/^Invalid input: expected (string|number|array|boolean), received undefined$/, 'این بخش را پر کنید.'],
    [/^Invalid option/, 'یکی از گزینه‌ها را برگزینید.'],
    [/^must be a positive whole number of rials/, 'باید عدد صحیح و مثبت به ریال باشد.'],
    [/^must be a whole number$/, 'باید عدد صحیح باشد.'],
    [/^is not a valid Iranian national id/, 'کد ملی معتبر نیست (۱۰ رقم با رقم کنترل درست).'],
    [/^must be an Iranian mobile number/, 'باید شماره تلفن همراه ایرانی باشد، مانند ۰۹۱۱۱۲۳۴۵۶۷.'],
    [/^Too small: expected array/, 'دست‌کم یک مورد بنویسید.'],
    [/^Too small: expected number to be >=(\d+)$/, 'عدد کوچک‌تر از حد مجاز است.'],
    [/^Too big: expected number to be <=(\d+)$/, 'عدد بزرگ‌تر از حد مجاز است.'],
    [/^Too big: expected string/, 'متن بلندتر از حد مجاز است.'],
    [/^must be true: when the guarantees are not accepted/, 'اگر وثایق پذیرفته نیست، درخواست را با دلیل «وثیقه ناکافی» رد کنید یا اطلاعات بخواهید.'],
    [/^amount exceeds the (\d+) rials that remain to be paid$/, (_, rials) => `مبلغ از ${faRials(rials!)} ریالِ مانده بیشتر است.`],
    [/^paymentReference was already used/, 'این شماره پیگیری پیش‌تر برای قسط دیگری به کار رفته است.'],
    [/^the contract must be signed before funds are paid$/, 'پیش از پرداخت، قرارداد باید امضا شود.'],
    [/^the contract is already signed$/, 'قرارداد پیش‌تر امضا شده است.'],
    [/^an application cannot be withdrawn once funds are paid$/, 'پس از پرداخت، انصراف از درخواست ممکن نیست.'],
    [/is not possible while the (application is at stage|bank review is at step)/, 'این اقدام در مرحله کنونی پرونده ممکن نیست.'],
    [/is not possible: the application is closed/, 'این پرونده بسته شده است.'],
    [/is not an operating bank$/, 'این سازمان بانک عامل نیست.'],
    [/would take the bank past its lending allocation for (\d+): (\d+) allocated, (\d+) remaining/, (_, year, allocated, remaining) =>
      `این مبلغ از سهمیه تسهیلات بانک در سال ${faDigits(year!)} بیشتر است: سهمیه ${faRials(allocated!)} ریال، مانده ${faRials(remaining!)} ریال.`],
    ...fourEyesMessagesFa,
  ],
};

const en: CaseWords = {
  title: (reference) => `Case ${reference}`,
  caseWord: 'Case',
  done: (step) => `“${step}” was recorded.`,
  existing: 'An application with this file number was submitted before; this is that case.',
  sections: { application: 'Application', applicant: 'Applicant', actions: 'What you can do now', timeline: 'Timeline', payments: 'Payments' },
  history: 'This case’s workflow history',
  fields: {
    agencyReference: 'Agency’s file number',
    stage: 'Stage',
    reviewStep: 'Bank review step',
    category: 'Category',
    priority: 'Priority',
    district: 'District of the project',
    requestedAmount: 'Amount requested',
    approvedAmount: 'Amount approved',
    approvedTerms: 'Terms approved',
    disbursedAmount: 'Amount paid',
    purpose: 'Purpose',
    jobsCommitted: 'Jobs committed',
    jobsConfirmed: 'Jobs confirmed',
    agency: 'Agency',
    bank: 'Bank',
    submittedAt: 'Submitted',
    rejectionReason: 'Reason for rejection',
    nationalId: 'National id',
    fullName: 'Full name',
    phone: 'Mobile phone',
    address: 'Address',
    applicantDistrict: 'District of residence',
  },
  steps: {
    submit: 'Submitted',
    categorize: 'Categorize and refer to a bank',
    returnForDocuments: 'Return for documents',
    resubmitDocuments: 'Resubmit the documents',
    declareIneligible: 'Declare ineligible',
    acknowledgeReceipt: 'Acknowledge receipt',
    checkDocuments: 'Check documents and guarantees',
    assessCredit: 'Assess credit',
    approve: 'Approve',
    reject: 'Reject',
    requestInformation: 'Request information',
    answerInformationRequest: 'Answer the information request',
    signContract: 'Sign the contract',
    disburseTranche: 'Pay a tranche',
    openFollowUp: 'Employment follow-up opened',
    confirmJobs: 'Confirm the jobs created',
    withdraw: 'Withdraw the application',
  },
  priorities: { normal: 'Normal', high: 'High', urgent: 'Urgent' },
  ineligibilityReasons: {
    not_resident_of_county: 'Not resident in the county',
    already_received_facility: 'Already received a facility',
    outside_program_scope: 'Outside the programme’s scope',
    applicant_request: 'At the applicant’s request',
    other: 'Other',
  },
  stepFields: {
    category: 'Category',
    priority: 'Priority',
    bankId: 'Bank',
    district: 'District of the project',
    missingDocuments: 'Missing documents',
    reason: 'Reason',
    guaranteesAccepted: 'The documents and guarantees are accepted',
    creditScore: 'Credit score',
    amount: 'Amount (rials)',
    terms: 'Terms',
    questions: 'Questions',
    answer: 'Answer',
    contractNumber: 'Contract number',
    paymentReference: 'Payment reference',
    jobsConfirmed: 'Jobs created',
    comment: 'Comment',
    attachments: 'Attachments brought',
  },
  hints: {
    district: 'Leave empty to keep the district the agency entered.',
    lines: 'One item per line.',
    amount: 'In rials, without separators; Persian or Latin digits.',
    remaining: (rials) => `Left to pay: ${rials} rials.`,
    comment: 'Optional; kept in the case’s timeline.',
    creditScore: 'Optional; a number from 0 to 1000.',
    withdrawReason: 'Why the applicant or the agency gives up the application.',
  },
  choose: '— choose —',
  take: (step) => step,
  noActions: 'Nothing is waiting for you on this case now.',
  closedCase: 'This case is closed and takes no more steps.',
  otherSteps: 'Other steps',
  timeline: {
    caption: 'The case’s timeline, oldest first',
    when: 'When',
    what: 'What',
    who: 'Who',
    details: 'Details',
    system: 'The system',
    empty: 'Nothing has been recorded yet.',
    reminder: (level) => `Email: ${level}`,
    waitingFor: 'Waiting for',
    deadline: 'Deadline',
  },
  payments: { caption: 'Tranches paid', tranche: 'Tranche', amount: 'Amount (rials)', reference: 'Payment reference', paidAt: 'Paid on', empty: 'Nothing has been paid yet.' },
  refused: {
    validation: 'Some fields of the form are not right.',
    'invalid-field': 'Some fields of the form are not right.',
    'invalid-step-data': 'The step’s data was refused.',
    'step-out-of-order': 'This step is not possible on this case now.',
    'wrong-party': 'This step is not your organization’s.',
    forbidden: 'This step is not your organization’s.',
    'exceeds-lending-limit': 'The bank’s lending allocation for the year has no room for this amount.',
    'not-confirmed-in-time': 'The system did not answer in time; the step may still have been taken. Open the page again.',
  },
  refusedOther: 'The step was not accepted.',
  newApplication: {
    title: 'New application',
    intro: 'Enter the applicant and the project. Digits may be Persian or Latin.',
    applicant: 'Applicant',
    application: 'Project and loan',
    submit: 'Submit the application',
    referenceHint: 'Your agency’s file number; one application per number.',
    nationalIdHint: '10 digits.',
    phoneHint: 'Such as 09111234567',
    jobsHint: 'How many jobs the project creates.',
  },
  messages: [],
};

export const caseWords: Record<Language, CaseWords> = { fa, en };

/** A validator's or rule's message in the page's language where it is known; else as the API says it. */
export function messageIn(words: CaseWords, message: string): string {
  const known = words.messages.find(([pattern]) => pattern.test(message));
  if (!known) return message;
  const [pattern, text] = known;
  return typeof text === 'string' ? text : text(...pattern.exec(message)!);
}
