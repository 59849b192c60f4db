//go:build unix && !linux

package testbed

import "syscall"

// procAttr puts the server in its own process group (parent-death signals are Linux only).
func procAttr(bool) *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}
