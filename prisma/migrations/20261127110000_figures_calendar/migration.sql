-- The working calendar as a table, so the figures count working days in SQL by subtracting two
-- indexes instead of walking the days in JavaScript. One row per Tehran day (epoch_day: days
-- since 1970-01-01 in Tehran time) per weekend setting; working_days_before counts the working
-- days before that day. api/figures/working-calendar.ts fills it from domain/calendar (the
-- weekend and the public holidays) when figures are first asked for, and again whenever the
-- domain's calendar has changed (a new year's holidays entered), so no holiday list lives here.
CREATE TABLE "working_calendar_days" (
    "weekend" TEXT NOT NULL,
    "epoch_day" INTEGER NOT NULL,
    "working" BOOLEAN NOT NULL,
    "working_days_before" INTEGER NOT NULL,

    CONSTRAINT "working_calendar_days_pkey" PRIMARY KEY ("weekend","epoch_day")
);
