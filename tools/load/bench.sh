#!/usr/bin/env bash
# The benchmark of docs/BENCHMARKS.md: each scenario starts a fresh server pinned to core 0, runs the
# load tool pinned to core 1, and stops the server. Build first:
#   ./mvnw -B -q -pl grading/support,solutions/lab06-persistence,tools/load -am package -DskipTests
# Usage: tools/load/bench.sh [final|naive|nagle|before JAR] SCENARIO...   (scenarios: see below)
# Output: one block per run, also appended to target/bench/results.txt.
set -euo pipefail
cd "$(dirname "$0")/../.."
SERVER=${1:?final, naive, nagle, or before /path/to/old-chat.jar}; shift
OLD_JAR=""
if [[ $SERVER == before ]]; then OLD_JAR=${1:?the old chat.jar}; shift; fi
LOAD=tools/load/target/chat-load.jar
OUT=tools/load/target/bench; mkdir -p "$OUT"
PORT=${PORT:-23500}
JAVA=${JAVA:-java}         # the server's java, e.g. JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
JAVA_OPTS=${JAVA_OPTS:-}   # for the server, e.g. JAVA_OPTS="-Xms256m -Xmx256m -XX:+AlwaysPreTouch" for the memory row

start_server() {
  local log="$OUT/chat_log_$$.txt"; rm -f "$log"
  case $SERVER in
    final)  exec taskset -c 0 "$JAVA" $JAVA_OPTS -jar solutions/lab06-persistence/target/chat.jar server --port "$PORT" --log "$log" --history 0 ;;
    before) exec taskset -c 0 "$JAVA" $JAVA_OPTS -jar "$OLD_JAR" server --port "$PORT" --log "$log" --history 0 ;;
    naive)  exec taskset -c 0 "$JAVA" $JAVA_OPTS -cp "$LOAD" chatlab.load.NaiveChatServer "$PORT" ;;
    nagle)  exec taskset -c 0 "$JAVA" $JAVA_OPTS -cp "$LOAD" chatlab.load.NaiveChatServer "$PORT" nodelay ;;
  esac > "$OUT/server.out" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 100); do (echo > /dev/tcp/127.0.0.1/$PORT) 2>/dev/null && return; sleep 0.1; done
  echo "the server did not start"; cat "$OUT/server.out"; exit 1
}

stop_server() { kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; PORT=$((PORT + 1)); }

run() { # NAME then the load tool's options
  local name=$1; shift
  start_server
  { echo "=== $SERVER $name   $(date -u +%FT%TZ)   load average: $(cut -d' ' -f1-3 /proc/loadavg)   server: $JAVA $JAVA_OPTS"
    echo "    java -jar chat-load.jar --port $PORT $*"
    taskset -c 1 java -jar "$LOAD" --port "$PORT" --server-pid "$SERVER_PID" "$@"
  } 2>&1 | tee -a "$OUT/results.txt"
  stop_server
}

for scenario in "$@"; do
  case $scenario in
    c100)   run "100 clients"   -n 100  -k 10 -r 5 -s 10 ;;
    c1000)  run "1000 clients"  -n 1000 -k 20 -r 5 -s 10 ;;
    c2000)  run "2000 clients"  -n 2000 -k 20 -r 5 -s 10 ;;
    memory) run "2000 clients, 1 msg/s" -n 2000 -k 1 -r 1 -s 5 --warmup 0
            ;;
    stuck)  run "200 clients + 5 stuck, 4 KB messages" -n 200 -k 20 -r 5 -s 30 --stuck 5 --size 4000 ;;
    ramp)   for rate in ${RAMP_RATES:-8 16 24 32 40 48}; do  # 500 clients, 50 senders: 200k ... 1.2M deliveries/s offered
              run "500 clients ramp $rate" -n 500 -k 50 -r "$rate" -s 10; done ;;
    *) echo "unknown scenario $scenario"; exit 2 ;;
  esac
done
