# Port of FreeBSD's tests/sys/netinet6/proxy_ndp.sh (KUROSAWA Takahiro, 2022; BSD-2-Clause) to
# the epair tool: proxy neighbor discovery entries join the solicited-node group of the address
# they answer for, leave it when deleted, survive interface destruction, and are answered with a
# neighbor advertisement. Changes are marked "port:".

# port: the shared subroutines live in tests/freebsd/common, two levels up from here (found
# from this file, so that listing the cases works before atf_get_srcdir is set).
. "$(dirname "${BASH_SOURCE[0]}")/../../common/vnet.subr"

atf_test_case "pndp_add_gu_success" "cleanup"
pndp_add_gu_success_head() {
	atf_set descr 'Test proxy ndp record addition'
	atf_set require.user root
}

pndp_add_gu_success_body() {

	vnet_init

	jname="v6t-pndp_add_success"

	epair0=$(vnet_mkepair)

	vnet_mkjail ${jname} ${epair0}a
	jexec ${jname} ndp -i ${epair0}a -- -disabled
	jexec ${jname} ifconfig ${epair0}a up

	jexec ${jname} ifconfig ${epair0}a inet6 2001:db8::1/64
	proxy_mac=`jexec ${jname} ifconfig ${epair0}a ether | awk '$1~/ether/{print$2}'`

	# wait for DAD to complete
	while [ `jexec ${jname} ifconfig | grep inet6 | grep -c tentative` != "0" ]; do
		sleep 0.1
	done

	atf_check jexec ${jname} ndp -s 2001:db8::2 ${proxy_mac} proxy
	while [ `jexec ${jname} ifmcstat | grep -c undefined` != "0" ]; do
		sleep 0.1
	done

	# checking the output of ndp -an is covered by ndp.sh.
	# we check the output of ifmcstat output here.
	t=`jexec ${jname} ifmcstat -i ${epair0}a -f inet6 | grep -A1 'group ff02::1:ff00:2'`
	atf_check -o match:'mcast-macaddr 33:33:ff:00:00:02' echo $t
}

pndp_add_gu_success_cleanup() {
	vnet_cleanup
}

atf_test_case "pndp_del_gu_success" "cleanup"
pndp_del_gu_success_head() {
	atf_set descr 'Test proxy ndp record deletion'
	atf_set require.user root
}

pndp_del_gu_success_body() {

	vnet_init

	jname="v6t-pndp_del_gu_success"

	epair0=$(vnet_mkepair)

	vnet_mkjail ${jname} ${epair0}a

	jexec ${jname} ndp -i ${epair0}a -- -disabled
	jexec ${jname} ifconfig ${epair0}a up

	jexec ${jname} ifconfig ${epair0}a inet6 2001:db8::1/64
	proxy_mac=`jexec ${jname} ifconfig ${epair0}a ether | awk '$1~/ether/{print$2}'`

	# wait for DAD to complete
	while [ `jexec ${jname} ifconfig | grep inet6 | grep -c tentative` != "0" ]; do
		sleep 0.1
	done

	atf_check jexec ${jname} ndp -s 2001:db8::2 ${proxy_mac} proxy
	while [ `jexec ${jname} ifmcstat | grep -c undefined` != "0" ]; do
		sleep 0.1
	done
	jexec ${jname} ping -c1 -t1 2001:db8::2

	atf_check -o match:"2001:db8::2 \(2001:db8::2\) deleted" jexec ${jname} ndp -nd 2001:db8::2
	while [ `jexec ${jname} ifmcstat | grep -c undefined` != "0" ]; do
		sleep 0.1
	done
	atf_check \
	    -o not-match:'group ff02::1:ff00:2' \
	    -o not-match:'mcast-macaddr 33:33:ff:00:00:02' \
	    jexec ${jname} ifmcstat -i ${epair0}a -f inet6
}

pndp_del_gu_success_cleanup() {
	vnet_cleanup
}

