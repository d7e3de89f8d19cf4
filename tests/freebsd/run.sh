#!/usr/bin/env bash
# Runs FreeBSD's test scripts, ported under tests/freebsd/sys/, sbin/ and usr.sbin/, against the epair tool.
# Builds the tool once; every test case gets its own temporary directory and its own daemon
# (EPAIR_SOCKET there), stopped and removed after the case's cleanup, pass or fail.
# The last line is "N passed, N failed", which scripts/test.sh adds to its totals.
#
#   tests/freebsd/run.sh [case-name-pattern]    e.g. run.sh 'epair_*'
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
pattern=${1:-*}
case_timeout=${EPAIR_CASE_TIMEOUT:-120}

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if ! build_log=$(dotnet build "$root/src/Epair.Cli" -c Debug 2>&1); then
	printf '%s\n' "$build_log" | tail -30
	echo "0 passed, 1 failed"
	exit 1
fi
bin="$root/src/Epair.Cli/bin/Debug/net10.0"
if [ -x "$bin/Epair.Cli" ]; then
	EPAIR="$bin/Epair.Cli"
else
	EPAIR="dotnet $bin/Epair.Cli.dll"
fi
export EPAIR

passed=0 failed=0
scratch=$(mktemp -d "${TMPDIR:-/tmp}/epair-freebsd.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

# dump_state: netisr queues, and each vnet's interface counters and non-zero IPv6/ICMPv6/IP
# statistics, from the case's daemon.
dump_state() {
	"$EPAIR" netstat -Q | sed -n '/^Workstreams:/,$p'
	for jail in "" $("$EPAIR" jls name 2>/dev/null); do
		echo "== ${jail:-host}"
		local run=("$EPAIR")
		[ -z "$jail" ] || run=("$EPAIR" jexec "$jail")
		"${run[@]}" netstat -i -W -n
		for proto in ip ip6 icmp6 arp; do
			"${run[@]}" netstat -s -p $proto | grep -vE '^\s+0 ' | grep -E '[1-9]'
		done
	done
}

# run_case SCRIPT CASE: head, body and cleanup of one case in its own directory and daemon.
run_case() {
	local script=$1 name=$2 dir status
	dir=$(mktemp -d "$scratch/$name.XXXXXX")
	export EPAIR_SOCKET="$dir/epair.sock"
	(
		cd "$dir" || exit 1
		export ATF_SRCDIR; ATF_SRCDIR=$(dirname "$script")
		. "$here/atf.sh"
		. "$script"
		"${name}_head"
		timeout -k 5 "$case_timeout" bash -c "
			. '$here/atf.sh'; . '$script'; ATF_SRCDIR='$(dirname "$script")'
			${name}_body" > "$dir/body.log" 2>&1
	)
	status=$?
	# A failed body leaves its jails for cleanup: record what the stacks counted first, so a
	# failure on CI says where packets went.
	[ $status -eq 0 ] || dump_state > "$dir/state.log" 2>&1
	(
		cd "$dir" || exit 0
		ATF_SRCDIR=$(dirname "$script")
		. "$here/atf.sh"
		. "$script"
		if _atf_has_cleanup "$name"; then
			timeout -k 5 "$case_timeout" bash -c "
				. '$here/atf.sh'; . '$script'; ATF_SRCDIR='$(dirname "$script")'
				${name}_cleanup" > "$dir/cleanup.log" 2>&1
		fi
	)
	"$EPAIR" daemon stop >/dev/null 2>&1
	if [ $status -eq 0 ]; then
		passed=$((passed + 1))
		echo "passed: $name"
		sed 's/^/    /' "$dir/body.log" | tail -5
	else
		failed=$((failed + 1))
		case $status in
		2) echo "FAILED: $name (skipped, which counts as a failure here)" ;;
		124|137) echo "FAILED: $name (timed out after ${case_timeout} s)" ;;
		*) echo "FAILED: $name (exit $status)" ;;
		esac
		sed 's/^/    /' "$dir/body.log" | tail -40
		echo "    --- state after the body:"
		sed 's/^/    /' "$dir/state.log" | head -80
	fi
	rm -rf "$dir"
}

export -f run_case 2>/dev/null || true
while IFS= read -r script; do
	cases=$(
		# Scripts source their helpers relative to atf_get_srcdir, even while being listed.
		ATF_SRCDIR=$(dirname "$script")
		. "$here/atf.sh"
		. "$script"
		echo "$_atf_cases"
	)
	for name in $cases; do
		# shellcheck disable=SC2254 # the pattern is a glob on purpose
		case "$name" in $pattern) run_case "$script" "$name" ;; esac
	done
done < <(find "$here/sys" "$here/sbin" "$here/usr.sbin" -name '*.sh' 2>/dev/null | sort)

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
