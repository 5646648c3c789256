import type { OrganizationKind } from '../../../domain/organization-kinds';
import type { Role } from '../../../domain/vocabulary';
import type { Language } from '../../pages/words';

/** The words of the admins' pages: organizations, people and API keys. */
export interface AdminWords {
  kinds: Record<OrganizationKind, string>;
  roles: Record<Role, string>;
  yes: string;
  no: string;
  none: string;
  organizations: { title: string; caption: string; id: string; kind: string; name: string; contact: string; people: string };
  people: {
    title: string;
    caption: string;
    add: string;
    username: string;
    programOnly: string;
    name: string;
    role: string;
    organization: string;
    mustChange: string;
    lockedUntil: string;
    keys: string;
    action: string;
    reset: string;
  };
  newPerson: {
    title: string;
    intro: string;
    id: string;
    idHint: string;
    organization: string;
    choose: string;
    role: string;
    roleHint: string;
    name: string;
    email: string;
    emailHint: string;
    username: string;
    usernameHint: string;
    submit: string;
  };
  secret: {
    createdTitle: string;
    created: (username: string) => string;
    resetTitle: string;
    reset: (username: string) => string;
    password: string;
    handOver: string;
    keyTitle: string;
    key: (label: string, user: string) => string;
    keyLabel: string;
    keyOnce: string;
    backToPeople: string;
    backToKeys: string;
  };
  keys: {
    title: string;
    caption: string;
    issue: string;
    label: string;
    labelHint: string;
    user: string;
    organization: string;
    created: string;
    state: string;
    active: string;
    revokedOn: (day: string) => string;
    action: string;
    revoke: string;
    revoked: (label: string) => string;
    newTitle: string;
    submit: string;
  };
  problems: {
    required: string;
    idFormat: string;
    usernameFormat: string;
    email: string;
    tooLong: (max: number) => string;
    unknownOrganization: string;
    unknownRole: string;
    roleMismatch: (role: string, kind: string) => string;
    idTaken: string;
    usernameTaken: string;
    unknownUser: string;
    noUsername: string;
    self: string;
    alreadyRevoked: string;
  };
}

