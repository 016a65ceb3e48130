#!/usr/bin/env bash
# A 1 GiB upload to s3proxy through `bin/affix put` (-Xmx64m) against a plain AWS SDK upload of the
# same file to the same server, interleaved, in separate JVMs. Prints the ratio of throughputs.
#
#   bench/s3-upload.sh [SIZE_MIB] [RUNS]        (defaults: 1024 MiB, 3 runs; medians are reported)
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
size_mib="${1:-1024}"
runs="${2:-3}"
port=19090
work="$(mktemp -d "${TMPDIR:-/tmp}/affix-s3-bench.XXXXXX")"
(cd "$home" && ./mvnw -q -pl affix-bench -am package -DskipTests)
jar="$home/affix-bench/target/affix-bench.jar"
java -Xmx8g -cp "$jar" dev.affix.bench.S3ProxyMain "$port" > "$work/s3proxy.log" 2>&1 &
proxy=$!
trap 'kill $proxy 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do grep -q ready "$work/s3proxy.log" && break; sleep 0.2; done
cd "$work"
head -c "$((size_mib * 1024 * 1024))" /dev/urandom > input.bin
cat > s3.yml <<YAML
default_service: s3
secret: benchmark-secret-0123456789
services:
  s3:
    service: S3
    bucket: bench
    region: us-east-1
    endpoint: http://127.0.0.1:$port
    force_path_style: true
    access_key_id: bench-access
    secret_access_key: bench-secret
YAML
"$home/bin/affix" --help > /dev/null

seconds() { local start end; start=$(date +%s.%N); "$@" > /dev/null; end=$(date +%s.%N); echo "$end - $start" | bc -l; }
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

for ((i = 1; i <= runs; i++)); do
  JAVA_OPTS=-Xmx64m seconds "$home/bin/affix" --config s3.yml put input.bin --key affix/object >> affix.times
  seconds java -Xmx64m -cp "$jar" dev.affix.bench.PlainS3Upload "http://127.0.0.1:$port" input.bin sdk/object >> sdk.times
done
affix=$(median < affix.times); sdk=$(median < sdk.times)
printf 'S3 upload %s MiB to s3proxy, -Xmx64m: Affix %.2f s (%.0f MiB/s); plain AWS SDK %.2f s (%.0f MiB/s); ratio %.2f (goal >= 0.9)\n' \
  "$size_mib" "$affix" "$(echo "$size_mib / $affix" | bc -l)" "$sdk" "$(echo "$size_mib / $sdk" | bc -l)" "$(echo "$sdk / $affix" | bc -l)"
