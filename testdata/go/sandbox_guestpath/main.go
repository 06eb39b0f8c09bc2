// sandbox_guestpath: a mount whose guest path differs from the host path.
// Run by gowasm-run only, from the work directory D (holding inside.txt):
//
//	cd D && gowasm-run --dir D:GUEST[:ro] sandbox_guestpath.wasm D GUEST rw|ro
//
// The guest starts in GUEST (the guest path of the host's working
// directory), sees D's files there and not under D's host path, cannot
// climb out of GUEST with "..", even when GUEST is "/", and can write
// unless the mount is read-only (the harness then checks the host file).
package main

import (
	"fmt"
	"os"
	"path"

	. "gowasm.test/testdata/fs_common"
)

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: sandbox_guestpath HOSTDIR GUEST rw|ro")
		os.Exit(2)
	}
	Dir = os.Args[1]
	guest, mode := os.Args[2], os.Args[3]

	wd, err := os.Getwd()
	Say("Getwd: %s %s", wd, E(err))
	b, err := os.ReadFile("inside.txt")
	Say("relative: %q %s", b, E(err))
	b, err = os.ReadFile(path.Join(guest, "inside.txt"))
	Say("guest path: %q %s", b, E(err))
	fi, err := os.Stat(guest)
	if err == nil {
		Say("stat guest dir: dir=%v", fi.IsDir())
	} else {
		Say("stat guest dir: %s", E(err))
	}
	AttemptRead("host-path", path.Join(Dir, "inside.txt"))
	AttemptRead("dotdot-relative", "../../../../etc/passwd")
	AttemptRead("dotdot-from-guest-root", path.Join(guest, "..", "..", "etc", "passwd"))
	AttemptRead("absolute-etc-passwd", "/etc/passwd")
	err = os.Chdir("..")
	Say("chdir ..: %s", E(err))
	wd, _ = os.Getwd()
	Say("Getwd after chdir ..: %s", wd)
	os.Chdir(guest)

	err = os.WriteFile(path.Join(guest, "made-by-guest.txt"), []byte("made by sandbox_guestpath\n"), 0644)
	if mode == "ro" {
		if err != nil {
			Say("attempt write-ro-mount: refused (%s)", Refusal(err))
		} else {
			Say("attempt write-ro-mount: ALLOWED (wrote)")
		}
		err = os.Mkdir("newdir", 0755)
		if err != nil {
			Say("attempt mkdir-ro-mount: refused (%s)", Refusal(err))
		} else {
			Say("attempt mkdir-ro-mount: ALLOWED (made)")
		}
	} else {
		Say("write: %s", E(err))
		b, err = os.ReadFile("made-by-guest.txt")
		Say("read back: %q %s", b, E(err))
	}
	fmt.Println("done")
}
