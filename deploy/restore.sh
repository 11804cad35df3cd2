#!/usr/bin/env bash
# Restore a backup of deploy/backup.sh into an EMPTY database and STORAGE_DIR, then bring the schema up to this
# release's migrations. Stop the web and worker services first.
#   DATABASE_URL=postgresql+psycopg://…/okr_restored STORAGE_DIR=… \
#     deploy/restore.sh okr-kpi-<stamp>.dump okr-kpi-storage-<stamp>.tar.gz
set -euo pipefail
dump="${1:?Cần tệp .dump}" files="${2:?Cần tệp storage .tar.gz}"
: "${DATABASE_URL:?DATABASE_URL chưa được đặt}" "${STORAGE_DIR:?STORAGE_DIR chưa được đặt}"
sums="${dump%.dump}.sha256"
if [ -f "$sums" ]; then (cd "$(dirname "$dump")" && sha256sum --check --quiet "$(basename "$sums")"); fi
pg_url="${DATABASE_URL/+psycopg/}"
pg_restore --exit-on-error --no-owner --no-privileges --dbname "$pg_url" "$dump"
mkdir -p "$STORAGE_DIR"
tar -C "$STORAGE_DIR" -xzf "$files"
cd "$(dirname "$0")/.."
"${FLASK:-.venv/bin/flask}" --app webapp init-db  # a dump of an older release gets this release's migrations
