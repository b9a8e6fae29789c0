//go:build !unix

package soffice

import "os/exec"

// ownGroup leaves the command as it is: stopping it stops soffice alone.
func ownGroup(cmd *exec.Cmd) {}
