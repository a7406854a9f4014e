#!/usr/bin/env bash
# Makes docs/wrap-attempt-nc.txt: an nc session with the full chat while eve tries to pass for
# alice (wrapping, a look-alike name, bidi controls, Zalgo, invisible lines). Run from the kit's
# root after building solutions/lab06-persistence/target/chat.jar; needs nc (netcat-openbsd).
set -euo pipefail
jar=${JAR:-solutions/lab06-persistence/target/chat.jar}
port=${PORT:-23456}
work=$(mktemp -d)
java -jar "$jar" server --port "$port" --log "$work/chat_log.txt" --history 0 > "$work/server.out" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do nc -z localhost "$port" 2>/dev/null && break; sleep 0.2; done

# alice reads everything (and types two lines); eve and mallory type.
{ printf 'alice\n'; sleep 4; printf 'no, I did not say that\n'; sleep 1; } | nc -q 1 localhost "$port" > "$work/alice.txt" &
reader=$!
sleep 0.5
spaces70=$(printf '%70s' '')
spaces400=$(printf '%400s' '')
{
  printf '%s\n' '\u0430lice'     # a Cyrillic a: refused while alice is online
  printf 'aIice\n'              # a capital I
  printf '\xe3\x85\xa4\n'       # U+3164 HANGUL FILLER: shows as nothing
  printf 'eve\n'
  sleep 0.3
  printf 'ok%sLEFT alice quit\n' "$spaces70"
  printf 'ok%salice: I agree\n' "$spaces400"
  printf 'see \xe2\x80\xaekrow ym ni dnah\n'   # RIGHT-TO-LEFT OVERRIDE
  printf '\xe2\x80\x8b\xef\xbb\xbf\n'          # only invisible characters: not a message
  printf 'Z%salgo\n' "$(for _ in $(seq 100); do printf '\xcc\x81'; done)"
  sleep 2
  printf '{quit}\n'
} | sed 's/\\u0430/\xd0\xb0/' | nc -q 1 localhost "$port" > "$work/eve.txt"
wait $reader || true

{
  echo "# An nc session with the full chat: eve tries to pass for alice (PROTOCOL.md §3, §4)"
  echo "# Made by docs/screenshots/wrap-attempt-nc.sh with the full chat's server, $(date -u +%Y-%m-%d)."
  echo
  echo "eve typed, in this order:"
  echo "  аlice (a Cyrillic а), aIice (a capital I), U+3164 (a Hangul filler, shows as nothing), eve,"
  echo "  \"ok\" + 70 spaces + \"LEFT alice quit\","
  echo "  \"ok\" + 400 spaces + \"alice: I agree\","
  echo "  \"see \" + U+202E (RIGHT-TO-LEFT OVERRIDE) + \"krow ym ni dnah\","
  echo "  U+200B U+FEFF (nothing visible),"
  echo "  \"Z\" + 100 combining acute accents + \"algo\", {quit}"
  echo
  echo "--- what eve's nc showed ---"
  cat "$work/eve.txt"
  echo
  echo "--- what alice's nc showed (an 80-column terminal: no line is longer, nothing wraps) ---"
  cat "$work/alice.txt"
  echo
  echo "--- before (the kit until issue 14): the server sent eve's text as typed; in alice's 80-column"
  echo "    terminal it wrapped into a row of its own that reads as a notice: ---"
  printf 'MSG eve ok%sLEFT alice quit\n' "$spaces70" | fold -w 80
} > docs/wrap-attempt-nc.txt
echo "wrote docs/wrap-attempt-nc.txt"