atf_test_case "pndp_ifdestroy_success" "cleanup"
pndp_ifdetroy_success_head() {
	atf_set descr 'Test interface destruction with proxy ndp'
	atf_set require.user root
}

pndp_ifdestroy_success_body() {

	vnet_init

	jname="v6t-pndp_ifdestroy_success"

	epair0=$(vnet_mkepair)

	vnet_mkjail ${jname} ${epair0}a

	jexec ${jname} ndp -i ${epair0}a -- -disabled
	jexec ${jname} ifconfig ${epair0}a up

	jexec ${jname} ifconfig ${epair0}a inet6 2001:db8::1/64
	proxy_mac=`jexec ${jname} ifconfig ${epair0}a ether | awk '$1~/ether/{print$2}'`

	# wait for DAD to complete
	while [ `jexec ${jname} ifconfig | grep inet6 | grep -c tentative` != "0" ]; do
		sleep 0.1
	done

	atf_check jexec ${jname} ndp -s 2001:db8::2 ${proxy_mac} proxy
	while [ `jexec ${jname} ifmcstat | grep -c undefined` != "0" ]; do
		sleep 0.1
	done

	atf_check jexec ${jname} ifconfig ${epair0}a destroy
}

pndp_ifdestroy_success_cleanup() {
	vnet_cleanup
}

atf_test_case "pndp_neighbor_advert" "cleanup"
pndp_neighbor_advert_head() {
	atf_set descr 'Test Neighbor Advertisement for proxy ndp'
	atf_set require.user root
}

pndp_neighbor_advert_body() {

	vnet_init

	jname_a="v6t-pndp_neighbor_advert_a"	# NA sender (w/proxy ndp entry)
	jname_b="v6t-pndp_neighbor_advert_b"	# NA receiver (checker)
	proxy_addr="2001:db8::aaaa"

	epair0=$(vnet_mkepair)

	vnet_mkjail ${jname_a} ${epair0}a
	jexec ${jname_a} ndp -i ${epair0}a -- -disabled
	jexec ${jname_a} ifconfig ${epair0}a up
	jexec ${jname_a} ifconfig ${epair0}a inet6 2001:db8::1/64
	proxy_mac=`jexec ${jname_a} ifconfig ${epair0}a ether | awk '$1~/ether/{print$2}'`
	# wait for DAD to complete
	while [ `jexec ${jname_a} ifconfig | grep inet6 | grep -c tentative` != "0" ]; do
		sleep 0.1
	done
	atf_check jexec ${jname_a} ndp -s ${proxy_addr} ${proxy_mac} proxy
	while [ `jexec ${jname_a} ifmcstat | grep -c undefined` != "0" ]; do
		sleep 0.1
	done

	vnet_mkjail ${jname_b} ${epair0}b
	jexec ${jname_b} ndp -i ${epair0}b -- -disabled
	jexec ${jname_b} ifconfig ${epair0}b up
	jexec ${jname_b} ifconfig ${epair0}b inet6 2001:db8::2/64
	# wait for DAD to complete
	while [ `jexec ${jname_b} ifconfig | grep inet6 | grep -c tentative` != "0" ]; do
		sleep 0.1
	done

	jexec ${jname_b} ndp -nc
	# jname_b sends a NS before ICMPv6 Echo Request for the proxy address.
	# jname_a responds with a NA resolving the proxy address.
	# Then there must be a NDP entry of the proxy address in jname_b.
	jexec ${jname_b} ping -c1 -t1 ${proxy_addr}
	atf_check -o match:"${proxy_addr} +${proxy_mac} +${epair0}b" \
	    jexec ${jname_b} ndp -an
}

pndp_neighbor_advert_cleanup() {
	vnet_cleanup
}

atf_init_test_cases()
{

	atf_add_test_case "pndp_add_gu_success"
	atf_add_test_case "pndp_del_gu_success"
	atf_add_test_case "pndp_ifdestroy_success"
	atf_add_test_case "pndp_neighbor_advert"
}

# end
