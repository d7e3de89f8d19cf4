# A small atf-sh work-alike: just what FreeBSD's network test scripts use, so that they run
# with few changes against the epair tool. Sourced by run.sh in one subshell per test case.
#
#   atf_test_case NAME [cleanup]   declares NAME_head, NAME_body and (with cleanup) NAME_cleanup
#   atf_init_test_cases            the script's own list of atf_add_test_case calls
#   atf_check [-s exit:N|not-exit:N|ignore] [-o empty|not-empty|ignore|match:RE|not-match:RE|inline:TEXT|save:FILE]... [-e ...]... cmd ...
#   atf_set, atf_get_srcdir, atf_pass, atf_fail, atf_skip

_atf_cases=""
_atf_cleanup_cases=" "

atf_test_case() {
	# As atf-sh does: defaults the script's own definitions (made after this call) replace, so
	# a case whose head is misnamed (proxy_ndp.sh's pndp_ifdetroy_success_head) still runs.
	eval "${1}_head() { :; }"
	eval "${1}_body() { atf_fail 'Test case body not defined'; }"
	eval "${1}_cleanup() { :; }"
	_atf_cases="$_atf_cases $1"
	if [ "${2:-}" = cleanup ]; then
		_atf_cleanup_cases="$_atf_cleanup_cases$1 "
	fi
}

atf_add_test_case() { :; }	# the cases run are the ones declared with atf_test_case
atf_set() { :; }		# metadata (descr, require.user): nothing to enforce here
atf_get_srcdir() { echo "$ATF_SRCDIR"; }
atf_pass() { exit 0; }
atf_fail() { echo "failed: $*" >&2; exit 1; }
atf_skip() { echo "skipped: $*" >&2; exit 2; }

_atf_has_cleanup() {
	case "$_atf_cleanup_cases" in *" $1 "*) return 0 ;; esac
	return 1
}

# Checks one output stream against an atf_check -o/-e argument.
_atf_check_stream() {
	local what=$1 spec=$2 file=$3
	case "$spec" in
	ignore) return 0 ;;
	empty)
		[ ! -s "$file" ] && return 0
		echo "atf_check: $what not empty:" >&2; cat "$file" >&2; return 1 ;;
	not-empty)
		[ -s "$file" ] && return 0
		echo "atf_check: $what empty" >&2; return 1 ;;
	match:*)
		grep -Eq -- "${spec#match:}" "$file" && return 0
		echo "atf_check: $what does not match '${spec#match:}':" >&2; cat "$file" >&2; return 1 ;;
	not-match:*)
		grep -Eq -- "${spec#not-match:}" "$file" || return 0
		echo "atf_check: $what matches '${spec#not-match:}':" >&2; cat "$file" >&2; return 1 ;;
	inline:*)
		[ "$(cat "$file"; echo x)" = "$(printf '%b' "${spec#inline:}"; echo x)" ] && return 0
		echo "atf_check: $what is not the expected text:" >&2; cat "$file" >&2; return 1 ;;
	save:*)
		cp "$file" "${spec#save:}"; return 0 ;;
	*)
		echo "atf_check: unsupported $what check '$spec'" >&2; return 1 ;;
	esac
}

# Applies each of the \x1f-separated checks in $2 to the stream saved in $3.
_atf_check_streams() {
	local what=$1 rest=$2 file=$3 spec ok=0
	while :; do
		spec=${rest%%$'\x1f'*}
		_atf_check_stream "$what" "$spec" "$file" || ok=1
		[ "$spec" = "$rest" ] && break
		rest=${rest#*$'\x1f'}
	done
	return $ok
}

atf_check() {
	# -o and -e may be given more than once; every check applies (kept apart by \x1f, which
	# no expected text contains).
	local status=exit:0 out= err= shell= sep=$'\x1f'
	while [ $# -gt 0 ]; do
		case "$1" in
		-s) status=$2; shift 2 ;;
		-o) out="${out:+$out$sep}$2"; shift 2 ;;
		-e) err="${err:+$err$sep}$2"; shift 2 ;;
		-x) shell=1; shift ;;
		--) shift; break ;;
		*) break ;;
		esac
	done
	local o e rc ok=0
	o=$(mktemp) e=$(mktemp)
	if [ -n "$shell" ]; then
		eval "$*" >"$o" 2>"$e"
	else
		"$@" >"$o" 2>"$e"
	fi
	rc=$?
	case "$status" in
	exit:*) [ "$rc" -eq "${status#exit:}" ] || { echo "atf_check: '$*' exited $rc, expected ${status#exit:}" >&2; ok=1; } ;;
	not-exit:*) [ "$rc" -ne "${status#not-exit:}" ] || { echo "atf_check: '$*' exited $rc" >&2; ok=1; } ;;
	ignore) ;;
	*) echo "atf_check: unsupported status check '$status'" >&2; ok=1 ;;
	esac
	_atf_check_streams stdout "${out:-empty}" "$o" || ok=1
	_atf_check_streams stderr "${err:-empty}" "$e" || ok=1
	if [ $ok -ne 0 ]; then
		echo "--- stdout of '$*':" >&2; cat "$o" >&2
		echo "--- stderr of '$*':" >&2; cat "$e" >&2
	fi
	rm -f "$o" "$e"
	[ $ok -eq 0 ] || atf_fail "atf_check failed: $*"
}

# FreeBSD's tools, spoken by the epair tool: scripts call them by their usual names.
# A script that backgrounds one (`tcpdump ... &`) and later kills it with `kill $!` kills the
# shell running the function, not the client under it; so each runs in a subshell that passes
# TERM, INT and HUP on to its client, whose own handler then stops the command in the daemon.
_epair() (
	"$EPAIR" "$@" &
	pid=$!
	trap 'kill -TERM "$pid" 2>/dev/null' TERM INT HUP
	while :; do
		wait "$pid"
		status=$?
		kill -0 "$pid" 2>/dev/null || exit "$status"
	done
)
ifconfig() { _epair ifconfig "$@"; }
jail() { _epair jail "$@"; }
jexec() { _epair jexec "$@"; }
jls() { _epair jls "$@"; }
sysctl() { _epair sysctl "$@"; }
kldload() { _epair kldload "$@"; }
kldunload() { _epair kldunload "$@"; }
kldstat() { _epair kldstat "$@"; }
kenv() { _epair kenv "$@"; }
netstat() { _epair netstat "$@"; }
ping() { _epair ping "$@"; }
ping6() { _epair ping6 "$@"; }
route() { _epair route "$@"; }
arp() { _epair arp "$@"; }
ndp() { _epair ndp "$@"; }
ifmcstat() { _epair ifmcstat "$@"; }
tcpdump() { _epair tcpdump "$@"; }

# FreeBSD's stat -f %z (size in bytes), for the scripts that count with it.
bsd_size() { if [ -e "$1" ]; then stat -c %s "$1"; else echo 0; fi; }

# tests/sys/net/randsleep.c: sleep a random time below $1 microseconds.
randsleep() { sleep "0.$(printf '%06d' $(((RANDOM * 32768 + RANDOM) % $1)))"; }
