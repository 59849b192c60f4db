package testbed

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// ServerOptions configures a Perses server started by StartServer.
type ServerOptions struct {
	// Auth turns on security.enable_auth with the native provider, and provisions an admin
	// (AdminUsername/AdminPassword) allowed every action on every scope.
	Auth bool
	// CaseSensitive sets database.file.case_sensitive. The server default (false) lowercases
	// metadata.name and project on write.
	CaseSensitive bool
	// Users are native users provisioned beside the admin (Auth only), each with only the
	// permissions given (see ProvisionedUser). StartServer returns once each can log in and holds
	// its permissions.
	Users []ProvisionedUser
	// DisableSignUp sets security.authentication.disable_sign_up (Auth only): Perses then serves
	// no route that creates users, and the test bed provisions them.
	DisableSignUp bool
	// PermissionRefresh sets security.authorization.provider.native.check_latest_update_interval
	// (0 = server default, 30s; Auth only): how often a server reloads roles and bindings that
	// another server wrote to a shared SQL database. A server's own writes apply at once.
	PermissionRefresh time.Duration
	// AccessTokenTTL sets authentication.access_token_ttl (0 = server default, 15m). Only
	// meaningful with Auth.
	AccessTokenTTL time.Duration
	// Port to listen on, on 127.0.0.1. 0 picks a free port.
	Port int
	// Dir is the working directory (config, database, plugins, log). "" creates a fresh
	// temporary directory, removed by StartTestServer when the test passes. It must be an
	// all-lowercase path: with case_sensitive false the file database lowercases the whole
	// folder path in list queries, so any capital letter makes every list answer [].
	// t.TempDir() and mktemp produce such paths: do not use them here.
	Dir string
	// Out receives progress messages (tool builds, the address). nil discards them.
	Out io.Writer
	// BrokenLists reproduces an upstream bug on purpose: the database folder gets a capital letter,
	// so that (with CaseSensitive false) every list answers [] while a GET by name still works. For
	// tests of code that must not conclude from a list alone.
	BrokenLists bool
	// Database is DatabaseFile (the default) or DatabaseMariaDB: database.sql on a MariaDB the
	// test bed starts for this server (Debian's mariadb-server, its own data directory and port).
	Database string
	// ShareDatabaseWith runs this server on the SQL database of another (a replica behind a load
	// balancer): its MariaDB and database, which that server owns and stops. Implies DatabaseMariaDB.
	ShareDatabaseWith *Server
	// APIPrefix sets Perses' api_prefix (e.g. /perses): the API, the proxy and the login are
	// served under it, and URL ends with it.
	APIPrefix string
	// TLS puts a TLS-terminating reverse proxy on loopback in front of the server, with
	// certificates from a CA of its own (Server.TLS), routing only APIPrefix, as an ingress does.
	TLS bool
	// RequireClientCert makes the TLS proxy demand a client certificate signed by its CA (mTLS).
	RequireClientCert bool
	// Version is the Perses version to run, one of SupportedPersesVersions ("" = PersesVersion).
	// Each is built on first use; its configuration and plugins are written in the form it reads.
	Version string
	// Detached starts the server in its own process group with no tie to this process, so
	// that it outlives it (`testbed up`). By default the server is killed if this process dies.
	Detached bool
}

// Server is a running Perses server.
type Server struct {
	// URL is the base address, e.g. http://127.0.0.1:41234 (the API is under /api/v1).
	URL string
	// AdminUsername and AdminPassword log in with the native provider (Auth only).
	AdminUsername, AdminPassword string
	// LogPath is the server's log (stdout and stderr).
	LogPath string
	// DataDir is the file database folder.
	DataDir string
	// Dir is the working directory holding the config, the database, the plugins and the log.
	Dir string
	// ConfigPath is the configuration file the server was started with.
	ConfigPath string
	// PID is the server's process id.
	PID int
	// Options are the options the server was started with (Port and Dir resolved).
	Options ServerOptions
	// TLS is the HTTPS endpoint in front of the server (Options.TLS only); URL stays the plain
	// http address the endpoint forwards to.
	TLS *TLSEndpoint
	// MariaDB and DBName are the SQL database (DatabaseMariaDB only).
	MariaDB *MariaDB
	DBName  string

	cmd      *exec.Cmd
	exited   chan struct{} // closed when the process has exited
	waitErr  error         // set before exited is closed
	ownsDir  bool          // Dir was created by StartServer
	ownsDB   bool          // MariaDB was started for this server
	stopOnce sync.Once
	stopErr  error
}

