package testbed

import "syscall"

// procAttr puts the server in its own process group. Unless detached, the kernel also kills
// it when the process that started it dies, so a crashed or killed `go test` leaves no server
// behind.
func procAttr(detached bool) *syscall.SysProcAttr {
	if detached {
		return &syscall.SysProcAttr{Setpgid: true}
	}
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
