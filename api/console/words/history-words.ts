import type { TimelineKind } from '../../history';
import type { Language } from '../../pages/words';

/** The words of a case's workflow history page. */
export interface HistoryWords {
  title: string;
  /** After a completed step: the stage the case is at now. */
  nowAt: (stage: string) => string;
  intro: string;
  caption: string;
  status: (status: string) => string;
  when: string;
  event: string;
  who: string;
  account: string;
  workflowUi: string;
  casePage: string;
  /** Temporal's workflow statuses: RUNNING, COMPLETED and the rest. */
  statuses: Record<string, string>;
  kinds: Record<TimelineKind, string>;
}

export const historyWords: Record<Language, HistoryWords> = {
  fa: {
    title: 'تاریخچه گردش کار پرونده',
    nowAt: (stage) => `اکنون: ${stage}`,
    intro: 'هر رویداد گردش کار پرونده در Temporal، به ترتیب زمان. شرح فنی رویدادها به انگلیسی است.',
    caption: 'رویدادهای گردش کار',
    status: (status) => `وضعیت گردش کار: ${status}`,
    when: 'زمان',
    event: 'رویداد',
    who: 'انجام‌دهنده',
    account: 'شرح',
    workflowUi: 'دیدن در رابط وب Temporal',
    casePage: 'صفحه پرونده',
    statuses: {
      RUNNING: 'در جریان',
      COMPLETED: 'پایان‌یافته',
      FAILED: 'شکست‌خورده',
      CANCELED: 'لغوشده',
      TERMINATED: 'متوقف‌شده',
      CONTINUED_AS_NEW: 'ادامه در اجرای تازه',
      TIMED_OUT: 'پایان مهلت',
    },
    kinds: {
      'workflow.started': 'آغاز گردش کار',
      'workflow.completed': 'پایان گردش کار',
      'workflow.failed': 'شکست گردش کار',
      'workflow.ended': 'توقف گردش کار',
      'workflow.continuedAsNew': 'ادامه در اجرای تازه',
      'workflow.patched': 'تغییر کد',
      'workflow.taskFailed': 'خطای اجرای گردش کار',
      'step.accepted': 'گام پذیرفته شد',
      'step.completed': 'گام انجام شد',
      'step.refused': 'گام رد شد',
      'timer.started': 'آغاز زمان‌سنج',
      'timer.fired': 'پایان زمان‌سنج',
      'timer.canceled': 'لغو زمان‌سنج',
      'notification.scheduled': 'یادآوری یا ارجاع در صف',
      'notification.sent': 'یادآوری یا ارجاع فرستاده شد',
      'persistence.recorded': 'ثبت در پایگاه داده',
      'activity.scheduled': 'کار جانبی در صف',
      'activity.completed': 'کار جانبی انجام شد',
      'activity.retried': 'تلاش دوباره کار جانبی',
      'activity.failed': 'شکست کار جانبی',
      'activity.retrying': 'کار جانبی در حال تلاش دوباره',
      'searchAttributes.upserted': 'به‌روزرسانی ویژگی‌های جست‌وجو',
    },
  },
  en: {
    title: 'Workflow history of case',
    nowAt: (stage) => `now: ${stage}`,
    intro: "Every event of the case's workflow in Temporal, in time order.",
    caption: 'Workflow events',
    status: (status) => `Workflow status: ${status}`,
    when: 'When',
    event: 'Event',
    who: 'By',
    account: 'Account',
    workflowUi: 'Open in the Temporal Web UI',
    casePage: 'The case page',
    statuses: {
      RUNNING: 'running',
      COMPLETED: 'completed',
      FAILED: 'failed',
      CANCELED: 'canceled',
      TERMINATED: 'terminated',
      CONTINUED_AS_NEW: 'continued as new',
      TIMED_OUT: 'timed out',
    },
    kinds: {
      'workflow.started': 'Workflow started',
      'workflow.completed': 'Workflow completed',
      'workflow.failed': 'Workflow failed',
      'workflow.ended': 'Workflow ended',
      'workflow.continuedAsNew': 'Continued as a new run',
      'workflow.patched': 'Code change in effect',
      'workflow.taskFailed': 'Workflow task failed',
      'step.accepted': 'Step accepted',
      'step.completed': 'Step completed',
      'step.refused': 'Step refused',
      'timer.started': 'Timer started',
      'timer.fired': 'Timer fired',
      'timer.canceled': 'Timer canceled',
      'notification.scheduled': 'Notice due',
      'notification.sent': 'Notice sent',
      'persistence.recorded': 'Saved to the database',
      'activity.scheduled': 'Activity scheduled',
      'activity.completed': 'Activity completed',
      'activity.retried': 'Activity retried',
      'activity.failed': 'Activity failed',
      'activity.retrying': 'Activity retrying',
      'searchAttributes.upserted': 'Search attributes set',
    },
  },
};