const (
	// startupTimeout bounds the wait for a started server to become ready.
	startupTimeout = 60 * time.Second
	// stopTimeout is how long Stop waits after SIGTERM before it kills the server.
	stopTimeout = 10 * time.Second
)

// StartServer starts a Perses server (building it on first use) and returns once it is
// healthy, every plugin of the test bed is loaded and, with Auth, the admin can
// log in. ctx bounds the build and the start, not the server's life: call Stop.
func StartServer(ctx context.Context, opts ServerOptions) (*Server, error) {
	out := opts.Out
	if out == nil {
		out = io.Discard
	}
	release, err := persesReleaseOf(opts.Version)
	if err != nil {
		return nil, err
	}
	opts.Version = release.version
	s := &Server{Options: opts}
	if err := checkTLSOptions(opts); err != nil {
		return nil, err
	}
	if err := s.prepareDir(); err != nil { // first: a bad Dir fails before any build
		return nil, err
	}
	bin, _, err := EnsurePersesVersion(ctx, out, release.version)
	if err != nil {
		s.removeOwnDir()
		return nil, err
	}
	paths := s.paths()
	if err := s.prepareDatabase(ctx, out); err != nil {
		s.removeOwnDir()
		return nil, err
	}
	if err := s.writeFiles(paths, release); err != nil {
		s.stopDatabase()
		s.removeOwnDir()
		return nil, err
	}

	// With Port 0 a free port is picked then released before the server binds it: another
	// process may take it in between, so a bind failure is retried on a new port.
	for attempt := 1; ; attempt++ {
		port := opts.Port
		if port == 0 {
			if port, err = freePort(); err != nil {
				s.removeOwnDir()
				return nil, err
			}
		} else if err := checkPortFree(port); err != nil {
			// Checked first: the readiness probes could otherwise be answered by whatever
			// already listens there (e.g. another Perses) before our server fails to bind.
			s.removeOwnDir()
			return nil, err
		}
		err = s.start(ctx, bin, paths, port)
		if err == nil {
			break
		}
		if opts.Port != 0 || attempt == 3 || !errors.Is(err, errAddressInUse) {
			s.stopDatabase()
			s.removeOwnDir()
			return nil, err
		}
	}

	auth := "auth off"
	if opts.Auth {
		auth = "auth on, admin " + s.AdminUsername
	}
	fmt.Fprintf(out, "testbed: Perses %s listening on %s (%s, %s, case_sensitive %t, log: %s)\n",
		release.version, s.URL, auth, s.databaseName(), opts.CaseSensitive, s.LogPath)
	if opts.TLS {
		if err := s.startTLSEndpoint(); err != nil {
			_ = s.Stop()
			s.removeOwnDir()
			return nil, err
		}
		fmt.Fprintf(out, "testbed: TLS endpoint %s in front of %s (client certificate required: %t, CA: %s)\n",
			s.TLS.URL, s.URL, opts.RequireClientCert, s.TLS.CA.Files.CACert)
	}
	return s, nil
}

