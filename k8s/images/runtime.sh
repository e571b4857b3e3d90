#!/usr/bin/env bash
# The root file system every Rapport image starts from (Jib builds on "scratch": no registry, no Docker daemon):
# a Java runtime made with jlink from the build's JDK, the few Debian libraries it needs (glibc, libgcc, zlib,
# fetched with apt-get download), and a non-root user 10001. Usage: runtime.sh OUT JAVA_HOME. Kept once made.
set -euo pipefail
out=$1
java_home=$2
[ -x "$out/opt/java/bin/java" ] && exit 0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/root/etc" "$work/root/tmp" "$work/debs"
(cd "$work/debs" && apt-get download -qq libc6 libgcc-s1 zlib1g 2>&1 | grep -v "^W: Download is performed unsandboxed" || true)
ls "$work"/debs/*.deb >/dev/null
for deb in "$work"/debs/*.deb; do dpkg-deb -x "$deb" "$work/root"; done
rm -rf "$work/root/usr/share" "$work/root/usr/lib/x86_64-linux-gnu/gconv" "$work/root/usr/bin" "$work/root/sbin" \
  "$work/root/usr/sbin" "$work/root/usr/libexec" "$work/root/var"
"$java_home/bin/jlink" --output "$work/root/opt/java" --strip-debug --no-man-pages --no-header-files --compress=2 \
  --add-modules java.base,java.desktop,java.instrument,java.logging,java.management,java.management.rmi,java.naming,java.net.http,java.prefs,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml,jdk.crypto.ec,jdk.management,jdk.naming.dns,jdk.unsupported,jdk.zipfs
printf 'root:x:0:0:root:/:/sbin/nologin\nrapport:x:10001:10001:rapport:/tmp:/sbin/nologin\n' >"$work/root/etc/passwd"
printf 'root:x:0:\nrapport:x:10001:\n' >"$work/root/etc/group"
chmod 1777 "$work/root/tmp"
mkdir -p "$(dirname "$out")"
rm -rf "$out"
mv "$work/root" "$out"
