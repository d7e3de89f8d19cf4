# Port of FreeBSD's tests/sys/net/if_clone_test.sh (Alan Somers, Spectra Logic, 2014; BSD-2-Clause)
# to the epair tool. Only the epair, lo and vlan cases that need nothing but ifconfig and jail
# are here; the changes from FreeBSD's script are marked "port:".
#
# Outline:
# For each cloned interface type, do three tests
# 1) Create and destroy it
# 2) Create, up, and destroy it
# 3) Create, disable IPv6 auto address assignment, up, and destroy it

# port: 10 s per case in FreeBSD; a few seconds keep the whole suite within a minute or two.
TESTLEN=${EPAIR_STRESS_SECONDS:-3}	# seconds

atf_test_case epair_stress cleanup
epair_stress_head()
{
	atf_set "descr" "Simultaneously create and destroy an epair(4)"
	atf_set "require.user" "root"
}
epair_stress_body()
{
	do_stress "epair"
}
epair_stress_cleanup()
{
	cleanup_ifaces
}

atf_test_case epair_up_stress cleanup
epair_up_stress_head()
{
	atf_set "descr" "Simultaneously up and detroy an epair(4)"
	atf_set "require.user" "root"
}
epair_up_stress_body()
{
	do_up_stress "epair" "" ""
}
epair_up_stress_cleanup()
{
	cleanup_ifaces
}

atf_test_case epair_ipv6_up_stress cleanup
epair_ipv6_up_stress_head()
{
	atf_set "descr" "Simultaneously up and destroy an epair(4) with IPv6"
	atf_set "require.user" "root"
}
epair_ipv6_up_stress_body()
{
	do_up_stress "epair" "6" ""
}
epair_ipv6_up_stress_cleanup()
{
	cleanup_ifaces
}

atf_test_case epair_destroy_race cleanup
epair_destroy_race_head()
{
	atf_set "descr" "Race if_detach() and if_vmove()"
	atf_set "require.user" "root"
}
epair_destroy_race_body()
{
	for i in `seq 1 10`
	do
		epair_a=$(ifconfig epair create)
		echo $epair_a >> devices_to_cleanup
		epair_b=${epair_a%a}b

		# port: the jail runs no process here, so "nopersist ... command=sh -c '...; sleep 0.1'"
		# becomes a persistent jail that jexec configures and jail -r removes 0.1 s later.
		{ jail -c vnet name="epair_destroy" persist path=/ \
		  host.hostname="epair_destroy" vnet.interface="$epair_b" >/dev/null &&
		  jexec epair_destroy ifconfig $epair_b up; sleep 0.1;
		  jail -r epair_destroy >/dev/null; } &
		pid=$!
		ifconfig "$epair_a" destroy
		wait $pid
	done
	# port: added, the daemon survived the race and has no jail left over.
	atf_check -s exit:0 -o not-match:epair_destroy jls
	true
}
epair_destroy_race_cleanup()
{
	cleanup_ifaces
}

atf_test_case lo_stress cleanup
lo_stress_head()
{
	atf_set "descr" "Simultaneously create and destroy an lo(4)"
	atf_set "require.user" "root"
}
lo_stress_body()
{
	do_stress "lo"
}
lo_stress_cleanup()
{
	cleanup_ifaces
}

atf_test_case lo_up_stress cleanup
lo_up_stress_head()
{
	atf_set "descr" "Simultaneously up and destroy an lo(4)"
	atf_set "require.user" "root"
}
lo_up_stress_body()
{
	do_up_stress "lo" "" ""
}
lo_up_stress_cleanup()
{
	cleanup_ifaces
}

atf_test_case lo_ipv6_up_stress cleanup
lo_ipv6_up_stress_head()
{
	atf_set "descr" "Simultaneously up and destroy an lo(4) with IPv6"
	atf_set "require.user" "root"
}
lo_ipv6_up_stress_body()
{
	do_up_stress "lo" "6" ""
}
lo_ipv6_up_stress_cleanup()
{
	cleanup_ifaces
}

atf_test_case vlan_stress cleanup
vlan_stress_head()
{
	atf_set "descr" "Simultaneously create and destroy a vlan(4)"
	atf_set "require.user" "root"
}
vlan_stress_body()
{
	do_stress "vlan"
}
vlan_stress_cleanup()
{
	cleanup_ifaces
}

atf_test_case vlan_up_stress cleanup
vlan_up_stress_head()
{
	atf_set "descr" "Simultaneously up and destroy a vlan(4)"
	atf_set "require.user" "root"
}
vlan_up_stress_body()
{
	do_up_stress "vlan" "" ""
}
vlan_up_stress_cleanup()
{
	cleanup_ifaces
}