// prepareDir resolves and checks the working directory.
func (s *Server) prepareDir() error {
	dir := s.Options.Dir
	if dir == "" {
		base, err := lowercaseTempBase()
		if err != nil {
			return err
		}
		if dir, err = os.MkdirTemp(base, "perses-testbed-"); err != nil {
			return fmt.Errorf("testbed: %w", err)
		}
		s.ownsDir = true
	}
	dir = absPath(dir)
	if dir != strings.ToLower(dir) {
		return fmt.Errorf("testbed: server directory %q has capital letters: Perses %s then answers [] to every list "+
			"query (the file database lowercases the whole folder path); use an all-lowercase path", dir, PersesVersion)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("testbed: %w", err)
	}
	s.Dir = dir
	s.Options.Dir = dir
	return nil
}

// lowercaseTempBase returns a directory for temporary server directories whose path has no
// capital letter: os.TempDir() if it qualifies, else /tmp.
func lowercaseTempBase() (string, error) {
	for _, base := range []string{os.TempDir(), "/tmp"} {
		if base == strings.ToLower(base) {
			if info, err := os.Stat(base); err == nil && info.IsDir() {
				return base, nil
			}
		}
	}
	return "", fmt.Errorf("testbed: no all-lowercase temporary directory (TMPDIR=%q): set ServerOptions.Dir", os.TempDir())
}

func (s *Server) paths() serverPaths {
	data := "data"
	if s.Options.BrokenLists {
		data = "Data"
	}
	return serverPaths{
		config:       filepath.Join(s.Dir, "config.yaml"),
		data:         filepath.Join(s.Dir, data),
		plugins:      filepath.Join(s.Dir, "plugins"),
		archives:     filepath.Join(s.Dir, "plugins-archive"),
		provisioning: filepath.Join(s.Dir, "provisioning"),
		log:          filepath.Join(s.Dir, "perses.log"),
	}
}

// writeFiles writes the configuration, the plugins and (with Auth) the admin provisioning.
// The database folder is kept, so a server restarted on the same Dir keeps its objects.
func (s *Server) writeFiles(p serverPaths, r persesRelease) error {
	s.ConfigPath, s.LogPath, s.DataDir = p.config, p.log, p.data
	for _, d := range []string{p.data, p.archives} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return fmt.Errorf("testbed: %w", err)
		}
	}
	// Rewritten on every start so that schema changes in this package take effect.
	if err := os.RemoveAll(p.plugins); err != nil {
		return fmt.Errorf("testbed: %w", err)
	}
	if err := writePlugins(p.plugins, r); err != nil {
		return err
	}
	if s.Options.Auth {
		password, err := randomPassword()
		if err != nil {
			return fmt.Errorf("testbed: %w", err)
		}
		if other := s.Options.ShareDatabaseWith; other != nil && other.AdminPassword != "" {
			// One admin user in the shared database: a new password would lock the others out.
			password = other.AdminPassword
		}
		s.AdminUsername, s.AdminPassword = adminUsername, password
		if err := writeAdminProvisioning(p.provisioning, password); err != nil {
			return fmt.Errorf("testbed: writing the admin provisioning: %w", err)
		}
		if err := writeUsersProvisioning(p.provisioning, s.Options.Users); err != nil {
			return fmt.Errorf("testbed: writing the users' provisioning: %w", err)
		}
	} else if len(s.Options.Users) > 0 {
		return errors.New("testbed: ServerOptions.Users needs Auth: without it every request is allowed")
	}
	if err := writeServerConfig(s.Options, r, s.sqlDatabaseConfig(), p); err != nil {
		return fmt.Errorf("testbed: writing the server config: %w", err)
	}
	return nil
}

var errAddressInUse = errors.New("address already in use")

