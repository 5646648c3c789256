-- Each recipient of an outgoing email, with what the SMTP server last answered for it, so a
-- recipient refused (for now or for good) is never counted as reached. Rows are written by the
-- notify activity before its first send to them; emails sent before this table existed have none.
CREATE TABLE "email_recipients" (
    "email_id" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "last_response" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "accepted_at" TIMESTAMPTZ(3),

    CONSTRAINT "email_recipients_pkey" PRIMARY KEY ("email_id", "address")
);
ALTER TABLE "email_recipients" ADD CONSTRAINT "email_recipients_email_id_fkey"
    FOREIGN KEY ("email_id") REFERENCES "outgoing_emails"("id") ON DELETE CASCADE ON UPDATE CASCADE;
