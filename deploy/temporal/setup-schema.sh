#!/bin/sh
# Creates Temporal's two PostgreSQL databases and brings their schemas to the newest version this
# temporal-sql-tool carries. Run by docker-compose.yml's `temporal-schema` job (image
# temporalio/admin-tools) before the server starts, on every `up`: each step is idempotent.
#   create-database      tolerates a database that already exists
#   setup-schema -v 0.0  creates the version tables; a schema past 0.0 is left alone
#   update-schema -d     applies only the versions not yet applied
# Connection: SQL_PLUGIN, SQL_HOST, SQL_PORT, SQL_USER, SQL_PASSWORD, which temporal-sql-tool
# reads itself. TEMPORAL_DB and TEMPORAL_VISIBILITY_DB name the two databases; SCHEMA_DIR is
# the tool's schema/postgresql/v12 folder (where the admin-tools image keeps it by default).
set -eu
schema_dir="${SCHEMA_DIR:-/etc/temporal/schema/postgresql/v12}"

setup() { # <database> <schema folder: temporal | visibility>
  temporal-sql-tool --db "$1" create-database
  temporal-sql-tool --db "$1" setup-schema -v 0.0
  temporal-sql-tool --db "$1" update-schema -d "$schema_dir/$2/versioned"
}

setup "${TEMPORAL_DB:-temporal}" temporal
setup "${TEMPORAL_VISIBILITY_DB:-temporal_visibility}" visibility
