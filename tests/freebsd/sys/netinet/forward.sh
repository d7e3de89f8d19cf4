# Port of FreeBSD's tests/sys/netinet/forward.sh (Alexander V. Chernikov, 2020; BSD-2-Clause) to
# the epair tool. Only fwd_ip_blackhole is here: the fwd_ip_icmp_* cases send hand-made frames
# with common/sender.py (Python and scapy), which this project does not have
# (tests/freebsd/README.md lists them). Changes are marked "port:".

# port: vnet.subr lives in tests/freebsd/common here.
. $(atf_get_srcdir)/../../common/vnet.subr

atf_test_case "fwd_ip_blackhole" "cleanup"
fwd_ip_blackhole_head() {

	atf_set descr 'Test blackhole routes'
	atf_set require.user root
}

fwd_ip_blackhole_body() {
	jname="v4t-fwd_ip_blackhole"

	vnet_init

	epair=$(vnet_mkepair)
	epair_out=$(vnet_mkepair)

	ifconfig ${epair}a 192.0.2.2/24 up

	vnet_mkjail ${jname} ${epair}b ${epair_out}b
	jexec ${jname} ifconfig lo0 127.0.0.1/8 up
	jexec ${jname} ifconfig ${epair}b 192.0.2.1/24 up
	jexec ${jname} ifconfig ${epair_out}b 198.51.100.1/24 up
	jexec ${jname} sysctl net.inet.ip.forwarding=1

	route add default 192.0.2.1

	atf_check -s exit:2 -o ignore \
	    ping -c 1 -t 1 198.51.100.2
	atf_check -s exit:0 -o match:"0 packets not forwardable" \
	    jexec ${jname} netstat -s -p ip

	# Create blackhole route
	# port: "route" for /sbin/route: jexec runs the tool's commands by name.
	jexec ${jname} route add 198.51.100.2 -blackhole -fib 0
	jexec ${jname} netstat -rn

	# Include an IP option to ensure slow path
	# port: no -R (record route) in this ping, and no slow path to force: one path counts both.
	atf_check -s exit:2 -o ignore \
	    ping -c 1 -t 1 198.51.100.2
	atf_check -s exit:0 -o match:"1 packet not forwardable" \
	    jexec ${jname} netstat -s -p ip

	# Now try via the fast path
	atf_check -s exit:2 -o ignore \
	    ping -c 1 -t 1 198.51.100.2
	atf_check -s exit:0 -o match:"2 packets not forwardable" \
	    jexec ${jname} netstat -s -p ip
}

fwd_ip_blackhole_cleanup() {

	vnet_cleanup
}

atf_init_test_cases()
{

	atf_add_test_case "fwd_ip_blackhole"
}
