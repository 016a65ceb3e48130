#!/usr/bin/env bash
# End-to-end benchmark of `bin/affix put` and `bin/affix get` on the Disk service, against md5sum and
# cat on the same file in the same run. Prints one line per figure, as it goes into BENCHMARKS.md.
#
#   bench/cli-storage.sh [SIZE_MIB] [RUNS]        (defaults: 1024 MiB, 5 runs; medians are reported)
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
size_mib="${1:-1024}"
runs="${2:-5}"
work="$(mktemp -d "${TMPDIR:-/tmp}/affix-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cd "$work"

head -c "$((size_mib * 1024 * 1024))" /dev/urandom > input.bin
cat input.bin > /dev/null
"$home/bin/affix" --help > /dev/null   # build and record the start-up archive outside the timings

seconds() { local start end; start=$(date +%s.%N); "$@" > /dev/null; end=$(date +%s.%N); echo "$end - $start" | bc -l; }
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
fresh() { rm -rf storage data output.bin copy.bin; sync; }

for ((i = 1; i <= runs; i++)); do
  fresh
  seconds md5sum input.bin >> md5sum.times
  fresh
  JAVA_OPTS=-Xmx64m seconds "$home/bin/affix" put input.bin --key bench/input >> put.times
  sync
  seconds sh -c 'cat input.bin > output.bin' >> cat.times
  rm -f output.bin; sync
  JAVA_OPTS=-Xmx64m seconds "$home/bin/affix" get bench/input -o copy.bin >> get.times
  cmp -s input.bin copy.bin || { echo "get returned other bytes" >&2; exit 1; }
done

md5=$(median < md5sum.times); put=$(median < put.times); cat_=$(median < cat.times); get=$(median < get.times)
printf 'put %s MiB, Disk, -Xmx64m: %.2f s; md5sum: %.2f s; ratio %.2f (goal <= 1.5)\n' "$size_mib" "$put" "$md5" "$(echo "$put / $md5" | bc -l)"
printf 'get %s MiB to a file, -Xmx64m: %.2f s; cat FILE > OUT: %.2f s; ratio %.2f (goal <= 1.5)\n' "$size_mib" "$get" "$cat_" "$(echo "$get / $cat_" | bc -l)"
