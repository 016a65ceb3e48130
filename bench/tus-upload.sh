#!/usr/bin/env bash
# A file through Affix's tus endpoint in fixed chunks, the server in its own JVM with -Xmx128m:
#  - to the Disk service (sync: true), against `md5sum` of the same file;
#  - to S3 on a benchmark s3proxy, against the plain AWS SDK's multipart upload of the same file in
#    parts of the chunk size, to the same server;
#  - a client that dies at 60 % and a new client process that resumes: the bytes sent twice.
# Runs are interleaved; medians are reported. The tus times are the upload's own (first request to
# last answer, without the client JVM's start), like md5sum's and the SDK baseline's.
#
#   bench/tus-upload.sh [SIZE_MIB] [RUNS] [CHUNK_MIB]      (defaults: 1024 MiB, 3 runs, 8 MiB chunks)
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
size_mib="${1:-1024}"
runs="${2:-3}"
chunk_mib="${3:-8}"
proxy_port=19190
disk_port=19191
s3_port=19192
work="$(mktemp -d "${TMPDIR:-/tmp}/affix-tus-bench.XXXXXX")"
(cd "$home" && ./mvnw -q -pl affix-bench -am package -DskipTests)
jar="$home/affix-bench/target/affix-bench.jar"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; rm -rf "$work"' EXIT
java -Xmx8g -cp "$jar" dev.affix.bench.S3ProxyMain "$proxy_port" > "$work/s3proxy.log" 2>&1 & pids+=($!)
for _ in $(seq 1 100); do grep -q ready "$work/s3proxy.log" && break; sleep 0.2; done
java -Xmx128m -cp "$jar" dev.affix.bench.TusServerMain "$disk_port" "$work/disk" disk > "$work/disk.log" 2>&1 & pids+=($!)
java -Xmx128m -cp "$jar" dev.affix.bench.TusServerMain "$s3_port" "$work/s3" s3 "http://127.0.0.1:$proxy_port" > "$work/s3.log" 2>&1 & pids+=($!)
for log in disk s3; do for _ in $(seq 1 150); do grep -q ready "$work/$log.log" && break; sleep 0.2; done; done
cd "$work"
head -c "$((size_mib * 1024 * 1024))" /dev/urandom > input.bin

seconds() { local start end; start=$(date +%s.%N); "$@" > /dev/null; end=$(date +%s.%N); echo "$end - $start" | bc -l; }
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
tus() { java -cp "$jar" dev.affix.bench.TusClientMain "http://127.0.0.1:$1/affix/tus/" input.bin "$chunk_mib" | awk '/^seconds/ { print $2 }'; }

for ((i = 1; i <= runs; i++)); do
  seconds md5sum input.bin >> md5sum.times
  tus "$disk_port" >> disk.times
  sdk_start=$(date +%s.%N)
  java -cp "$jar" dev.affix.bench.PlainS3MultipartUpload "http://127.0.0.1:$proxy_port" input.bin "sdk/$i" "$chunk_mib"
  echo "$(date +%s.%N) - $sdk_start" | bc -l >> sdk.times
  tus "$s3_port" >> s3.times
done
md5=$(median < md5sum.times); disk=$(median < disk.times); sdk=$(median < sdk.times); s3=$(median < s3.times)
printf 'tus %s MiB in %s MiB chunks to Disk, server -Xmx128m: %.2f s (%.0f MiB/s); md5sum %.2f s; ratio %.2f (goal <= 1.5)\n' \
  "$size_mib" "$chunk_mib" "$disk" "$(echo "$size_mib / $disk" | bc -l)" "$md5" "$(echo "$disk / $md5" | bc -l)"
printf 'tus %s MiB in %s MiB chunks to s3proxy, server -Xmx128m: %.2f s (%.0f MiB/s); plain AWS SDK multipart %.2f s (%.0f MiB/s); ratio %.2f (goal >= 0.9)\n' \
  "$size_mib" "$chunk_mib" "$s3" "$(echo "$size_mib / $s3" | bc -l)" "$sdk" "$(echo "$size_mib / $sdk" | bc -l)" "$(echo "$sdk / $s3" | bc -l)"

for port in "$disk_port" "$s3_port"; do
  java -cp "$jar" dev.affix.bench.TusClientMain "http://127.0.0.1:$port/affix/tus/" input.bin "$chunk_mib" --die-at 0.6 > died.out || true
  url=$(awk '/^url/ { print $2 }' died.out); sent=$(awk '/^sent/ { print $2 }' died.out)
  java -cp "$jar" dev.affix.bench.TusClientMain --resume "$url" input.bin "$chunk_mib" > resumed.out
  resumed=$(awk '/^resumed_at/ { print $2 }' resumed.out)
  grep -q '^signed_id [^n]' resumed.out || { echo "the resumed upload did not complete"; exit 1; }
  printf 'resume on port %s after the client died at 60 %%: %s bytes sent, the server had kept %s; sent again %s bytes (goal <= one chunk, %s)\n' \
    "$port" "$sent" "$resumed" "$((sent - resumed))" "$((chunk_mib * 1024 * 1024))"
done
