// sandbox_cwd: what the guest sees when gowasm-run is started in a host
// directory that is not mounted. Run by gowasm-run only, from a host
// directory holding cwd-secret.txt, with the work directory D (holding
// inside.txt) mounted at its own path, or with no mount at all:
//
//	cd HOSTCWD && gowasm-run [--dir D] sandbox_cwd.wasm D HOSTCWD
//
// The guest starts in "/", and the host directory's contents stay out of
// reach, by relative and by absolute path. Output as in sandbox_escape:
// "attempt NAME: refused (ERRNO: text)" or "ALLOWED", never outside data.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	. "gowasm.test/testdata/fs_common"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: sandbox_cwd WORKDIR HOSTCWD")
		os.Exit(2)
	}
	Dir = os.Args[1]
	hostcwd := os.Args[2]

	wd, err := os.Getwd()
	Say("Getwd: %s %s", strings.ReplaceAll(wd, hostcwd, "$HOSTCWD"), E(err))
	AttemptRead("relative-cwd-file", "cwd-secret.txt")
	AttemptRead("dot-relative-cwd-file", "./cwd-secret.txt")
	AttemptRead("absolute-cwd-file", filepath.Join(hostcwd, "cwd-secret.txt"))
	_, err = os.Stat(hostcwd)
	if err != nil {
		Say("attempt stat-host-cwd: refused (%s)", Refusal(err))
	} else {
		Say("attempt stat-host-cwd: ALLOWED")
	}
	entries, err := os.ReadDir(".")
	if err != nil {
		Say("attempt list-cwd: refused (%s)", Refusal(err))
	} else {
		extra := 0
		for _, e := range entries {
			if e.Name() != "tmp" {
				extra++
			}
		}
		if extra == 0 {
			Say("attempt list-cwd: only mount points")
		} else {
			Say("attempt list-cwd: ALLOWED (%d names besides mount points)", extra)
		}
	}

	// The mount itself, by absolute path and relative to "/".
	b, err := os.ReadFile(filepath.Join(Dir, "inside.txt"))
	Say("mount absolute: %q %s", b, E(err))
	b, err = os.ReadFile(strings.TrimPrefix(Dir, "/") + "/inside.txt")
	Say("mount relative to cwd: %q %s", b, E(err))
	err = os.Chdir(Dir)
	Say("chdir mount: %s", E(err))
	if err == nil {
		b, err = os.ReadFile("inside.txt")
		Say("mount after chdir: %q %s", b, E(err))
		AttemptRead("dotdot-cwd-file", "../hostcwd/cwd-secret.txt")
	}
	fmt.Println("done")
}
