#!/usr/bin/env bash
# ModelLedger's two entry points on a fresh machine (needs only a JDK 21+; Maven comes with ./mvnw):
#   ./dev.sh run [--data=./data] [--gateway-port=8080] …   build, then start the whole platform
#   ./dev.sh test [maven args]                              build and run every test
#   ./dev.sh cli [command …]                               the modelledger command line (builds it when needed)
#   ./dev.sh bench [seconds per run]                        the request-path load benchmark (needs wrk:
#                                                           apt-get install -y wrk); prints its table
#   ./dev.sh compare <commit> [rounds]                      this tree against another commit, both running at once and
#                                                           loaded in turns (needs wrk); prints NEW/BASE per round
#   ./dev.sh startup [runs]                                 ready time and memory, as ./dev.sh run starts it and
#                                                           from the single jar
#   ./dev.sh screenshots                                    the console's journeys in Chromium (apt-get install -y
#                                                           chromium), then their screenshots into docs/img
set -euo pipefail
CALLER_DIR="$PWD"
cd "$(dirname "$0")"

java_major() {
    "$1/bin/java" -XshowSettings:properties -version 2>&1 \
        | awk -F'= ' '/java.specification.version/ {split($2, v, "."); print v[1]}'
}

find_jdk() {
    local candidate
    for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home \
                     "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")"; do
        [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
        if [ "$(java_major "$candidate")" -ge 21 ] 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

JAVA_HOME="$(find_jdk)" || { echo "ModelLedger needs a JDK 21 or newer: install one or set JAVA_HOME" >&2; exit 1; }
export JAVA_HOME

# The platform's jar, extracted (once per build of different content: the jars are reproducible) into $app, where
# ./dev.sh run starts it with a class-data archive written when its first start ends (a first start that failed early
# leaves a thin archive: rm deploy/standalone/target/app/modelledger.jsa, and the next start writes a full one)
jar=deploy/standalone/target/modelledger-standalone.jar
app=deploy/standalone/target/app
extract() {
    local sum; sum="$(cksum < "$jar")"
    if [ "$(cat "$app/.source" 2>/dev/null)" != "$sum" ]; then
        rm -rf "$app" "$app.tmp"
        "$JAVA_HOME/bin/java" -Djarmode=tools -jar "$jar" extract --destination "$app.tmp"
        [ -f "$app.tmp/modelledger-standalone.jar" ] || { echo "Extracting $jar failed" >&2; exit 1; }
        echo "$sum" > "$app.tmp/.source"
        mv "$app.tmp" "$app"
    fi
}
cds=(-XX:+AutoCreateSharedArchive -XX:SharedArchiveFile="$app/modelledger.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off)
# the heap starts small and grows with the load: the JVM's default initial heap is 1/64 of the machine's memory (384 MB
# on 24 GB), all of it filled with start-up garbage before the first collection (docs/benchmarks.md, start-up)
heap=(-Xms64m)

case "${1:-}" in
    run)
        shift
        ./mvnw -q -B -DskipTests -pl deploy/standalone -am package
        # from the jar's extracted form, with a class-data archive its first start writes (JDK 19+): on 2 cores it is
        # ready in about two thirds of the single jar's time, with less memory (./dev.sh startup, docs/benchmarks.md)
        extract
        exec "$JAVA_HOME/bin/java" "${heap[@]}" "${cds[@]}" -jar "$app/modelledger-standalone.jar" "$@"
        ;;
    test)
        shift
        exec ./mvnw -B verify "$@"
        ;;
    cli)
        shift
        jar=cli/target/modelledger.jar
        # rebuilt when any of its sources is newer than the jar (the first time, after a clean clone)
        if [ ! -f "$jar" ] || [ -n "$(find cli/src/main contracts/src/main cli/pom.xml -newer "$jar" -print -quit 2>/dev/null)" ]; then
            ./mvnw -q -B -DskipTests -pl cli -am package >&2
        fi
        jar="$PWD/$jar"
        cd "$CALLER_DIR"    # file arguments are relative to where the command was typed
        exec "$JAVA_HOME/bin/java" -jar "$jar" "$@"
        ;;
    bench)
        shift
        command -v wrk >/dev/null 2>&1 || { echo "The load benchmark drives wrk: apt-get install -y wrk" >&2; exit 1; }
        ./mvnw -q -B -DskipTests install
        exec ./mvnw -q -B -pl deploy/standalone -Pbench exec:exec@bench \
            -Dbench.main=io.modelledger.standalone.RequestPathBenchmark -Dbench.args="${1:-15}"
        ;;
    compare)
        # the current tree against another commit, both platforms up at once and loaded in turns (deploy/bench/compare.sh)
        shift
        command -v wrk >/dev/null 2>&1 || { echo "The comparison drives wrk: apt-get install -y wrk" >&2; exit 1; }
        rev="${1:?usage: ./dev.sh compare <commit> [rounds]}"
        ./mvnw -q -B -DskipTests -pl deploy/standalone -am package
        jars="$(mktemp -d)"
        cp "$jar" "$jars/new.jar"
        tree="$jars/tree"
        trap 'git worktree remove --force "$tree" 2>/dev/null || true; rm -rf "$jars"' EXIT
        trap 'exit 130' INT TERM   # the EXIT trap then cleans up; compare.sh stops its platforms on its own signal
        git worktree add -q --detach "$tree" "$rev"
        # packaged, not installed: the other commit's modules must not replace this tree's in the local repository
        (cd "$tree" && ./mvnw -q -B -DskipTests -pl deploy/standalone -am package)
        cp "$tree/$jar" "$jars/base.jar"
        deploy/bench/compare.sh "$jars/base.jar" "$jars/new.jar" "${2:-6}"
        ;;
    startup)
        # how long the platform takes to be ready, and its resident memory then, started as ./dev.sh run starts it and
        # from the single jar, alternately, each on a fresh data directory (ports 18080-18084 and 18017 must be free)
        shift
        runs="${1:-3}"
        ./mvnw -q -B -DskipTests -pl deploy/standalone -am package
        extract
        millis() { # bash 5's clock, else perl's, else whole seconds
            if [ -n "${EPOCHREALTIME:-}" ]; then local t="${EPOCHREALTIME/[.,]/}"; echo $(( t / 1000 ));
            elif command -v perl >/dev/null; then perl -MTime::HiRes=time -e 'printf "%d\n", time * 1000';
            else echo $(( $(date +%s) * 1000 )); fi
        }
        resident_kb() { # procps when there, else Linux's /proc
            if command -v ps >/dev/null; then ps -o rss= -p "$1"; else awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; fi
        }
        pid=""
        trap '[ -z "$pid" ] || kill "$pid" 2>/dev/null' EXIT   # never leave a platform running
        trap 'exit 130' INT TERM
        ready() { # $1 label, then the java arguments before the platform's own
            local label="$1"; shift
            local data; data="$(mktemp -d)"
            local began; began="$(millis)"
            "$JAVA_HOME/bin/java" "$@" --data="$data" --gateway-port=18080 --registry-port=18081 --eval-port=18082 \
                --monitor-port=18083 --console-port=18084 --mongodb-port=18017 > "$data.log" 2>&1 &
            pid=$!
            until grep -qs "ModelLedger is ready" "$data.log"; do
                kill -0 "$pid" 2>/dev/null || { echo "$label: did not start" >&2; tail -20 "$data.log" >&2; exit 1; }
                sleep 0.1
            done
            local ended; ended="$(millis)"
            printf '%-34s ready in %5.1f s, resident %4d MB\n' "$label" "$(( ended - began ))e-3" "$(( $(resident_kb "$pid") / 1024 ))"
            kill "$pid"; wait "$pid" 2>/dev/null || true
            pid=""
            rm -rf "$data" "$data.log"
        }
        [ -f "$app/modelledger.jsa" ] || ready "(writing the class-data archive)" "${heap[@]}" "${cds[@]}" -jar "$app/modelledger-standalone.jar" >/dev/null
        for i in $(seq 1 "$runs"); do
            ready "single jar, run $i" "${heap[@]}" -jar "$jar"
            ready "as ./dev.sh run starts it, run $i" "${heap[@]}" "${cds[@]}" -jar "$app/modelledger-standalone.jar"
        done
        ;;
    screenshots)
        shift
        [ -x "${MODELLEDGER_CHROMIUM:-/usr/bin/chromium}" ] || { echo "The console journeys drive Chromium: apt-get install -y chromium" >&2; exit 1; }
        ./mvnw -q -B -DskipTests install
        MODELLEDGER_REQUIRE_BROWSER=1 ./mvnw -q -B verify -pl deploy/standalone -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
            -Dit.test=ConsoleJourneysIT
        mkdir -p docs/img
        for shot in a3-model a4-version-lineage b2-inbox b3-evidence b4-alias-history c2-state-before-move c3-export-verified \
                    d1-monitoring-chart e2-run-completed j2-policy-change j3-ab-comparison; do
            cp "deploy/standalone/target/console-journeys/$shot.png" "docs/img/console-$shot.png"
        done
        echo "Screenshots copied to docs/img/"
        ;;
    *)
        echo "usage: ./dev.sh run [--data=./data] | ./dev.sh test | ./dev.sh cli [command …] | ./dev.sh bench [seconds] | ./dev.sh compare <commit> [rounds] | ./dev.sh startup [runs] | ./dev.sh screenshots" >&2
        exit 2
        ;;
esac
