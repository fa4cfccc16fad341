package check

import "golang.org/x/sys/unix"

// kernelFileSystems are the Linux file systems whose files are windows into
// the kernel (processes, devices, settings), not stored files: reading one
// can block for ever (/proc/kmsg) or never end, and their folders link back
// into the whole system (/proc/self/root).
var kernelFileSystems = map[int64]string{
	unix.PROC_SUPER_MAGIC:    "proc",
	unix.SYSFS_MAGIC:         "sysfs",
	unix.DEVPTS_SUPER_MAGIC:  "devpts",
	unix.DEBUGFS_MAGIC:       "debugfs",
	unix.TRACEFS_MAGIC:       "tracefs",
	unix.SECURITYFS_MAGIC:    "securityfs",
	unix.CGROUP_SUPER_MAGIC:  "cgroup",
	unix.CGROUP2_SUPER_MAGIC: "cgroup2",
	unix.BPF_FS_MAGIC:        "bpf",
	unix.PSTOREFS_MAGIC:      "pstore",
	unix.EFIVARFS_MAGIC:      "efivarfs",
	unix.SELINUX_MAGIC:       "selinuxfs",
	unix.BINFMTFS_MAGIC:      "binfmt_misc",
}

// kernelFileSystem names the kernel file system path is on, or "" when it
// is on an ordinary one (or that cannot be told).
func kernelFileSystem(path string) string {
	var st unix.Statfs_t
	if err := unix.Statfs(path, &st); err != nil {
		return ""
	}
	return kernelFileSystems[int64(st.Type)]
}
