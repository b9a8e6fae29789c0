//go:build unix

package soffice

import (
	"os/exec"
	"syscall"
)

// ownGroup starts the command in a process group of its own and makes its
// cancellation stop the whole group: soffice is a script that starts the
// program proper, which would otherwise outlive it.
func ownGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}
