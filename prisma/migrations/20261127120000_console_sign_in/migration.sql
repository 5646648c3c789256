-- People sign in to the console with a username and a password (argon2id); programs keep
-- their API keys. A user without a username is a program's and cannot sign in. Repeated
-- failed sign-ins lock the username for a while that doubles with each further failure.
ALTER TABLE "users" ADD COLUMN "username" TEXT;
ALTER TABLE "users" ADD COLUMN "password_hash" TEXT;
ALTER TABLE "users" ADD COLUMN "must_change_password" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "users" ADD COLUMN "failed_sign_ins" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "users" ADD COLUMN "locked_until" TIMESTAMPTZ(3);
CREATE UNIQUE INDEX "users_username_key" ON "users"("username");

-- A signed-in person's session, kept server-side: the cookie holds a random token whose
-- SHA-256 is the id, so a copy of this table opens no session. Sign-out sets ended_at.
CREATE TABLE "console_sessions" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "csrf_token" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3),

    CONSTRAINT "console_sessions_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "console_sessions_user_id_idx" ON "console_sessions"("user_id");
ALTER TABLE "console_sessions" ADD CONSTRAINT "console_sessions_user_id_fkey"
    FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
