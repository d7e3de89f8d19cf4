# Port of FreeBSD's tests/sys/netinet6/output6.sh (Alexander V. Chernikov, 2020; BSD-2-Clause)
# to the epair tool. Only output6_raw_success is here: the TCP and UDP cases need nc, sockstat
# and common/net_receiver.py (Python), the *_flowid_mpath_* cases need net.route.multipath
# (tests/freebsd/README.md lists them). Changes are marked "port:".

# port: vnet.subr lives in tests/freebsd/common here.
. $(atf_get_srcdir)/../../common/vnet.subr

atf_test_case "output6_raw_success" "cleanup"
output6_raw_success_head()
{

	atf_set descr 'Test valid IPv6 raw output'
	atf_set require.user root
}

output6_raw_success_body()
{

	vnet_init

	net_src="2001:db8:0:0:1::"
	net_dst="2001:db8:0:0:1::"
	ip_src="${net_src}1"
	ip_dst=${net_dst}4242
	plen=64

	# port: no net_receiver.py script_name: this case never used it.
	jname="v6t-output6_raw_success"

	epair=$(vnet_mkepair)

	vnet_mkjail ${jname}a ${epair}a
	jexec ${jname}a ifconfig ${epair}a up
	jexec ${jname}a ifconfig ${epair}a inet6 ${ip_src}/${plen}

	vnet_mkjail ${jname}b ${epair}b
	jexec ${jname}b ifconfig ${epair}b up
	
	jexec ${jname}b ifconfig ${epair}b inet6 ${ip_dst}/${plen}

	# wait for DAD to complete
	# port: "ifconfig IF | grep inet6" for "ifconfig IF inet6", which this ifconfig cannot list alone.
	while [ `jexec ${jname}b ifconfig ${epair}b | grep inet6 | grep -c tentative` != "0" ]; do
		sleep 0.1
	done
	while [ `jexec ${jname}a ifconfig ${epair}a | grep inet6 | grep -c tentative` != "0" ]; do
		sleep 0.1
	done

	atf_check -o match:'1 packets transmitted, 1 packets received' jexec ${jname}a ping -6 -nc1 ${ip_dst}
}

output6_raw_success_cleanup()
{
	vnet_cleanup
}

atf_init_test_cases()
{
	atf_add_test_case "output6_raw_success"
}
