//go:build unix

package store

import (
	"errors"
	"syscall"
)

// processAlive reports whether a process with this pid runs on this host.
// A process of another user answers EPERM, and is alive.
func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
