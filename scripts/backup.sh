#!/usr/bin/env bash
# garage-portal-backup: the portal's database and files into one folder, and back.
#
#   garage-portal-backup backup DIR    DIR/portal.dump (pg_dump, custom format), DIR/files.tar
#                                      (files_dir) and DIR/branding.tar (branding_dir)
#   garage-portal-backup restore DIR   into an empty database (createdb it first) and empty
#                                      files_dir and branding_dir
#
# Run it as the portal account (sudo -u portal), which owns the database and the files. The
# settings (db, files_dir, branding_dir) come from $PORTAL_CONF, default
# /etc/garage-portal/portal.conf.
#
# The database is dumped first, then the files: pages write a file before the row that names
# it is committed, so every file the dump names is in the archive (files newer than the dump are
# harmless extras). pg_dump takes one consistent snapshot while the portal keeps running.
set -euo pipefail
umask 027

usage() { echo "usage: garage-portal-backup backup|restore DIR" >&2; exit 2; }
[ $# = 2 ] || usage
cmd=$1
dir=$2
conf=${PORTAL_CONF:-/etc/garage-portal/portal.conf}

setting() {  # setting KEY: its value in the configuration file
    sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*//p" "$conf" | tail -1 | sed 's/[[:space:]]*$//'
}
db=$(setting db)
files=$(setting files_dir)
branding=$(setting branding_dir)
if [ -z "$db" ] || [ -z "$files" ] || [ -z "$branding" ]; then
    echo "garage-portal-backup: $conf needs db, files_dir and branding_dir" >&2
    exit 1
fi

empty_dir() { [ -d "$1" ] && [ -z "$(find "$1" -mindepth 1 -not -path "$1/.uploads" -print -quit)" ]; }

case "$cmd" in
    backup)
        mkdir -p "$dir"
        pg_dump --dbname="$db" --format=custom --file="$dir/portal.dump"
        # Uploads still being received (files_dir/.uploads) are not part of the portal's data.
        tar --create --file="$dir/files.tar" --exclude=./.uploads -C "$files" .
        tar --create --file="$dir/branding.tar" -C "$branding" .
        echo "backed up to $dir (portal.dump, files.tar, branding.tar)"
        ;;
    restore)
        for f in portal.dump files.tar branding.tar; do
            [ -f "$dir/$f" ] || { echo "garage-portal-backup: $dir/$f is missing" >&2; exit 1; }
        done
        if [ -n "$(psql --dbname="$db" -tAc "SELECT 1 FROM pg_tables WHERE schemaname = 'public' LIMIT 1")" ]; then
            echo "garage-portal-backup: the database is not empty; restore into a new one" >&2
            exit 1
        fi
        for d in "$files" "$branding"; do
            empty_dir "$d" || { echo "garage-portal-backup: $d must exist and be empty" >&2; exit 1; }
        done
        pg_restore --dbname="$db" --no-owner --exit-on-error --single-transaction "$dir/portal.dump"
        tar --extract --file="$dir/files.tar" --no-same-owner -C "$files"
        tar --extract --file="$dir/branding.tar" --no-same-owner -C "$branding"
        echo "restored from $dir"
        ;;
    *) usage ;;
esac
