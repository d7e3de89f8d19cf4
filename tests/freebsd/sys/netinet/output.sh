# Port of FreeBSD's tests/sys/netinet/output.sh (Alexander V. Chernikov, 2020; BSD-2-Clause) to
# the epair tool. Only output_raw_success is here: the TCP and UDP cases need nc, sockstat and
# common/net_receiver.py (Python), the *_flowid_mpath_* cases need net.route.multipath, none of
# which this project has (tests/freebsd/README.md lists them). Changes are marked "port:".

# port: vnet.subr lives in tests/freebsd/common here.
. $(atf_get_srcdir)/../../common/vnet.subr

atf_test_case "output_raw_success" "cleanup"
output_raw_success_head()
{

	atf_set descr 'Test valid IPv4 raw output'
	atf_set require.user root
}

output_raw_success_body()
{

	vnet_init

	net_src="192.0.2."
	net_dst="192.0.2."
	ip_src="${net_src}1"
	ip_dst="${net_dst}2"
	plen=24

	# port: no net_receiver.py script_name: this case never used it.
	jname="v4t-output_raw_success"

	epair=$(vnet_mkepair)

	vnet_mkjail ${jname}a ${epair}a
	jexec ${jname}a ifconfig ${epair}a up
	jexec ${jname}a ifconfig ${epair}a inet ${ip_src}/${plen}

	vnet_mkjail ${jname}b ${epair}b
	jexec ${jname}b ifconfig ${epair}b up
	
	jexec ${jname}b ifconfig ${epair}b inet ${ip_dst}/${plen}

	atf_check -o match:'1 packets transmitted, 1 packets received' jexec ${jname}a ping -nc1 ${ip_dst}
}

output_raw_success_cleanup()
{
	vnet_cleanup
}

atf_init_test_cases()
{
	atf_add_test_case "output_raw_success"
}
