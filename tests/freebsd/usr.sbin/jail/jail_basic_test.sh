# Port of FreeBSD's usr.sbin/jail/tests/jail_basic_test.sh (BSD-2-Clause) to the epair tool.
# Only "list" is here: the other cases make jails without vnet (ip4.addr), nest jails, or run
# exec.* commands, and jails here are vnet jails without processes (tests/freebsd/README.md).
# No changes were needed in the case itself.

atf_test_case "list" "cleanup"
list_head()
{
	atf_set descr 'Specify some jail parameters as lists'
	atf_set require.user root
}

list_body()
{
	if [ "$(sysctl -qn kern.features.vimage)" -ne 1 ]; then
		atf_skip "cannot create VNET jails"
	fi
	atf_check -o save:epair ifconfig epair create

	epair=$(cat epair)
	atf_check jail -c name=basejail vnet persist vnet.interface=${epair},${epair%a}b

	atf_check -o ignore jexec basejail ifconfig ${epair}
	atf_check -o ignore jexec basejail ifconfig ${epair%a}b
}

list_cleanup()
{
	jail -r basejail
	if [ -f epair ]; then
		ifconfig $(cat epair) destroy
	fi
}

atf_init_test_cases()
{
	atf_add_test_case "list"
}