atf_test_case vlan_ipv6_up_stress cleanup
vlan_ipv6_up_stress_head()
{
	atf_set "descr" "Simultaneously up and destroy a vlan(4) with IPv6"
	atf_set "require.user" "root"
}
vlan_ipv6_up_stress_body()
{
	do_up_stress "vlan" "6" ""
}
vlan_ipv6_up_stress_cleanup()
{
	cleanup_ifaces
}

atf_init_test_cases()
{
	atf_add_test_case epair_stress
	atf_add_test_case epair_up_stress
	atf_add_test_case epair_ipv6_up_stress
	atf_add_test_case epair_destroy_race
	atf_add_test_case lo_ipv6_up_stress
	atf_add_test_case lo_stress
	atf_add_test_case lo_up_stress
	atf_add_test_case vlan_stress
	atf_add_test_case vlan_up_stress
	atf_add_test_case vlan_ipv6_up_stress
}

do_stress()
{
	local IFACE CREATOR_PID DESTROYER_PID

	IFACE=`get_iface $1`

	# First thread: create the interface
	while true; do
		ifconfig ${IFACE%a} create 2>/dev/null && \
			echo -n . >> creator_count.txt
	done &
	CREATOR_PID=$!

	# Second thread: destroy the lagg
	while true; do
		ifconfig $IFACE destroy 2>/dev/null && \
			echo -n . >> destroyer_count.txt
	done &
	DESTROYER_PID=$!

	sleep ${TESTLEN}
	kill $CREATOR_PID
	kill $DESTROYER_PID
	# port: stat -f %z is FreeBSD's stat(1); bsd_size is the same count on Linux.
	echo "Created ${IFACE%a} `bsd_size creator_count.txt` times."
	echo "Destroyed it `bsd_size destroyer_count.txt` times."
	# port: added, the daemon survived clients killed mid-command.
	atf_check -s exit:0 -o ignore ifconfig -l
}

# Implement the up stress tests
# Parameters
# $1	Interface class, etc "lo" or "tap"
# $2	"6" to enable IPv6 auto address assignment, anything else otherwise
# $3	p2p for point to point interfaces, anything else for normal interfaces
do_up_stress()
{
	local ADDR DSTADDR MASK MEAN_SLEEP_SECONDS MAX_SLEEP_USECS \
	    IFACE IPV6 P2P SRCDIR LOOP_PID ipv6_cmd up_cmd

	# Configure the interface to use an RFC5737 nonrouteable addresses
	ADDR="192.0.2.2"
	DSTADDR="192.0.2.3"
	MASK="24"
	# ifconfig takes about 10ms to run.  To increase race coverage,
	# randomly delay the two commands relative to each other by 5ms either
	# way.
	MEAN_SLEEP_SECONDS=.005
	MAX_SLEEP_USECS=10000

	IFACE=`get_iface $1`
	IPV6=$2
	P2P=$3

	SRCDIR=$( atf_get_srcdir )
	if [ "$IPV6" = 6 ]; then
		ipv6_cmd="true"
	else
		ipv6_cmd="ifconfig $IFACE inet6 ifdisabled"
	fi
	if [ "$P2P" = "p2p" ]; then
		up_cmd="ifconfig $IFACE up ${ADDR}/${MASK} ${DSTADDR}"
	else
		up_cmd="ifconfig $IFACE up ${ADDR}/${MASK}"
	fi
	while true; do
		eval "$ipv6_cmd"
		{ sleep ${MEAN_SLEEP_SECONDS} && \
			eval "$up_cmd" 2> /dev/null &&
			echo -n . >> up_count.txt ; } &
		# port: randsleep is a shell function here, not ${SRCDIR}/randsleep.
		{ randsleep ${MAX_SLEEP_USECS} && \
			ifconfig $IFACE destroy &&
			echo -n . >> destroy_count.txt ; } &
		wait
		ifconfig ${IFACE%a} create
	done &
	LOOP_PID=$!

	sleep ${TESTLEN}
	kill $LOOP_PID
	echo "Upped ${IFACE} `bsd_size up_count.txt` times."
	echo "Destroyed it `bsd_size destroy_count.txt` times."
	atf_check -s exit:0 -o ignore ifconfig -l
}

# Creates a new cloned interface, registers it for cleanup, and echoes it
# params: $1	Interface class name (tap, gif, etc)
get_iface()
{
	local CLASS DEV N

	CLASS=$1
	N=0
	while ! ifconfig ${CLASS}${N} create > /dev/null 2>&1; do
		if [ "$N" -ge 8 ]; then
			atf_skip "Could not create a ${CLASS} interface"
		else
			N=$(($N + 1))
		fi
	done
	if [ ${CLASS} = "epair" ]; then
		DEV=${CLASS}${N}a
	else
		DEV=${CLASS}${N}
	fi
	# Record the device so we can clean it up later
	echo ${DEV} >> "devices_to_cleanup"
	echo ${DEV}
}


cleanup_ifaces()
{
	local DEV

	for DEV in `cat "devices_to_cleanup"`; do
		ifconfig ${DEV} destroy
	done
	true
}
