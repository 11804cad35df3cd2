#!/usr/bin/env bash
# Back up the database (pg_dump, custom format: restorable table by table, compressed) and STORAGE_DIR (evidence
# files, generated reports) into BACKUP_DIR, with their SHA-256 sums; drop backups older than BACKUP_KEEP_DAYS.
#   DATABASE_URL=postgresql+psycopg://… STORAGE_DIR=… BACKUP_DIR=… deploy/backup.sh
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL chưa được đặt}" "${STORAGE_DIR:?STORAGE_DIR chưa được đặt}"
: "${BACKUP_DIR:?BACKUP_DIR chưa được đặt}"
pg_url="${DATABASE_URL/+psycopg/}"  # libpq does not know SQLAlchemy's driver suffix
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$BACKUP_DIR"
dump="$BACKUP_DIR/okr-kpi-$stamp.dump"
files="$BACKUP_DIR/okr-kpi-storage-$stamp.tar.gz"
pg_dump --format=custom --no-owner --no-privileges --file "$dump.part" "$pg_url"
mv "$dump.part" "$dump"
mkdir -p "$STORAGE_DIR"
tar -C "$STORAGE_DIR" -czf "$files.part" .
mv "$files.part" "$files"
(cd "$BACKUP_DIR" && sha256sum "$(basename "$dump")" "$(basename "$files")" > "okr-kpi-$stamp.sha256")
find "$BACKUP_DIR" -name 'okr-kpi-*' -mtime +"${BACKUP_KEEP_DAYS:-30}" -delete
echo "$dump"
echo "$files"
