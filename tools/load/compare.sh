#!/usr/bin/env bash
# The kit's chat server beside ngircd (a single-threaded IRC server in C) and the naive server
# (one lock, println + flush per socket), in one session (docs/BENCHMARKS.md). Each run starts a
# fresh server pinned to core 1, the load tool pinned to core 0, and stops the server; the servers
# take turns run by run, so that a change in the machine's load hits them all alike.
# Build first:
#   ./mvnw -B -q -pl grading/support,solutions/lab06-persistence,tools/load -am package -DskipTests
# Usage: tools/load/compare.sh [-n RUNS] [-s SERVERS] ROW...
#   SERVERS: a comma list of ngircd, naive, kit17, kit25 (default: these four), and before17 / before25:
#            another chat.jar (OLD_JAR=/path/to/chat.jar, e.g. the kit before a change) on Java 17 / 25,
#            with OLD_OPTS as more options of its server (e.g. OLD_OPTS="--flood-lines 0" for a jar that has a flood limit)
#   ROW: c1000 c2000 c2000slow r20 r40 r40stop r60 memory (see below)
# Output: one block per run in tools/load/target/compare/results.txt, and a summary line per run
# in tools/load/target/compare/summary.txt.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=3
SERVERS=ngircd,naive,kit17,kit25
while getopts "n:s:" option; do
  case $option in
    n) RUNS=$OPTARG ;;
    s) SERVERS=$OPTARG ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
LOAD=${LOAD:-tools/load/target/chat-load.jar}
CHAT=${CHAT:-solutions/lab06-persistence/target/chat.jar}
JAVA17=${JAVA17:-java}
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
KIT_OPTS=${KIT_OPTS:-}     # for the kit's JVM, e.g. KIT_OPTS=-Xmx256m for the memory row with a fixed heap
OUT=tools/load/target/compare; mkdir -p "$OUT"
PORT=${PORT:-24600}

if [[ $SERVERS == *ngircd* ]] && ! command -v ngircd > /dev/null && [[ ! -x /usr/sbin/ngircd ]]; then
  echo "ngircd is missing: installing the Debian package"
  apt-get install -y ngircd > "$OUT/apt.log" 2>&1 || { echo "apt-get install -y ngircd failed: see $OUT/apt.log"; exit 1; }
fi
NGIRCD=$(command -v ngircd || echo /usr/sbin/ngircd)

start_server() { # SERVER
  local log="$OUT/chat_log_$$.txt"; rm -f "$log"
  case $1 in
    ngircd) sed "s/@PORT@/$PORT/" tools/load/ngircd.conf > "$OUT/ngircd.conf"
            exec taskset -c 1 "$NGIRCD" --nodaemon --passive --config "$OUT/ngircd.conf" ;;
    naive)  exec taskset -c 1 "$JAVA17" -cp "$LOAD" chatlab.load.NaiveChatServer "$PORT" nodelay ;;
    kit17)  exec taskset -c 1 "$JAVA17" $KIT_OPTS -jar "$CHAT" server --port "$PORT" --log "$log" --history 0 \
                 --max-clients 5000 --flood-lines 0 ;;
    kit25)  exec taskset -c 1 "$JAVA25" $KIT_OPTS -jar "$CHAT" server --port "$PORT" --log "$log" --history 0 \
                 --max-clients 5000 --flood-lines 0 ;;
    before17) exec taskset -c 1 "$JAVA17" $KIT_OPTS -jar "${OLD_JAR:?OLD_JAR=/path/to/chat.jar}" server --port "$PORT" \
                 --log "$log" --history 0 --max-clients 5000 ${OLD_OPTS:-} ;;
    before25) exec taskset -c 1 "$JAVA25" $KIT_OPTS -jar "${OLD_JAR:?OLD_JAR=/path/to/chat.jar}" server --port "$PORT" \
                 --log "$log" --history 0 --max-clients 5000 ${OLD_OPTS:-} ;;
    *) echo "unknown server $1"; exit 2 ;;
  esac > "$OUT/server-$1.out" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 100); do (echo > /dev/tcp/127.0.0.1/$PORT) 2>/dev/null && return; sleep 0.1; done
  echo "$1 did not start"; cat "$OUT/server-$1.out"; exit 1
}

stop_server() { kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; PORT=$((PORT + 1)); }

# A client in a process of its own (cat reading the socket) that joins, reads, and is then stopped
# with SIGSTOP, as a program stopped with Ctrl+Z: its socket's buffers fill, and the server must drop
# it while the others go on.
start_stopped_client() { # PROTOCOL
  exec 5<>"/dev/tcp/127.0.0.1/$PORT"
  if [[ $1 == irc ]]; then printf 'NICK stopped\r\nUSER stopped 0 * :stopped\r\nJOIN #chat\r\n' >&5
  else printf 'stopped\n' >&5; fi
  cat <&5 > "$OUT/stopped-client.txt" &
  STOPPED_PID=$!
  exec 5>&-
  sleep 1
  kill -STOP "$STOPPED_PID"
}

