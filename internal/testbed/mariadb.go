package testbed

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Production Perses runs on MySQL/MariaDB (database.sql). The test bed runs Debian's
// mariadb-server as a plain process: its own data directory and loopback port per server, no
// system service, started and stopped like the other backends.

const (
	mariadbdPath     = "/usr/sbin/mariadbd"
	mariadbInstallDB = "/usr/bin/mariadb-install-db"
	mariadbClient    = "/usr/bin/mariadb"
	// mariadbUser is the account Perses connects with (over TCP, with a password).
	mariadbUser = "perses"
)

// MariaDB is a running MariaDB server holding one database per Perses server started on it.
type MariaDB struct {
	// Addr is host:port on 127.0.0.1.
	Addr string
	// User and Password are the account Perses connects with.
	User, Password string
	// Dir holds the data directory, the socket and the log; LogPath is the error log.
	Dir, LogPath string

	socket string
	backendProcess
}

// EnsureMariaDB returns the path of mariadbd, installing Debian's mariadb-server when missing.
func EnsureMariaDB(ctx context.Context, w io.Writer) (string, error) {
	return ensureDebianBinary(ctx, w, "mariadb-server", mariadbdPath, "about a minute")
}

// StartMariaDB initialises a fresh data directory under dir (created when "") and starts
// MariaDB on a free loopback port, with an account for Perses. Stop it with Stop.
func StartMariaDB(ctx context.Context, dir string, out io.Writer) (*MariaDB, error) {
	if out == nil {
		out = io.Discard
	}
	bin, err := EnsureMariaDB(ctx, out)
	if err != nil {
		return nil, err
	}
	if dir == "" {
		if dir, err = newBackendDir("mariadb-testbed-"); err != nil {
			return nil, err
		}
	}
	password, err := randomPassword()
	if err != nil {
		return nil, fmt.Errorf("testbed: %w", err)
	}
	m := &MariaDB{User: mariadbUser, Password: password, Dir: dir, LogPath: filepath.Join(dir, "mariadb.log"),
		socket: filepath.Join(dir, "mariadb.sock"), backendProcess: backendProcess{name: "MariaDB"}}
	start := time.Now()
	fmt.Fprintf(out, "testbed: initialising a MariaDB data directory in %s ...\n", m.dataDir())
	if err := m.installDB(ctx); err != nil {
		return nil, err
	}
	if err := startOnFreePort(dir, func() error { return m.start(ctx, bin) }); err != nil {
		return nil, err
	}
	if err := m.exec(ctx, fmt.Sprintf("CREATE USER '%s'@'127.0.0.1' IDENTIFIED BY '%s'; GRANT ALL PRIVILEGES ON *.* TO '%s'@'127.0.0.1';",
		m.User, m.Password, m.User)); err != nil {
		m.Stop()
		return nil, err
	}
	fmt.Fprintf(out, "testbed: MariaDB listening on %s (started in %s, log: %s)\n", m.Addr, time.Since(start).Round(100*time.Millisecond), m.LogPath)
	return m, nil
}

func (m *MariaDB) dataDir() string { return filepath.Join(m.Dir, "data") }

func (m *MariaDB) installDB(ctx context.Context) error {
	if _, err := os.Stat(filepath.Join(m.dataDir(), "mysql")); err == nil {
		return nil // initialised by an earlier start
	}
	cmd := exec.CommandContext(ctx, mariadbInstallDB, "--no-defaults", "--datadir="+m.dataDir(), "--user="+currentUser(),
		"--auth-root-authentication-method=socket", "--skip-test-db")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("testbed: mariadb-install-db: %w\n%s", err, lastLines(string(out), 20))
	}
	return nil
}

func (m *MariaDB) start(ctx context.Context, bin string) error {
	port, err := freePort()
	if err != nil {
		return err
	}
	logStart := fileSize(m.LogPath)
	m.Addr = "127.0.0.1:" + strconv.Itoa(port)
	args := []string{
		"--no-defaults", "--datadir=" + m.dataDir(), "--socket=" + m.socket, "--pid-file=" + filepath.Join(m.Dir, "mariadb.pid"),
		"--port=" + strconv.Itoa(port), "--bind-address=127.0.0.1", "--skip-name-resolve", "--user=" + currentUser(),
		"--log-error=" + m.LogPath, "--innodb-buffer-pool-size=32M", "--skip-log-bin", "--max-connections=500",
	}
	if err := m.run(bin, args, m.Dir, filepath.Join(m.Dir, "mariadb.out"), false); err != nil {
		return err
	}
	err = m.waitReady(ctx, m.Addr, func(ctx context.Context) (bool, string) {
		conn, err := net.DialTimeout("tcp", m.Addr, time.Second)
		if err != nil {
			return false, err.Error()
		}
		_ = conn.Close()
		if err := m.exec(ctx, "SELECT 1"); err != nil {
			return false, err.Error()
		}
		return true, ""
	})
	if err != nil {
		m.Stop()
		logTail := readLogFrom(m.LogPath, logStart, 30)
		if strings.Contains(logTail, "Address already in use") || strings.Contains(logTail, "address already in use") {
			return fmt.Errorf("testbed: port %d: %w", port, errAddressInUse)
		}
		return fmt.Errorf("%w\nlast lines of %s:\n%s", err, m.LogPath, logTail)
	}
	return nil
}

// CreateDatabase creates an empty database (utf8mb4, MariaDB's default case-insensitive
// collation, as a production install has it). Perses creates its tables at start.
func (m *MariaDB) CreateDatabase(ctx context.Context, name string) error {
	return m.exec(ctx, fmt.Sprintf("CREATE DATABASE IF NOT EXISTS `%s` CHARACTER SET utf8mb4", name))
}

// exec runs SQL as root over the server's socket.
func (m *MariaDB) exec(ctx context.Context, sql string) error {
	cmd := exec.CommandContext(ctx, mariadbClient, "--no-defaults", "--socket="+m.socket, "-uroot", "-e", sql)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("testbed: MariaDB %q: %w: %s", sql, err, strings.TrimSpace(string(out)))
	}
	return nil
}

// LogTail returns the last n lines of the error log.
func (m *MariaDB) LogTail(n int) string { return readLogFrom(m.LogPath, 0, n) }

// currentUser is the account mariadbd runs as (it refuses root unless told).
func currentUser() string {
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	return "root"
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
