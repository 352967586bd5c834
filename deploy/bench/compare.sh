#!/usr/bin/env bash
# Compares two builds of the standalone platform on this machine, both running at once and loaded in turns:
#   deploy/bench/compare.sh BASE.jar NEW.jar [rounds]       (./dev.sh compare <commit> [rounds] builds both jars)
# Each round sends the same load to one platform, then to the other, 10 s each: GET a model through the gateway (c=16),
# the gateway's /actuator/health (c=16), and version registrations on 16 models (c=16); odd rounds load BASE first,
# even rounds NEW first, so neither gains from what rises during the run (the machine's speed, the JIT's warm-up). A
# shared machine's speed moves by several times within minutes (docs/benchmarks.md); two platforms loaded in turns
# see the same machine, so the per-round ratio NEW/BASE holds where two runs one after the other do not.
# Both sides start with HEAP_OPTS (default -Xms2g -Xmx2g): left to G1, the two platforms ended at 1.3 and 2.2 GB
# resident in one comparison and the gateway's health column read 0.70x with no code on its path changed, 1.025x with
# both fixed (docs/benchmarks.md, sixteenth session). BASE_JAVA_OPTS and NEW_JAVA_OPTS add JVM options to one side
# after it (a collector, a Spring property as -D…): give the same jar twice to measure an option alone, and HEAP_OPTS=
# (empty) to measure a heap option (an -Xmx below 2g on one side alone would not start). Needs wrk (apt-get install -y
# wrk) and curl; ports 18017-18084 and 19017-19084 must be free.
set -euo pipefail
base_jar="$1"; new_jar="$2"; rounds="${3:-6}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
work="$(mktemp -d)"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

start() { # label jar port-prefix [JVM options]
    mkdir -p "$work/$1"
    local options=(); read -r -a options <<< "${4:-}"
    MODELLEDGER_GATEWAY_LIMITS_REQUESTS_PER_SECOND=1000000 MODELLEDGER_GATEWAY_LIMITS_BURST=1000000 \
        "$java" "${options[@]}" -jar "$2" --data="$work/$1/data" --gateway-port="${3}080" --registry-port="${3}081" --eval-port="${3}082" \
        --monitor-port="${3}083" --console-port="${3}084" --mongodb-port="${3}017" > "$work/$1/log" 2>&1 &
    pids+=($!)
    local pid=$! waited=0
    until grep -qs "ModelLedger is ready" "$work/$1/log"; do
        if ! kill -0 "$pid" 2>/dev/null || [ "$waited" -ge 600 ]; then
            echo "$1 did not start:" >&2; tail -20 "$work/$1/log" >&2; exit 1
        fi
        sleep 0.5; waited=$((waited + 1))
    done
}

prepare() { # label port-prefix: a contributor key and the 17 models the load uses
    local gateway="http://127.0.0.1:${2}080" admin key
    admin="$(grep -oE 'mlk_0000000000000000_[A-Za-z0-9_-]+' "$work/$1/log" | head -1 || true)"
    [ -n "$admin" ] || { echo "$1: no bootstrap admin key in its log" >&2; exit 1; }
    key="$(curl -sf -X POST "$gateway/api/access/keys" -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
               -d '{"name":"compare","owner":"user:compare","roles":["contributor","viewer"]}' | grep -oE 'mlk_[A-Za-z0-9_-]+' | head -1 || true)"
    [ -n "$key" ] || { echo "$1: issuing a contributor key failed" >&2; exit 1; }
    for model in read-me w0 w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 w13 w14 w15; do
        curl -sf -o /dev/null -X POST "$gateway/api/registry/models" -H "Authorization: Bearer $key" \
             -H 'Content-Type: application/json' -d "{\"name\":\"$model\"}" || { echo "$1: creating model $model failed" >&2; exit 1; }
    done
    echo "$key" > "$work/$1/key"
}

cat > "$work/register.lua" <<'LUA'
local threads = 0
function setup(thread) thread:set("model", "w" .. threads); threads = threads + 1 end
local n = 0
function request()
  n = n + 1
  local body = '{"artifactUri":"s3://compare/' .. model .. '/' .. n .. '","sha256":"' .. string.format("%064x", n) .. '","framework":"sklearn"}'
  return wrk.format("POST", "/api/registry/models/" .. model .. "/versions", nil, body)
end
LUA

rate() { # label port-prefix kind seconds: requests per second (and non-2xx answers, which must be none)
    local gateway="http://127.0.0.1:${2}080" key out
    key="$(cat "$work/$1/key")"
    case "$3" in
        read)     out="$(wrk -t4 -c16 -d"$4"s "$gateway/api/registry/models/read-me" -H "Authorization: Bearer $key")" ;;
        health)   out="$(wrk -t4 -c16 -d"$4"s "$gateway/actuator/health")" ;;
        register) out="$(wrk -t16 -c16 -d"$4"s -s "$work/register.lua" "$gateway" -H "Authorization: Bearer $key" \
                             -H 'Content-Type: application/json')" ;;
    esac
    if grep -q "Non-2xx" <<< "$out"; then echo "$1 $3: $(grep Non-2xx <<< "$out")" >&2; exit 1; fi
    awk '/Requests\/sec/ {printf "%.0f", $2}' <<< "$out"
}

heap="${HEAP_OPTS--Xms2g -Xmx2g}"
echo "Starting BASE ($base_jar $heap ${BASE_JAVA_OPTS:-}) and NEW ($new_jar $heap ${NEW_JAVA_OPTS:-})…"
start base "$base_jar" 18 "$heap ${BASE_JAVA_OPTS:-}"
start new "$new_jar" 19 "$heap ${NEW_JAVA_OPTS:-}"
prepare base 18
prepare new 19
echo "Warming up (40 s of reads and 20 s of registrations each)…"
for side in "base 18" "new 19"; do
    rate $side read 40 > /dev/null
    rate $side register 20 > /dev/null
done

printf '%-6s  %-22s  %-22s  %-22s\n' round "GET via gateway" "gateway health" "16 registering"
ratios_read=(); ratios_health=(); ratios_register=()
for round in $(seq 1 "$rounds"); do
    line=""
    for kind in read health register; do
        if [ $((round % 2)) -eq 1 ]; then
            a="$(rate base 18 $kind 10)"; b="$(rate new 19 $kind 10)"
        else
            b="$(rate new 19 $kind 10)"; a="$(rate base 18 $kind 10)"
        fi
        ratio="$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", b / a }')"
        eval "ratios_$kind+=($ratio)"
        line+="$(printf '  %-22s' "$a → $b ($ratio×)")"
    done
    printf '%-6s %s\n' "$round" "$line"
done
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
resident_mb() { awk '/^VmRSS:/ { printf "%d", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo "?"; }
echo "resident after the rounds: BASE $(resident_mb "${pids[0]}") MB, NEW $(resident_mb "${pids[1]}") MB"
echo "median NEW/BASE: GET via gateway $(median "${ratios_read[@]}")×, gateway health $(median "${ratios_health[@]}")×, 16 registering $(median "${ratios_register[@]}")× (req/s, BASE → NEW per round)"
