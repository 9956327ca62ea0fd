#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The board pack in a real browser: headless Chromium (Debian's package) opens
# the demo pack from bundled NHS data and must log no console message (a
# blocked fetch, a script error or a CSP violation would all log one) and make
# no network request (read from Chromium's own NetLog: any request a page
# starts carries an initiator; the browser's background requests carry "not an
# origin" and are ignored). The DOM Chromium built must hold every chart, icon
# and data table. A screenshot is saved for people to look at.
#
# Two negative controls run first, so a silent detector cannot pass the test:
# a page that fetches an image must show up in the NetLog, and a page whose
# inline script the CSP blocks must log a console message.
#
# usage: report_chromium.sh TANDEM SOURCE_DIR OUT_DIR
# Exit 77 (skipped) when chromium is not installed; everything is bounded by
# timeouts and the resolver maps every host to nothing (no real network).
set -u
tandem=$1
src=$2
out=$3
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
    echo "report_chromium: chromium not installed (apt-get install chromium): skipped"
    exit 77
fi
command -v python3 >/dev/null 2>&1 || { echo "report_chromium: python3 (which Meson needs) not found"; exit 1; }
rm -rf "$out"
mkdir -p "$out"
fails=0
fail() { echo "report_chromium: FAIL: $*"; fails=$((fails + 1)); }

run_chromium() { # name url extra-args...: stderr -> $out/NAME.log, NetLog -> $out/NAME.net.json
    name=$1
    url=$2
    shift 2
    profile=$(mktemp -d)
    timeout 90 "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --disable-sync --no-first-run --no-default-browser-check \
        --user-data-dir="$profile" --host-resolver-rules="MAP * ~NOTFOUND" \
        --enable-logging=stderr --v=0 --log-net-log="$out/$name.net.json" "$@" "$url" \
        >"$out/$name.stdout" 2>"$out/$name.log"
    rc=$?
    rm -rf "$profile"
    return $rc
}

page_requests() { # NetLog file: URLs of requests a page started, one per line
    python3 - "$1" <<'PY'
import json, sys
try:
    log = json.load(open(sys.argv[1]))
except ValueError:
    # Chromium may leave the closing brackets off when it exits; close them.
    text = open(sys.argv[1]).read().rstrip().rstrip(',')
    log = json.loads(text + ']}')
names = {v: k for k, v in log['constants']['logEventTypes'].items()}
for e in log.get('events', []):
    p = e.get('params') or {}
    if (names.get(e['type']) == 'URL_REQUEST_START_JOB' and e.get('phase') == 1
            and 'url' in p and p.get('initiator') != 'not an origin'):
        print(p['url'])
PY
}

console_lines() { grep -E 'CONSOLE' "$1"; }

# ---- negative controls ----
cat >"$out/control_fetch.html" <<'HTML'
<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>control</title></head>
<body><p>fetch</p><img alt="" src="http://192.0.2.1/tandem-control.png"></body></html>
HTML
cat >"$out/control_console.html" <<'HTML'
<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'"><title>control</title></head>
<body><script>console.error("control");</script></body></html>
HTML
run_chromium control_fetch "file://$out/control_fetch.html" --dump-dom || fail "chromium did not run (control)"
page_requests "$out/control_fetch.net.json" >"$out/control_fetch.requests"
if ! grep -q 'tandem-control.png' "$out/control_fetch.requests"; then
    fail "the NetLog check did not see a page's request (control)"
fi
run_chromium control_console "file://$out/control_console.html" --dump-dom || fail "chromium did not run (control)"
if ! console_lines "$out/control_console.log" >/dev/null; then
    fail "the console check did not see a console message (control)"
fi

# ---- the demo board pack ----
if ! "$tandem" report -m "$src/data/board_metrics.csv" -i "$src/data/board_data.csv" \
    -o "$out/pack.html" --title "Urgent and emergency care: England" --report-date 2025-09-30; then
    fail "tandem report failed"
    exit 1
fi
metrics=$(($(wc -l <"$src/data/board_metrics.csv") - 1))

run_chromium pack "file://$out/pack.html" --window-size=1280,2400 \
    --screenshot="$out/report_chromium.png" || fail "chromium failed on the pack"
if console_lines "$out/pack.log"; then
    fail "console messages while showing the pack (above)"
fi
reqs=$(page_requests "$out/pack.net.json")
if [ -n "$reqs" ]; then
    echo "$reqs"
    fail "the pack made network requests (above)"
fi
if [ ! -s "$out/report_chromium.png" ] || ! head -c 8 "$out/report_chromium.png" | grep -q PNG; then
    fail "no screenshot"
fi

# The DOM as Chromium built it: every chart, icon set and data table is there.
run_chromium pack_dom "file://$out/pack.html" --dump-dom || fail "chromium --dump-dom failed"
dom="$out/pack_dom.stdout"
charts=$(grep -o '<svg class="spc"' "$dom" | wc -l)
tables=$(grep -o '<details class="data">' "$dom" | wc -l)
uses=$(grep -o '<use href="#tdm-v-' "$dom" | wc -l)
[ "$charts" -eq "$metrics" ] || fail "$charts charts in the DOM, expected $metrics"
[ "$tables" -eq "$metrics" ] || fail "$tables data tables in the DOM, expected $metrics"
[ "$uses" -ge $((metrics * 2)) ] || fail "$uses variation icons in the DOM, expected at least $((metrics * 2))"
# Nothing that could load a file either (file:// loads do not reach the NetLog).
if grep -E ' (src|srcset|poster|data)="|<link |<iframe|<object|<embed|url\(|@import' "$dom" | head -5 | grep .; then
    fail "the DOM references an external resource (above)"
fi
if console_lines "$out/pack_dom.log"; then
    fail "console messages while loading the pack (--dump-dom)"
fi

echo "report_chromium: $metrics charts, $tables data tables, no console messages, no requests"
echo "report_chromium: screenshot $out/report_chromium.png"
[ $fails -eq 0 ]
