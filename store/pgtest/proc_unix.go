//go:build unix

package pgtest

import (
	"os/user"
	"strconv"
	"syscall"
)

var interrupt = syscall.SIGINT

// sysProcAttr runs a child as u (nil: as this process) and, on Linux, has
// it stopped if the test binary dies without stopping it.
func sysProcAttr(u *user.User) *syscall.SysProcAttr {
	a := &syscall.SysProcAttr{}
	setDeathSignal(a)
	if u != nil {
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		a.Credential = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	}
	return a
}
