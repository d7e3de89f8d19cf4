# Port of FreeBSD's tests/sys/net/if_epair_test.sh (Copyright (c) 2023 Rubicon Communications,
# LLC (Netgate); BSD-2-Clause) to the epair tool. Changes from FreeBSD's script are marked "port:".

# port: found from this file, as run.sh also sources the script to list its cases.
. "$(dirname "${BASH_SOURCE[0]}")/../../common/vnet.subr"

atf_test_case "pcp" "cleanup"
pcp_head()
{
	atf_set descr 'Test PCP over if_epair. PR#270736'
	atf_set require.user root
}

pcp_body()
{
	vnet_init

	j="if_epair_test_pcp"

	epair=$(vnet_mkepair)

	vnet_mkjail ${j}one ${epair}a
	vnet_mkjail ${j}two ${epair}b

	jexec ${j}one ifconfig ${epair}a 192.0.2.1/24 pcp 3 up
	jexec ${j}two ifconfig ${epair}b 192.0.2.2/24 up

	atf_check -s exit:0 -o ignore \
	    jexec ${j}one ping -c 1 192.0.2.2

	# Now set a different PCP. This used to lead to double tagging and failed pin.
	atf_check -s exit:0 -o ignore \
	    jexec ${j}one ping -C5 -c 1 192.0.2.2
}

pcp_cleanup()
{
	vnet_cleanup
}

atf_init_test_cases()
{
	atf_add_test_case "pcp"
}
