#!/usr/bin/env bash
# The HTTP endpoints against nginx on loopback, in the same run:
#  - proxy download of a 10 KiB blob: requests/s with wrk, against nginx serving the same file;
#  - proxy download of a 1 GiB blob: throughput with curl, against nginx, and the server's peak RSS;
#  - direct upload of a 1 GiB file with curl through the Disk upload endpoint, against md5sum.
# The Affix server runs with -Xmx256m. Needs nginx, wrk, curl, bc (apt-get install -y nginx wrk curl bc).
#
#   bench/http-serve.sh [RUNS]        (default 3; medians are reported)
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-3}"
work="$(mktemp -d "${TMPDIR:-/tmp}/affix-http-bench.XXXXXX")"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work" 2>/dev/null || { sleep 1; rm -rf "$work"; }
}
trap cleanup EXIT

(cd "$home" && ./mvnw -q -pl affix-http -am test-compile -DskipTests && ./mvnw -q -f affix-http/pom.xml dependency:build-classpath \
    -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test)
cp="$home/affix-http/target/test-classes:$home/affix-http/target/classes:$(cat "$home/affix-http/target/test-classpath.txt")"

mkdir -p "$work/www"
chmod 755 "$work" "$work/www"   # nginx's workers read as another user
head -c 10240 /dev/urandom > "$work/www/small.bin"
head -c $((1024 * 1024 * 1024)) /dev/urandom > "$work/www/big.bin"
chmod 644 "$work/www/"*.bin
cat > "$work/nginx.conf" <<NGINX
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  server { listen 127.0.0.1:28080; root $work/www; }
}
NGINX
nginx -c "$work/nginx.conf"
pids+=("$(cat "$work/nginx.pid" 2>/dev/null || true)")
# the baselines must serve the real bytes, not an error page
for f in small big; do
  [[ "$(curl -fs http://127.0.0.1:28080/$f.bin | md5sum)" == "$(md5sum < "$work/www/$f.bin")" ]] || { echo "nginx does not serve $f.bin" >&2; exit 1; }
done

serve() { # port sample → urls json
  java -Xmx256m -cp "$cp" dev.affix.http.ServeForBenchmark "$1" "$work/storage-$1" "$work/db-$1" "$2" > "$work/urls-$1.json" 2> "$work/server-$1.log" &
  pids+=($!)
  for _ in $(seq 1 300); do grep -q proxy_url "$work/urls-$1.json" 2>/dev/null && return; sleep 0.2; done
  echo "server on $1 did not start" >&2; cat "$work/server-$1.log" >&2; exit 1
}
url() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$work/urls-$1.json" "$2"; }
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
rps() { # requests per second, refusing a run with any non-2xx answer
  local out; out=$(wrk -t2 -c32 -d10s "$1")
  if grep -q "Non-2xx" <<< "$out"; then echo "non-2xx answers from $1" >&2; exit 1; fi
  awk '/Requests\/sec/ { print $2 }' <<< "$out"
}

serve 28081 "$work/www/small.bin"
small_proxy="$(url 28081 proxy_url)"
[[ "$(curl -fs "$small_proxy" | md5sum)" == "$(md5sum < "$work/www/small.bin")" ]] || { echo "Affix does not serve small.bin" >&2; exit 1; }
rps "$small_proxy" > /dev/null; rps http://127.0.0.1:28080/small.bin > /dev/null   # warm up
for ((i = 1; i <= runs; i++)); do
  rps "$small_proxy" >> "$work/affix-small"
  rps http://127.0.0.1:28080/small.bin >> "$work/nginx-small"
done
a=$(median < "$work/affix-small"); n=$(median < "$work/nginx-small")
printf 'proxy 10 KiB: Affix %.0f req/s; nginx %.0f req/s; ratio %.2f (goal >= 0.5)\n' "$a" "$n" "$(echo "$a / $n" | bc -l)"

serve 28082 "$work/www/big.bin"
big_proxy="$(url 28082 proxy_url)"
server_pid="${pids[-1]}"
curl -s -o /dev/null "$big_proxy"
peak=0
for ((i = 1; i <= runs; i++)); do
  ( while sleep 0.1; do ps -o rss= -p "$server_pid"; done ) > "$work/rss" &
  sampler=$!
  curl -s -o /dev/null -w '%{time_total}\n' "$big_proxy" >> "$work/affix-big"
  kill "$sampler"
  p=$(sort -n "$work/rss" | tail -1); ((p > peak)) && peak=$p
  curl -s -o /dev/null -w '%{time_total}\n' http://127.0.0.1:28080/big.bin >> "$work/nginx-big"
done
a=$(median < "$work/affix-big"); n=$(median < "$work/nginx-big")
printf 'proxy 1 GiB: Affix %.2f s (%.0f MiB/s); nginx %.2f s (%.0f MiB/s); ratio %.2f (goal >= 0.7); server peak RSS %d MiB with -Xmx256m\n' \
  "$a" "$(echo "1024 / $a" | bc -l)" "$n" "$(echo "1024 / $n" | bc -l)" "$(echo "$n / $a" | bc -l)" "$((peak / 1024))"

direct="$(url 28081 direct_uploads_url)"
checksum="$(md5sum "$work/www/big.bin" | cut -c1-32 | xxd -r -p | base64)"
for ((i = 1; i <= runs; i++)); do
  start=$(date +%s.%N); md5sum "$work/www/big.bin" > /dev/null; end=$(date +%s.%N)
  echo "$end - $start" | bc -l >> "$work/md5sum"
  answer=$(curl -s -X POST -H 'Content-Type: application/json' -H 'Accept: application/json' \
    -d "{\"blob\":{\"filename\":\"big.bin\",\"content_type\":\"application/octet-stream\",\"byte_size\":1073741824,\"checksum\":\"$checksum\"}}" "$direct")
  put_url=$(python3 -c "import json,sys; print(json.loads(sys.argv[1])['direct_upload']['url'])" "$answer")
  start=$(date +%s.%N)
  status=$(curl -s -o /dev/null -w '%{http_code}' -T "$work/www/big.bin" -H 'Content-Type: application/octet-stream' "$put_url")
  end=$(date +%s.%N)
  [[ "$status" == 204 ]] || { echo "direct upload answered $status" >&2; exit 1; }
  echo "$end - $start" | bc -l >> "$work/upload"
done
a=$(median < "$work/upload"); m=$(median < "$work/md5sum")
printf 'direct upload 1 GiB with curl to the Disk endpoint (-Xmx256m): %.2f s; md5sum %.2f s; ratio %.2f (goal <= 2)\n' "$a" "$m" "$(echo "$a / $m" | bc -l)"
