module langbench/targets/go-nethttp

// go 1.25 or later: GOMAXPROCS also honours a cgroup CPU limit (and the affinity mask, as before).
go 1.25
