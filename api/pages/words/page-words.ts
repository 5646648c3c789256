import type { Category, District, RejectionReason, ReviewStep, Stage } from '../../../domain/vocabulary';

export type Language = 'fa' | 'en';

/** The words of the figures pages in one language: `en.ts` and `fa.ts` fill this shape. */
export interface PageWords {
  language: Language;
  dir: 'rtl' | 'ltr';
  site: string;
  /** Title and one line of explanation per family of figures; unknown families use `family`. */
  families: Record<string, { title: string; intro: string }>;
  family: (name: string) => string;
  /** Labels of figures by their JSON path (`approved.amount`), or by their last key. */
  figures: Record<string, string>;
  steps: Record<ReviewStep | 'disbursement', string>;
  stages: Record<Stage, string>;
  reasons: Record<RejectionReason, string>;
  categories: Record<Category, string>;
  districts: Record<District, string>;
  kinds: Record<string, string>;
  filters: Record<string, string>;
  county: string;
  yes: string;
  no: string;
  none: string;
  rials: string;
  period: {
    year: (year: string) => string;
    quarter: (year: string, quarter: number) => string;
    month: (year: string, month: string) => string;
    range: (from: string, to: string) => string;
    jalali: string;
    gregorian: string;
  };
  chooser: {
    legendJalali: string;
    legendDates: string;
    year: string;
    yearHint: string;
    quarter: string;
    month: string;
    whole: string;
    from: string;
    to: string;
    toHint: string;
    show: string;
  };
  page: {
    skip: string;
    otherLanguage: string;
    nav: string;
    index: string;
    /** The way back to the console, on figures opened from it. */
    console: string;
    indexIntro: string;
    publicSummary: string;
    publicIntro: string;
    period: string;
    filtersApplied: string;
    source: string;
    csv: string;
    table: (title: string) => string;
    chartOf: (title: string) => string;
    rowHeader: string;
    errorTitle: string;
    errorIntro: string;
    errorBack: string;
  };
  charts: {
    approvedVsPaid: string;
    obstacles: string;
    jobs: string;
    countyByDistrict: string;
    count: string;
    shares: string;
    lending: string;
    jobsTargets: string;
  };
  tables: {
    cases: string;
    amounts: string;
    inReviewNow: string;
    obstacles: string;
    workingDays: string;
    progress: string;
    jobs: string;
    banks: string;
    agencies: string;
    districts: string;
    totals: string;
  };
}
