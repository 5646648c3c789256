import type { MailTranslation } from './en';

export const fa: MailTranslation = {
  waitingFor: {
    categorization: 'دسته‌بندی و ارجاع به بانک توسط دستگاه اجرایی',
    returned_for_documents: 'تکمیل مدارک توسط متقاضی',
    'bank_review.acknowledge': 'اعلام وصول پرونده توسط بانک',
    'bank_review.documents': 'بررسی مدارک و وثایق توسط بانک',
    'bank_review.credit_assessment': 'اعتبارسنجی توسط بانک',
    'bank_review.decision': 'تصمیم بانک',
    information_requested: 'پاسخ دستگاه اجرایی به درخواست اطلاعات بانک',
    disbursement: 'انعقاد قرارداد و پرداخت تسهیلات',
    employment_follow_up: 'تأیید اشتغال ایجادشده',
  },
  levels: {
    reminder: 'یادآوری',
    governors_office: 'ارجاع به فرمانداری',
    province: 'ارجاع به اداره کل تعاون، کار و رفاه اجتماعی استان',
    abandoned: 'پرونده رهاشده پس از حداکثر ارجاع',
  },
  intro: {
    reminder: 'مهلت این پرونده در انتظار اقدام سازمان شما سپری شده است. لطفاً اقدام بعدی را انجام دهید.',
    governors_office: 'این پرونده پس از یادآوری همچنان متوقف مانده و به فرمانداری ارجاع شده است.',
    province: 'این پرونده همچنان متوقف مانده و به اداره کل تعاون، کار و رفاه اجتماعی استان ارجاع شده است.',
    abandoned:
      'این پرونده به حداکثر دفعات مجاز ارجاع شده و همچنان هیچ اقدامی روی آن انجام نشده است. برای این انتظار یادآوری دیگری فرستاده نمی‌شود و پرونده در آمار به‌عنوان رهاشده علامت‌گذاری شده است.',
  },
  repeat: (round) => `تکرار ${round}`,
  subject: ({ level, applicationId, applicantInitials, step }) => `${level}: پرونده ${applicationId} (${applicantInitials}) در انتظار ${step}`,
  fields: {
    applicationId: 'شناسه پرونده',
    agencyReference: 'شماره پرونده در دستگاه اجرایی',
    applicant: 'متقاضی',
    waitingFor: 'در انتظار',
    holder: 'در دست',
    workingDaysWaited: 'مدت انتظار',
    level: 'سطح',
    waitingSince: 'در انتظار از',
    deadline: 'مهلت',
  },
  workingDays: (days) => `${days} روز کاری`,
  jalali: 'شمسی',
  gregorian: 'میلادی',
  tehranTime: 'به وقت تهران',
  links: { application: 'مشاهده پرونده', history: 'تاریخچه گردش کار (Temporal)' },
  footer: 'این نامه به‌طور خودکار از سامانه تسهیلات اشتغال شهرستان لاهیجان و تنها یک بار برای هر ارجاع فرستاده شده است.',
};
