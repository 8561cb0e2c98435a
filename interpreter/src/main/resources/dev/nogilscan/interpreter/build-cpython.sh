#!/bin/sh
# Builds one CPython variant from a source tarball and installs it under a staging root.
#
# usage: build-cpython.sh TARBALL WORKDIR VARIANT PREFIX DESTDIR JOBS
#   VARIANT  ft  -> ./configure --disable-gil (PEP 703 free-threaded build)
#            gil -> the same source and flags without --disable-gil (the "GIL twin")
#   PREFIX   the final install location, baked into the build (sys.prefix)
#   DESTDIR  the staging root: files land in DESTDIR/PREFIX; the caller moves them into
#            place only after this script succeeded, so a failed build leaves nothing behind.
#
# Both variants share one unpacked source tree in WORKDIR/src and build out of tree, so the
# two interpreters come from byte-identical sources and identical flags but for the GIL.
set -eu
tarball=$1 workdir=$2 variant=$3 prefix=$4 destdir=$5 jobs=$6

mkdir -p "$workdir"
if [ ! -f "$workdir/src/configure" ]; then
  echo "[nogil-scan] unpacking $(basename "$tarball")"
  rm -rf "$workdir/src.tmp" && mkdir -p "$workdir/src.tmp"
  tar -xf "$tarball" -C "$workdir/src.tmp" --strip-components=1
  mv "$workdir/src.tmp" "$workdir/src"
fi

case "$variant" in
  ft) gilflag=--disable-gil ;;
  gil) gilflag= ;;
  *) echo "unknown variant '$variant': expected ft or gil" >&2; exit 2 ;;
esac

build="$workdir/build-$variant"
rm -rf "$build" && mkdir -p "$build"
cd "$build"
echo "[nogil-scan] configure ($variant)"
# shellcheck disable=SC2086
"$workdir/src/configure" --prefix="$prefix" $gilflag --with-ensurepip=install >configure.log 2>&1 || { tail -40 configure.log >&2; exit 1; }
echo "[nogil-scan] make -j$jobs ($variant)"
make -j"$jobs" >make.log 2>&1 || { tail -60 make.log >&2; exit 1; }
echo "[nogil-scan] make install ($variant)"
make install DESTDIR="$destdir" >install.log 2>&1 || { tail -40 install.log >&2; exit 1; }
echo "[nogil-scan] built $variant"