export const adminWords: Record<Language, AdminWords> = {
  fa: {
    kinds: {
      agency: 'دستگاه اجرایی',
      support_institution: 'نهاد حمایتی',
      bank: 'بانک',
      governors_office: 'فرمانداری',
      provincial_office: 'اداره کل استان',
      operator: 'راهبر سامانه',
    },
    roles: { agency: 'کارشناس دستگاه', bank: 'کارشناس بانک', official: 'کارشناس فرمانداری', admin: 'راهبر سامانه' },
    yes: 'بله',
    no: 'خیر',
    none: '—',
    organizations: { title: 'دستگاه‌ها', caption: 'همه دستگاه‌های سامانه', id: 'شناسه', kind: 'نوع', name: 'نام', contact: 'رایانامه تماس', people: 'شمار کاربران' },
    people: {
      title: 'کاربران',
      caption: 'همه کاربران و برنامه‌های سامانه',
      add: 'افزودن کاربر',
      username: 'نام کاربری',
      programOnly: 'فقط برنامه (بدون ورود)',
      name: 'نام',
      role: 'نقش',
      organization: 'دستگاه',
      mustChange: 'باید گذرواژه را عوض کند',
      lockedUntil: 'قفل تا',
      keys: 'کلیدهای API فعال',
      action: 'کار',
      reset: 'گذرواژه یک‌بارمصرف تازه',
    },
    newPerson: {
      title: 'افزودن کاربر',
      intro: 'کاربر تازه با گذرواژه‌ای یک‌بارمصرف ساخته می‌شود که باید در نخستین ورود عوض کند.',
      id: 'شناسه کاربر',
      idHint: 'حروف کوچک لاتین، رقم و خط تیره؛ برای نمونه user-bank-melli-2.',
      organization: 'دستگاه',
      choose: 'یکی را برگزینید',
      role: 'نقش',
      roleHint: 'نقش باید با نوع دستگاه بخواند: کارشناس بانک در بانک، کارشناس دستگاه در دستگاه اجرایی یا نهاد حمایتی.',
      name: 'نام و نام خانوادگی',
      email: 'رایانامه (اختیاری)',
      emailHint: 'برای نمونه name@example.ir',
      username: 'نام کاربری',
      usernameHint: 'حروف کوچک لاتین، رقم، نقطه، خط تیره یا زیرخط؛ دست‌کم ۳ نویسه.',
      submit: 'ساختن کاربر',
    },
    secret: {
      createdTitle: 'کاربر ساخته شد',
      created: (username) => `کاربر ${username} ساخته شد. این گذرواژه یک‌بارمصرف را به او بدهید:`,
      resetTitle: 'گذرواژه تازه',
      reset: (username) => `گذرواژه ${username} عوض شد و نشست‌های او پایان یافت. این گذرواژه یک‌بارمصرف را به او بدهید:`,
      password: 'گذرواژه یک‌بارمصرف',
      handOver: 'این گذرواژه فقط همین یک بار نشان داده می‌شود و در نخستین ورود باید عوض شود.',
      keyTitle: 'کلید API ساخته شد',
      key: (label, user) => `کلید «${label}» برای ${user}:`,
      keyLabel: 'کلید API',
      keyOnce: 'این کلید فقط همین یک بار نشان داده می‌شود؛ اکنون آن را نگه دارید. سامانه فقط چکیده آن را نگه می‌دارد.',
      backToPeople: 'بازگشت به کاربران',
      backToKeys: 'بازگشت به کلیدهای API',
    },
    keys: {
      title: 'کلیدهای API',
      caption: 'همه کلیدهای API (خود کلیدها نگه داشته نمی‌شوند)',
      issue: 'ساختن کلید تازه',
      label: 'برچسب',
      labelHint: 'برای نمونه «سامانه بانک ملی — سرور اصلی».',
      user: 'کاربر',
      organization: 'دستگاه',
      created: 'ساخته‌شده در',
      state: 'وضعیت',
      active: 'فعال',
      revokedOn: (day) => `باطل‌شده در ${day}`,
      action: 'کار',
      revoke: 'باطل کردن',
      revoked: (label) => `کلید «${label}» باطل شد و دیگر کار نمی‌کند.`,
      newTitle: 'ساختن کلید API',
      submit: 'ساختن کلید',
    },
    problems: {
      required: 'این خانه را پر کنید.',
      idFormat: 'فقط حروف کوچک لاتین، رقم و خط تیره، و با حرف یا رقم آغاز شود.',
      usernameFormat: 'از ۳ تا ۶۴ نویسه: حروف کوچک لاتین، رقم، نقطه، خط تیره یا زیرخط، و با حرف یا رقم آغاز شود.',
      email: 'یک نشانی رایانامه درست بنویسید.',
      tooLong: (max) => `حداکثر ${max.toLocaleString('fa-IR')} نویسه.`,
      unknownOrganization: 'این دستگاه در سامانه نیست.',
      unknownRole: 'یکی از نقش‌های فهرست را برگزینید.',
      roleMismatch: (role, kind) => `نقش «${role}» برای کاربری از نوع «${kind}» نیست.`,
      idTaken: 'کاربری با این شناسه هست.',
      usernameTaken: 'این نام کاربری را کاربر دیگری دارد.',
      unknownUser: 'این کاربر در سامانه نیست.',
      noUsername: 'این کاربر نام کاربری ندارد (فقط برنامه است) و نمی‌تواند وارد شود.',
      self: 'گذرواژه خودتان را از صفحه تغییر گذرواژه عوض کنید.',
      alreadyRevoked: 'این کلید پیش‌تر باطل شده است.',
    },
  },
  en: {
    kinds: {
      agency: 'Agency',
      support_institution: 'Support institution',
      bank: 'Bank',
      governors_office: "Governor's office",
      provincial_office: 'Provincial office',
      operator: 'System operator',
    },
    roles: { agency: 'Agency clerk', bank: 'Bank officer', official: 'Official', admin: 'Administrator' },
    yes: 'Yes',
    no: 'No',
    none: '—',
    organizations: { title: 'Organizations', caption: 'Every organization in the system', id: 'Id', kind: 'Kind', name: 'Name', contact: 'Contact email', people: 'People' },
    people: {
      title: 'People',
      caption: 'Every person and program in the system',
      add: 'Add a person',
      username: 'Username',
      programOnly: 'Program only (no sign-in)',
      name: 'Name',
      role: 'Role',
      organization: 'Organization',
      mustChange: 'Must change password',
      lockedUntil: 'Locked until',
      keys: 'Active API keys',
      action: 'Action',
      reset: 'New one-time password',
    },
    newPerson: {
      title: 'Add a person',
      intro: 'The new person gets a one-time password, which they must change at their first sign-in.',
      id: 'User id',
      idHint: 'Lowercase Latin letters, digits and dashes, for example user-bank-melli-2.',
      organization: 'Organization',
      choose: 'Choose one',
      role: 'Role',
      roleHint: "The role must fit the organization's kind: a bank officer at a bank, an agency clerk at an agency or support institution.",
      name: 'Full name',
      email: 'Email (optional)',
      emailHint: 'For example name@example.ir',
      username: 'Username',
      usernameHint: 'Lowercase Latin letters, digits, dots, dashes or underscores; at least 3 characters.',
      submit: 'Create the person',
    },
    secret: {
      createdTitle: 'Person created',
      created: (username) => `${username} was created. Hand them this one-time password:`,
      resetTitle: 'New password',
      reset: (username) => `The password of ${username} was replaced and their sessions ended. Hand them this one-time password:`,
      password: 'One-time password',
      handOver: 'It is shown this once only, and must be changed at the first sign-in.',
      keyTitle: 'API key issued',
      key: (label, user) => `The key “${label}” for ${user}:`,
      keyLabel: 'API key',
      keyOnce: 'It is shown this once only: store it now. The system keeps only its hash.',
      backToPeople: 'Back to people',
      backToKeys: 'Back to API keys',
    },
    keys: {
      title: 'API keys',
      caption: 'Every API key (the keys themselves are never stored)',
      issue: 'Issue a key',
      label: 'Label',
      labelHint: 'For example “Bank Melli integration — main server”.',
      user: 'User',
      organization: 'Organization',
      created: 'Created',
      state: 'State',
      active: 'Active',
      revokedOn: (day) => `Revoked on ${day}`,
      action: 'Action',
      revoke: 'Revoke',
      revoked: (label) => `The key “${label}” was revoked and no longer works.`,
      newTitle: 'Issue an API key',
      submit: 'Issue the key',
    },
    problems: {
      required: 'Fill this in.',
      idFormat: 'Use only lowercase Latin letters, digits and dashes, starting with a letter or digit.',
      usernameFormat: 'Use 3 to 64 lowercase Latin letters, digits, dots, dashes or underscores, starting with a letter or digit.',
      email: 'Enter a valid email address.',
      tooLong: (max) => `At most ${max} characters.`,
      unknownOrganization: 'This organization is not in the system.',
      unknownRole: 'Choose one of the listed roles.',
      roleMismatch: (role, kind) => `The role “${role}” is not for a person at a “${kind}” organization.`,
      idTaken: 'A user with this id exists.',
      usernameTaken: 'Another user has this username.',
      unknownUser: 'This user is not in the system.',
      noUsername: 'This user has no username (a program only) and cannot sign in.',
      self: 'Change your own password on the password page.',
      alreadyRevoked: 'This key was already revoked.',
    },
  },
};