// start runs the server on port and waits until it is ready; on failure the process is gone.
func (s *Server) start(ctx context.Context, bin string, p serverPaths, port int) error {
	logFile, err := os.OpenFile(p.log, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("testbed: %w", err)
	}
	logStart, _ := logFile.Seek(0, io.SeekEnd)
	fmt.Fprintf(logFile, "=== testbed: %s --config %s --web.listen-address=127.0.0.1:%d (%s)\n",
		bin, p.config, port, time.Now().Format(time.RFC3339))

	s.Options.Port = port
	s.URL = fmt.Sprintf("http://127.0.0.1:%d%s", port, s.Options.APIPrefix)
	cmd := exec.Command(bin, "--config", p.config, "--web.listen-address=127.0.0.1:"+strconv.Itoa(port))
	cmd.Dir = s.Dir
	cmd.Env = serverEnv()
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = procAttr(s.Options.Detached)
	err = cmd.Start()
	_ = logFile.Close() // the child has its own descriptor
	if err != nil {
		return fmt.Errorf("testbed: starting %s: %w", bin, err)
	}
	s.cmd, s.PID = cmd, cmd.Process.Pid
	s.exited = make(chan struct{})
	go func() {
		s.waitErr = cmd.Wait()
		close(s.exited)
	}()

	if err := s.waitReady(ctx); err != nil {
		s.kill()
		logTail := readLogFrom(p.log, logStart, 30)
		if strings.Contains(logTail, "address already in use") {
			return fmt.Errorf("testbed: port %d: %w", port, errAddressInUse)
		}
		return fmt.Errorf("%w\nlast lines of %s:\n%s", err, p.log, logTail)
	}
	return nil
}

// serverEnv is this process's environment without PERSES_* variables: the server reads its
// configuration from them too (PERSES_SECURITY_ENABLE_AUTH...), which must not leak into tests.
func serverEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PERSES_") {
			env = append(env, kv)
		}
	}
	return env
}

// Stop stops the server (SIGTERM, then SIGKILL after 10s) and waits for it to exit. It does
// not remove Dir. Calling it again returns the first result.
func (s *Server) Stop() error {
	s.stopOnce.Do(func() {
		s.TLS.stop()
		if s.cmd == nil || s.cmd.Process == nil {
			return
		}
		select {
		case <-s.exited:
			s.stopErr = fmt.Errorf("testbed: Perses exited before Stop (%s); see %s", s.exitStatus(), s.LogPath)
			return
		default:
		}
		_ = s.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-s.exited:
		case <-time.After(stopTimeout):
			s.kill()
		}
	})
	s.stopDatabase()
	return s.stopErr
}

// kill kills the server and waits for it to exit.
func (s *Server) kill() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	_ = s.cmd.Process.Kill()
	<-s.exited
}

// exitStatus describes how the exited process ended.
func (s *Server) exitStatus() string {
	if s.waitErr == nil {
		return "exit status 0"
	}
	return s.waitErr.Error()
}

// Exited reports whether the server process has exited (crashed or stopped).
func (s *Server) Exited() bool {
	select {
	case <-s.exited:
		return true
	default:
		return false
	}
}

// removeOwnDir removes Dir if StartServer created it.
func (s *Server) removeOwnDir() {
	if s.ownsDir && s.Dir != "" {
		_ = os.RemoveAll(s.Dir)
	}
}

// freePort asks the kernel for a free loopback port.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("testbed: finding a free port: %w", err)
	}
	defer l.Close() //nolint:errcheck // only used to reserve a number
	addr, ok := l.Addr().(*net.TCPAddr)
	if !ok {
		return 0, fmt.Errorf("testbed: unexpected listener address %v", l.Addr())
	}
	return addr.Port, nil
}

// checkPortFree fails with errAddressInUse if port is taken on 127.0.0.1.
func checkPortFree(port int) error {
	l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
	if err != nil {
		return fmt.Errorf("testbed: port %d: %w (%w)", port, errAddressInUse, err)
	}
	return l.Close()
}

// readLogFrom returns the last n lines of the log written after offset.
func readLogFrom(path string, offset int64, n int) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Sprintf("(cannot read the log: %v)", err)
	}
	if offset > 0 && offset <= int64(len(data)) {
		data = data[offset:]
	}
	return tail(string(data), n)
}

// LogTail returns the last n lines of the server's log.
func (s *Server) LogTail(n int) string { return readLogFrom(s.LogPath, 0, n) }
