#!/usr/bin/env bash
# The soak of docs/BENCHMARKS.md §8: the full chat for MINUTES (default 10) under a normal chat
# (the load tool's readers and senders), connect/quit churn, connections that leave without a name,
# and flooders that never read, on a small fixed heap. Build first:
#   ./mvnw -B -q -pl grading/support,solutions/lab06-persistence,tools/load -am package -DskipTests
# Usage: tools/load/soak.sh        (JAVA=..., HEAP=256m, MINUTES=10, PORT=24500 to change them)
# Output: a summary at the end; the server's console, GC log and memory samples in target/soak.
set -euo pipefail
cd "$(dirname "$0")/../.."
MINUTES=${MINUTES:-10}
PORT=${PORT:-24500}
JAVA=${JAVA:-java}
HEAP=${HEAP:-256m}
OUT=tools/load/target/soak
rm -rf "$OUT"; mkdir -p "$OUT"

taskset -c 0 "$JAVA" -Xmx"$HEAP" -Xlog:gc:file="$OUT/gc.log" -jar solutions/lab06-persistence/target/chat.jar \
  server --port "$PORT" --log "$OUT/chat_log.txt" > "$OUT/server.out" 2>&1 &
SERVER=$!
for _ in $(seq 100); do (echo > /dev/tcp/127.0.0.1/"$PORT") 2>/dev/null && break; sleep 0.1; done

HELPERS=()
stop_all() { kill "${HELPERS[@]}" 2>/dev/null || true; kill "$SERVER" 2>/dev/null || true; }
trap stop_all EXIT

# Someone joins and quits at once, about 20 times a second.
( while :; do
    ( exec 3<>/dev/tcp/127.0.0.1/"$PORT"; printf 'churn%s\n{quit}\n' "$RANDOM" >&3; timeout 2 cat <&3 > /dev/null ) 2>/dev/null || true
    sleep 0.05
  done ) & HELPERS+=($!)
# A connection opens and closes without a word, about 20 times a second.
( while :; do ( exec 3<>/dev/tcp/127.0.0.1/"$PORT"; exec 3>&- ) 2>/dev/null || true; sleep 0.05; done ) & HELPERS+=($!)
# Two flooders: 1 KB lines as fast as the server takes them, never reading; when dropped, again.
for f in 1 2; do
  ( line=$(head -c 1000 /dev/zero | tr '\0' 'x')
    while :; do { printf 'flooder%s\n' "$f"; yes "$line"; } 2>/dev/null > /dev/tcp/127.0.0.1/"$PORT" || true; sleep 1; done ) &
  HELPERS+=($!)
done
# The server's memory, once a minute.
( while :; do echo "$(date -u +%T) rss_kb $(ps -o rss= -p "$SERVER")"; sleep 60; done >> "$OUT/rss.txt" ) & HELPERS+=($!)

# The chat people have: 200 readers, 20 of them sending 2 messages a second, for the whole soak.
taskset -c 1 java -jar tools/load/target/chat-load.jar --port "$PORT" --server-pid "$SERVER" \
  --clients 200 --senders 20 --rate 2 --warmup 10 --seconds $((MINUTES * 60 - 10)) | tee "$OUT/load.txt"

echo "=== soak summary ($MINUTES min, $JAVA -Xmx$HEAP, load average $(cut -d' ' -f1-3 /proc/loadavg))"
if kill -0 "$SERVER" 2>/dev/null; then echo "server: still running"; else echo "server: DEAD"; fi
echo "server console: $(grep -c ' joined' "$OUT/server.out" || true) joins, $(grep -c 'dropped' "$OUT/server.out" || true) lines saying dropped,"\
  "$(grep -c 'flood limit' "$OUT/server.out" || true) flood warnings, $(grep -ci 'OutOfMemory\|Exception' "$OUT/server.out" || true) exceptions"
echo "heap after GC (MB), highest per minute:"
grep -E 'Pause.*->' "$OUT/gc.log" | sed -E 's/^\[([0-9.]+)s\].*->([0-9]+)M.*/\1 \2/' \
  | awk '{ m = int($1 / 60); if ($2 > max[m]) max[m] = $2 } END { for (i = 0; i in max; i++) printf "  minute %2d: %d\n", i + 1, max[i] }'
echo "resident memory (KB) once a minute:"; sed 's/^/  /' "$OUT/rss.txt"