# Whether the server closed the stopped client's connection: let it go on (SIGCONT); it reads what
# is left and ends if the server closed the connection, or goes on reading if not.
stopped_client_dropped() {
  kill -CONT "$STOPPED_PID"
  for _ in $(seq 30); do
    local state; state=$(cut -d' ' -f3 "/proc/$STOPPED_PID/stat" 2>/dev/null || echo gone)
    if [[ $state == Z || $state == gone ]]; then
      wait "$STOPPED_PID" 2>/dev/null || true; echo "yes"; return
    fi
    sleep 0.1
  done
  kill "$STOPPED_PID"; wait "$STOPPED_PID" 2>/dev/null || true; echo "no"
}

run() { # SERVER ROW then the load tool's options
  local server=$1 row=$2; shift 2
  local protocol=kit; [[ $server == ngircd ]] && protocol=irc
  start_server "$server"
  local block="$OUT/run.txt" stopped=""
  [[ $row == r40stop ]] && start_stopped_client "$protocol"
  { echo "=== $server $row   $(date -u +%FT%TZ)   load average: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "    taskset -c 0 java -jar chat-load.jar --protocol $protocol --port $PORT $*"
    taskset -c 0 java -jar "$LOAD" --protocol "$protocol" --port "$PORT" --server-pid "$SERVER_PID" "$@" || true
    if [[ $row == r40stop ]]; then
      stopped=$(stopped_client_dropped)
      echo "sigstopped client  a client process stopped with SIGSTOP before the run; the server closed it: $stopped"
    fi
  } > "$block" 2>&1
  cat "$block" | tee -a "$OUT/results.txt"
  stop_server
  # One line per run: server, row, lost, p50, p99, the worst served sender's mean, CPU, memory,
  # stuck clients dropped, the SIGSTOPped one dropped.
  printf '%-8s %-9s lost %-22s p50 %-8s p99 %-10s worst sender %-9s cpu %-6s rss %s KB, %s KB/client %s %s\n' \
    "$server" "$row" \
    "$(grep -oP 'lost \K.*' "$block" | head -1 | tr -d ' ')" \
    "$(grep -oP 'latency ms +p50 \K[0-9.]+' "$block" | head -1)" \
    "$(grep -oP 'p99 \K[0-9.]+' "$block" | head -1)" \
    "$(grep -oP 'worst \K[0-9.]+' "$block" | head -1)" \
    "$(grep -oP 'server cpu +\K[0-9]+ %' "$block" | tr -d ' ')" \
    "$(grep -oP 'memory \K[0-9,]+(?= KB at its end)' "$block")" \
    "$(grep -oP '[0-9.,]+(?= KB per client)' "$block")" \
    "$(grep -oP 'the server closed \K[0-9]+' "$block" | sed 's/^/stuck dropped: /')" \
    "$(grep -oP 'the server closed it: \K\w+' "$block" | sed 's/^/sigstopped dropped: /')" | tee -a "$OUT/summary.txt"
}

row_options() { # ROW: the load tool's options
  case $1 in
    c1000)    echo "-n 1000 -k 20 -r 5 -s 10" ;;                 # 100k deliveries/s
    c2000)    echo "-n 2000 -k 10 -r 5 -s 10" ;;                 # 100k/s, the 2,000 join as fast as they can
    c2000slow) echo "-n 2000 -k 10 -r 5 -s 10 --join-rate 100 --join-timeout 60" ;; # the same, 100 joins a second (20 s)
    r20)      echo "-n 500 -k 50 -r 20 -s 10" ;;                 # 500k/s
    r40)      echo "-n 500 -k 50 -r 40 -s 10 --stuck 1" ;;       # 1M/s offered, and one client that never reads
    r40stop)  echo "-n 500 -k 50 -r 40 -s 10 --stuck 1" ;;       # the same, and a client process stopped with SIGSTOP
    r60)      echo "-n 500 -k 50 -r 60 -s 10" ;;                 # 1.5M/s offered
    memory)   echo "-n 2000 -k 1 -r 1 -s 5 --warmup 0" ;;         # memory per connected client
    *) echo "unknown row $1" >&2; exit 2 ;;
  esac
}

for row in "$@"; do
  options=$(row_options "$row")
  for i in $(seq "$RUNS"); do
    for server in ${SERVERS//,/ }; do
      run "$server" "$row" $options
    done
  done
done
