#!/usr/bin/env bash
# Runs the whole test suite: build, the xunit tests, and (when present) FreeBSD's ported
# scripts. Ends with one line, "N passed, N failed, N skipped", which CI reads.
set -uo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# tshark, for the tests that read what tcpdump -w wrote; they fail without it, so say so early.
bash scripts/install-deps.sh || echo "test.sh: some test dependencies are missing (see above)" >&2

passed=0 failed=0 skipped=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

if ! dotnet build Epair.slnx -c Debug 2>&1 | tee "$log" | grep -E "error|Build succeeded|Warn" ; then :; fi
if grep -q "Build FAILED" "$log" || ! grep -q "Build succeeded" "$log"; then
    cat "$log" | tail -40
    echo "0 passed, 1 failed"
    exit 1
fi

dotnet test Epair.slnx -c Debug --no-build 2>&1 | tee "$log" || true
# vstest prints one summary per test project:
#   Passed!  - Failed:     0, Passed:   120, Skipped:     0, Total:   120, Duration: 3 s
while read -r f p s; do
    failed=$((failed + f)); passed=$((passed + p)); skipped=$((skipped + s))
done < <(sed -nE 's/.*Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+),.*/\1 \2 \3/p' "$log")
if ! grep -qE "Failed: +[0-9]+, Passed:" "$log"; then
    echo "the test run printed no summary" >&2
    failed=$((failed + 1))
fi
# A crashed test host still prints a summary of the tests that ran before it died: the run
# counts as failed, whatever that summary says.
if grep -qE "Test Run Aborted|The active test run was aborted" "$log"; then
    echo "the test run was aborted (the test host crashed)" >&2
    failed=$((failed + 1))
fi

# FreeBSD's test scripts, ported to bash against the tool (tests/freebsd/run.sh).
if [ -x tests/freebsd/run.sh ]; then
    if out=$(tests/freebsd/run.sh 2>&1); then :; fi
    printf '%s\n' "$out"
    summary=$(printf '%s\n' "$out" | tail -n 1)
    if [[ $summary =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed ]]; then
        passed=$((passed + BASH_REMATCH[1])); failed=$((failed + BASH_REMATCH[2]))
    else
        failed=$((failed + 1))
    fi
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
