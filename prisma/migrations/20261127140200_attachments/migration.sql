-- Attachments' content, addressed by its SHA-256: the same file attached twice (to one case or
-- to several) is stored once. Which case holds which file, by whom and under what name is a
-- case note of kind 'attach' (case_notes.data), written by the workflow; this table only keeps
-- the bytes, in PostgreSQL, so no file volume needs backing up beside the database.
CREATE TABLE "attachment_blobs" (
    "sha256" TEXT NOT NULL,
    "bytes" BYTEA NOT NULL,
    "size" INTEGER NOT NULL,
    "content_type" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "attachment_blobs_pkey" PRIMARY KEY ("sha256"),
    CONSTRAINT "attachment_blobs_sha256_check" CHECK ("sha256" ~ '^[0-9a-f]{64}$'),
    CONSTRAINT "attachment_blobs_size_check" CHECK ("size" = octet_length("bytes") AND "size" >= 1),
    CONSTRAINT "attachment_blobs_content_type_check" CHECK ("content_type" IN ('application/pdf', 'image/jpeg', 'image/png'))
);
