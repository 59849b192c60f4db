package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/perses/terraform-provider-perses/internal/testbed"
)

// runState records the server started by `up` in <cache root>/run/server.json, so that
// `url` and `down` (separate processes) can find it.
type runState struct {
	PID           int       `json:"pid"`
	URL           string    `json:"url"`
	LogPath       string    `json:"logPath"`
	Dir           string    `json:"dir"`
	ConfigPath    string    `json:"configPath"`
	Auth          bool      `json:"auth"`
	CaseSensitive bool      `json:"caseSensitive"`
	AdminUsername string    `json:"adminUsername,omitempty"`
	AdminPassword string    `json:"adminPassword,omitempty"`
	StartedAt     time.Time `json:"startedAt"`
}

func runDir() string        { return filepath.Join(testbed.CacheDir(), "run") }
func stateFilePath() string { return filepath.Join(runDir(), "server.json") }

// upCmd runs `testbed up [-auth] [-case-sensitive] [-port 8080]`.
func upCmd(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("up", flag.ContinueOnError)
	auth := fs.Bool("auth", false, "enable authentication (native provider, provisioned admin)")
	caseSensitive := fs.Bool("case-sensitive", false, "database.file.case_sensitive (default false lowercases names)")
	port := fs.Int("port", 8080, "port on 127.0.0.1 (0 picks a free one)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	portSet := false
	fs.Visit(func(f *flag.Flag) { portSet = portSet || f.Name == "port" })

	if st, ok := runningServer(); ok {
		if st.Auth != *auth || st.CaseSensitive != *caseSensitive || (portSet && !strings.HasSuffix(st.URL, fmt.Sprintf(":%d", *port))) {
			return fmt.Errorf("a Perses server with other options is already running at %s (%s): run `testbed down` first", st.URL, describe(st))
		}
		fmt.Printf("Perses is already running at %s (%s)\n", st.URL, describe(st))
		printAccess(st)
		return nil
	}

	// A fresh database each time: the demo applies examples from an empty state, which would
	// conflict with objects left by a previous run.
	dir, err := serverDir()
	if err != nil {
		return err
	}
	s, err := testbed.StartServer(ctx, testbed.ServerOptions{
		Auth: *auth, CaseSensitive: *caseSensitive, Port: *port, Dir: dir, Out: os.Stderr, Detached: true,
	})
	if err != nil {
		if *port != 0 && strings.Contains(err.Error(), "address already in use") {
			return fmt.Errorf("%w\n(port %d is taken: use -port 0 for a free port)", err, *port)
		}
		return err
	}
	st := runState{
		PID: s.PID, URL: s.URL, LogPath: s.LogPath, Dir: s.Dir, ConfigPath: s.ConfigPath,
		Auth: *auth, CaseSensitive: *caseSensitive,
		AdminUsername: s.AdminUsername, AdminPassword: s.AdminPassword, StartedAt: time.Now(),
	}
	if err := writeState(st); err != nil {
		_ = stopProcess(st.PID)
		return err
	}
	fmt.Printf("Perses %s is running at %s (%s)\n", testbed.PersesVersion, st.URL, describe(st))
	printAccess(st)
	return nil
}

// serverDir empties and returns the working directory of the `up` server. It must be an
// all-lowercase path (see testbed.ServerOptions.Dir): if the cache root is not, a temporary
// directory is used.
func serverDir() (string, error) {
	dir := filepath.Join(runDir(), "server")
	if dir != strings.ToLower(dir) {
		return os.MkdirTemp("/tmp", "perses-testbed-up-")
	}
	if err := os.RemoveAll(dir); err != nil {
		return "", err
	}
	return dir, os.MkdirAll(dir, 0o755)
}

func describe(st runState) string {
	auth := "auth off"
	if st.Auth {
		auth = "auth on"
	}
	return fmt.Sprintf("%s, case_sensitive %t", auth, st.CaseSensitive)
}

func printAccess(st runState) {
	fmt.Printf("  log:   %s\n", st.LogPath)
	if st.Auth {
		fmt.Printf("  login: %s / %s (native provider)\n", st.AdminUsername, st.AdminPassword)
	}
	fmt.Printf("  stop:  make perses-down (or: testbed down)\n")
}

// urlCmd runs `testbed url`.
func urlCmd() error {
	st, ok := runningServer()
	if !ok {
		return errors.New("no Perses server started by `testbed up` is running")
	}
	fmt.Println(st.URL)
	return nil
}

// downCmd runs `testbed down`.
func downCmd() error {
	st, err := readState()
	if errors.Is(err, os.ErrNotExist) {
		fmt.Println("No Perses server started by `testbed up` is running.")
		return nil
	}
	if err != nil {
		return err
	}
	if isOurServer(st) {
		if err := stopProcess(st.PID); err != nil {
			return err
		}
		fmt.Printf("Stopped Perses at %s (log kept: %s)\n", st.URL, st.LogPath)
	} else {
		fmt.Println("No Perses server started by `testbed up` is running.")
	}
	return os.Remove(stateFilePath())
}

// runningServer returns the recorded server if its process is still alive. A stale record
// (the server died, or the machine rebooted) is removed.
func runningServer() (runState, bool) {
	st, err := readState()
	if err != nil {
		return runState{}, false
	}
	if !isOurServer(st) {
		_ = os.Remove(stateFilePath())
		return runState{}, false
	}
	return st, true
}

// isOurServer reports whether st.PID is alive and is the perses started with st.ConfigPath
// (pids are reused: never signal a process only because it has the recorded number).
func isOurServer(st runState) bool {
	if st.PID <= 0 || syscall.Kill(st.PID, 0) != nil {
		return false
	}
	cmdline, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", st.PID))
	if err != nil {
		return !errors.Is(err, os.ErrNotExist) // no /proc (not Linux): trust the pid
	}
	return strings.Contains(string(cmdline), st.ConfigPath)
}

// stopProcess sends SIGTERM to the server's process group (it is its leader), waits up to
// 10s, then kills it.
func stopProcess(pid int) error {
	if err := syscall.Kill(-pid, syscall.SIGTERM); err != nil {
		if err := syscall.Kill(pid, syscall.SIGTERM); err != nil && !errors.Is(err, syscall.ESRCH) {
			return fmt.Errorf("stopping pid %d: %w", pid, err)
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if !alive(pid) {
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	_ = syscall.Kill(-pid, syscall.SIGKILL)
	_ = syscall.Kill(pid, syscall.SIGKILL)
	return nil
}

// alive reports whether pid exists and is not a zombie waiting for its new parent to reap it.
func alive(pid int) bool {
	if syscall.Kill(pid, 0) != nil {
		return false
	}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return !errors.Is(err, os.ErrNotExist)
	}
	// Format: pid (comm) state ...; comm may contain spaces, so look after the last ')'.
	s := string(stat)
	if i := strings.LastIndexByte(s, ')'); i >= 0 && i+2 < len(s) {
		return s[i+2] != 'Z'
	}
	return true
}

func readState() (runState, error) {
	var st runState
	data, err := os.ReadFile(stateFilePath())
	if err != nil {
		return st, err
	}
	if err := json.Unmarshal(data, &st); err != nil {
		return st, fmt.Errorf("reading %s: %w", stateFilePath(), err)
	}
	return st, nil
}

func writeState(st runState) error {
	data, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(runDir(), 0o755); err != nil {
		return err
	}
	// 0600: it holds the admin password of an auth-on server.
	return os.WriteFile(stateFilePath(), append(data, '\n'), 0o600)
}
