#!/usr/bin/env bash
# Checks an image tarball Jib made: it runs as user 10001, its JVM sizes the heap from the container's memory, and
# the Java runtime inside starts on the image's own C library. Usage: check.sh IMAGE_TAR
set -euo pipefail
tarball=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar --warning=no-unknown-keyword -xf "$tarball" -C "$work"
fail() { echo "image check failed for $tarball: $*" >&2; exit 1; }
config=$(grep -l '"architecture"' "$work"/*.json "$work"/blobs/sha256/* 2>/dev/null | head -1 || true)
[ -n "$config" ] || fail "no image configuration found"
grep -q '"User":"10001:10001"' "$config" || fail "not running as 10001:10001"
grep -q 'MaxRAMPercentage' "$config" || fail "no -XX:MaxRAMPercentage in the entrypoint"
mkdir "$work/root"
for layer in "$work"/*.tar.gz "$work"/blobs/sha256/*; do
  # Layers are the gzip files (magic 1f 8b); the rest is JSON.
  [ -f "$layer" ] && [ "$(head -c2 "$layer" | od -An -tx1 | tr -d ' \n')" = "1f8b" ] || continue
  tar --warning=no-unknown-keyword -xzf "$layer" -C "$work/root"
done
[ -x "$work/root/opt/java/bin/java" ] || fail "no executable /opt/java/bin/java"
"$work/root/lib64/ld-linux-x86-64.so.2" --library-path "$work/root/lib/x86_64-linux-gnu" \
  "$work/root/opt/java/bin/java" -XX:MaxRAMPercentage=70 -version >/dev/null 2>&1 || fail "the image's Java does not start"
echo "image ok: $(basename "$(dirname "$(dirname "$tarball")")") (user 10001, heap from the memory limit, Java starts)"
