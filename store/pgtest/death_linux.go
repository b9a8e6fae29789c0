package pgtest

import "syscall"

// setDeathSignal stops the server (fast shutdown) when the test binary
// that started it dies, so that no server outlives its tests.
func setDeathSignal(a *syscall.SysProcAttr) { a.Pdeathsig = syscall.SIGINT }
