package bench

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// clockTick is the unit of /proc/<pid>/stat times: USER_HZ is 100 on every Linux the Go runtime
// supports (getconf CLK_TCK), and reading it would need cgo.
const clockTick = 10 * time.Millisecond

// processCPU is the user+system time a running process has used so far, from /proc: the Perses
// server runs for the whole row, so its share of a step is the difference across the step.
func processCPU(pid int) (time.Duration, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, fmt.Errorf("bench: reading the server's CPU time: %w", err)
	}
	// The command name (field 2) is in parentheses and may hold spaces: count after it.
	_, rest, ok := strings.Cut(string(data), ") ")
	fields := strings.Fields(rest)
	if !ok || len(fields) < 13 {
		return 0, fmt.Errorf("bench: unexpected /proc/%d/stat", pid)
	}
	// utime and stime are fields 14 and 15 of the line, 12 and 13 after the command name.
	utime, err1 := strconv.ParseInt(fields[11], 10, 64)
	stime, err2 := strconv.ParseInt(fields[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("bench: unexpected /proc/%d/stat", pid)
	}
	return time.Duration(utime+stime) * clockTick, nil
}
