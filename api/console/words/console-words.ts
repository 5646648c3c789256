import type { Language } from '../../pages/words';

/** The console's shared words: its frame, sign-in and password pages, and the refusals every page may show. */
export interface ConsoleWords {
  site: string;
  skip: string;
  otherLanguage: string;
  nav: string;
  menu: { inbox: string; newApplication: string; cases: string; stalled: string; escalations: string; figures: string; organizations: string; people: string; keys: string; apiDocs: string };
  signedInAs: (name: string, organization: string) => string;
  signOut: string;
  signIn: {
    title: string;
    intro: string;
    username: string;
    password: string;
    submit: string;
    wrong: string;
    locked: (minutes: number) => string;
    signedOut: string;
    expired: string;
  };
  password: {
    title: string;
    mustChange: string;
    current: string;
    next: string;
    nextHint: string;
    repeat: string;
    submit: string;
    wrongCurrent: string;
    mismatch: string;
    changed: string;
  };
  errors: {
    title: string;
    intro: string;
    notFound: string;
    forbidden: string;
    csrf: string;
    /** A form field or query holding a character no text can hold (NUL, a lone surrogate). */
    unreadable: (field: string) => string;
    back: string;
  };
}

export const consoleWords: Record<Language, ConsoleWords> = {
  fa: {
    site: 'سامانه تسهیلات اشتغال لاهیجان',
    skip: 'رفتن به محتوای اصلی',
    otherLanguage: 'English',
    nav: 'منوی اصلی',
    menu: {
      inbox: 'کارتابل',
      newApplication: 'ثبت درخواست تازه',
      cases: 'پرونده‌ها',
      stalled: 'پرونده‌های معطل',
      escalations: 'ارجاع‌ها و یادآوری‌ها',
      figures: 'آمار کارگروه',
      organizations: 'دستگاه‌ها',
      people: 'کاربران',
      keys: 'کلیدهای API',
      apiDocs: 'راهنمای API',
    },
    signedInAs: (name, organization) => `${name} — ${organization}`,
    signOut: 'خروج',
    signIn: {
      title: 'ورود به سامانه',
      intro: 'نام کاربری و گذرواژه‌ای را که راهبر سامانه به شما داده است وارد کنید.',
      username: 'نام کاربری',
      password: 'گذرواژه',
      submit: 'ورود',
      wrong: 'نام کاربری یا گذرواژه درست نیست.',
      locked: (minutes) => `به دلیل چند تلاش نادرست، ورود با این نام کاربری تا ${minutes.toLocaleString('fa-IR')} دقیقه دیگر بسته است.`,
      signedOut: 'از سامانه خارج شدید.',
      expired: 'نشست شما به پایان رسیده است؛ دوباره وارد شوید.',
    },
    password: {
      title: 'تغییر گذرواژه',
      mustChange: 'این نخستین ورود شماست: پیش از ادامه، گذرواژه‌ای تازه برگزینید.',
      current: 'گذرواژه کنونی',
      next: 'گذرواژه تازه',
      nextHint: 'دست‌کم ۱۰ نویسه، بدون نام کاربری.',
      repeat: 'تکرار گذرواژه تازه',
      submit: 'ذخیره گذرواژه',
      wrongCurrent: 'گذرواژه کنونی درست نیست.',
      mismatch: 'دو گذرواژه تازه یکسان نیستند.',
      changed: 'گذرواژه شما تغییر کرد.',
    },
    errors: {
      title: 'درخواست پذیرفته نشد',
      intro: 'این موارد را درست کنید:',
      notFound: 'این صفحه یا پرونده پیدا نشد، یا شما اجازه دیدن آن را ندارید.',
      forbidden: 'این کار برای نقش شما نیست.',
      csrf: 'فرم منقضی شده یا از جای دیگری فرستاده شده است. صفحه را دوباره باز کنید و دوباره بفرستید.',
      unreadable: (field) => `«${field}» نویسه‌ای دارد که هیچ متنی نمی‌تواند داشته باشد (NUL یا نیمه‌ای از یک جفت جانشین). آن را پاک کنید و دوباره بفرستید.`,
      back: 'بازگشت به کارتابل',
    },
  },
  en: {
    site: 'Lahijan employment loans',
    skip: 'Skip to main content',
    otherLanguage: 'فارسی',
    nav: 'Main menu',
    menu: {
      inbox: 'Inbox',
      newApplication: 'New application',
      cases: 'Cases',
      stalled: 'Stalled cases',
      escalations: 'Reminders and escalations',
      figures: 'Working group figures',
      organizations: 'Organizations',
      people: 'People',
      keys: 'API keys',
      apiDocs: 'API reference',
    },
    signedInAs: (name, organization) => `${name} — ${organization}`,
    signOut: 'Sign out',
    signIn: {
      title: 'Sign in',
      intro: 'Enter the username and password the system’s administrator gave you.',
      username: 'Username',
      password: 'Password',
      submit: 'Sign in',
      wrong: 'The username or password is not right.',
      locked: (minutes) => `After several wrong passwords, signing in with this username is locked for ${minutes} more minute${minutes === 1 ? '' : 's'}.`,
      signedOut: 'You have signed out.',
      expired: 'Your session has ended; please sign in again.',
    },
    password: {
      title: 'Change your password',
      mustChange: 'This is your first sign-in: choose a new password before you go on.',
      current: 'Current password',
      next: 'New password',
      nextHint: 'At least 10 characters, not containing your username.',
      repeat: 'New password again',
      submit: 'Save the password',
      wrongCurrent: 'The current password is not right.',
      mismatch: 'The two new passwords differ.',
      changed: 'Your password was changed.',
    },
    errors: {
      title: 'The request was not accepted',
      intro: 'Please correct the following:',
      notFound: 'This page or case was not found, or you may not see it.',
      forbidden: 'This is not for your role.',
      csrf: 'The form has expired or was sent from elsewhere. Open the page again and resend it.',
      unreadable: (field) => `“${field}” holds a character no text can hold (NUL, or half of a surrogate pair). Remove it and send again.`,
      back: 'Back to the inbox',
    },
  },
};
