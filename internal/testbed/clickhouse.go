package testbed

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// A real ClickHouse with one password-protected user, the second backend of the end-to-end
// tests (next to Prometheus): the Perses proxy of a ClickHouseDatasource must send the secret's
// basic auth for a query to succeed. It comes from Debian's clickhouse-server package (18.16 in
// bookworm: about 10 MB to download, it starts in under a second and uses about 80 MB of memory),
// installed on first use (see debian.go). Its HTTP interface is all the ClickHouse datasource of
// Perses v0.54.0 uses.

// clickhousePath is where Debian's package puts the binary.
const clickhousePath = "/usr/sbin/clickhouse-server"

// ClickHouseOptions configures StartClickHouse.
type ClickHouseOptions struct {
	// Username and Password are the one user ClickHouse accepts; both are required.
	Username, Password string
	// Out receives progress messages (the first-run install, the address). nil discards them.
	Out io.Writer
}

// ClickHouse is a running ClickHouse server whose HTTP interface answers only its user.
type ClickHouse struct {
	// URL is the HTTP interface, e.g. http://127.0.0.1:41234 (queries: GET /?query=...).
	URL string
	// Username and Password are the credentials it accepts, as HTTP basic auth.
	Username, Password string
	// Dir holds its configuration, its data and LogPath, its server log.
	Dir, LogPath string

	backendProcess
}

// EnsureClickHouse returns the path of the clickhouse-server binary, installing Debian's package
// on first use (see ensureDebianBinary).
func EnsureClickHouse(ctx context.Context, w io.Writer) (string, error) {
	return ensureDebianBinary(ctx, w, "clickhouse-server", clickhousePath, "about 15 seconds")
}

// StartClickHouse starts ClickHouse on free loopback ports (HTTP, and the native TCP port it
// always opens), in a fresh all-lowercase temporary directory, and returns once its HTTP
// interface runs a query for opts' user. ctx bounds the install and the start; call Stop.
func StartClickHouse(ctx context.Context, opts ClickHouseOptions) (*ClickHouse, error) {
	out := opts.Out
	if out == nil {
		out = io.Discard
	}
	if opts.Username == "" || opts.Password == "" {
		return nil, errors.New("testbed: ClickHouse needs a username and a password")
	}
	bin, err := EnsureClickHouse(ctx, out)
	if err != nil {
		return nil, err
	}
	dir, err := newBackendDir("clickhouse-testbed-")
	if err != nil {
		return nil, err
	}
	ch := &ClickHouse{Username: opts.Username, Password: opts.Password, Dir: dir, LogPath: filepath.Join(dir, "clickhouse.log"),
		backendProcess: backendProcess{name: "ClickHouse"}}
	if err := startOnFreePort(dir, func() error { return ch.start(ctx, bin) }); err != nil {
		return nil, err
	}
	fmt.Fprintf(out, "testbed: ClickHouse listening on %s (user %s, log: %s)\n", ch.URL, ch.Username, ch.LogPath)
	return ch, nil
}

// clickhouseConfig is the server configuration: loopback only, everything under Dir.
type clickhouseConfig struct {
	XMLName         xml.Name `xml:"yandex"`
	Logger          clickhouseLogger
	ListenHost      string `xml:"listen_host"`
	HTTPPort        int    `xml:"http_port"`
	TCPPort         int    `xml:"tcp_port"`
	Path            string `xml:"path"`
	TmpPath         string `xml:"tmp_path"`
	UsersConfig     string `xml:"users_config"`
	DefaultProfile  string `xml:"default_profile"`
	DefaultDatabase string `xml:"default_database"`
	// The default (5 GB) is sized for production; a test server needs a few MB.
	MarkCacheSize int `xml:"mark_cache_size"`
}

type clickhouseLogger struct {
	XMLName  xml.Name `xml:"logger"`
	Level    string   `xml:"level"`
	Log      string   `xml:"log"`
	ErrorLog string   `xml:"errorlog"`
}

// clickhouseUsers declares the one user, its password in plain text (a test password) and the
// loopback networks it may connect from. There is no "default" user: a request without
// credentials is refused, as the wrong-credentials tests need.
func clickhouseUsers(username, password string) string {
	var b strings.Builder
	b.WriteString("<?xml version=\"1.0\"?>\n<yandex>\n  <profiles><default></default></profiles>\n  <users>\n")
	fmt.Fprintf(&b, "    <%[1]s>\n      <password>%[2]s</password>\n", username, xmlEscape(password))
	b.WriteString("      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>\n      <profile>default</profile>\n      <quota>default</quota>\n")
	fmt.Fprintf(&b, "    </%s>\n  </users>\n  <quotas><default></default></quotas>\n</yandex>\n", username)
	return b.String()
}

func xmlEscape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

func (ch *ClickHouse) writeConfig(httpPort, tcpPort int) (string, error) {
	cfg := clickhouseConfig{
		Logger:          clickhouseLogger{Level: "information", Log: ch.LogPath, ErrorLog: filepath.Join(ch.Dir, "clickhouse.err.log")},
		ListenHost:      "127.0.0.1",
		HTTPPort:        httpPort,
		TCPPort:         tcpPort,
		Path:            filepath.Join(ch.Dir, "data") + "/",
		TmpPath:         filepath.Join(ch.Dir, "tmp") + "/",
		UsersConfig:     filepath.Join(ch.Dir, "users.xml"),
		DefaultProfile:  "default",
		DefaultDatabase: "default",
		MarkCacheSize:   5 << 20,
	}
	data, err := xml.MarshalIndent(cfg, "", "  ")
	if err != nil {
		return "", fmt.Errorf("testbed: %w", err)
	}
	configPath := filepath.Join(ch.Dir, "config.xml")
	if err := os.WriteFile(configPath, append([]byte(xml.Header), data...), 0o600); err != nil {
		return "", fmt.Errorf("testbed: %w", err)
	}
	if err := os.WriteFile(cfg.UsersConfig, []byte(clickhouseUsers(ch.Username, ch.Password)), 0o600); err != nil {
		return "", fmt.Errorf("testbed: %w", err)
	}
	return configPath, nil
}

// start runs ClickHouse on new free ports and waits until it is ready; on failure the process
// is gone.
func (ch *ClickHouse) start(ctx context.Context, bin string) error {
	httpPort, err := freePort()
	if err != nil {
		return err
	}
	tcpPort, err := freePort()
	if err != nil {
		return err
	}
	configPath, err := ch.writeConfig(httpPort, tcpPort)
	if err != nil {
		return err
	}
	logStart := fileSize(ch.LogPath)
	ch.URL = fmt.Sprintf("http://127.0.0.1:%d", httpPort)
	// Killed rather than stopped: on SIGTERM ClickHouse waits about 10 seconds for idle
	// keep-alive connections (Perses' proxy keeps some open), and a test server has nothing to flush.
	stdout := filepath.Join(ch.Dir, "clickhouse.out")
	if err := ch.run(bin, []string{"--config=" + configPath}, ch.Dir, stdout, true); err != nil {
		return err
	}
	// A query with the user's credentials: a 200 also proves the users file loaded.
	err = ch.waitReady(ctx, ch.URL, func(ctx context.Context) (bool, string) {
		status, body, err := ch.Query(ctx, "SELECT 1", ch.Username, ch.Password)
		return err == nil && status == http.StatusOK, answer(status, body, err)
	})
	if err != nil {
		ch.Stop()
		logTail := readLogFrom(ch.LogPath, logStart, 30) + "\n" + readLogFrom(stdout, 0, 10)
		if strings.Contains(logTail, "Address already in use") {
			return fmt.Errorf("testbed: ports %d/%d: %w", httpPort, tcpPort, errAddressInUse)
		}
		return fmt.Errorf("%w\nlast lines of %s:\n%s", err, ch.LogPath, logTail)
	}
	return nil
}

// Query runs query on the HTTP interface with basic auth (none when username is "") and returns
// the status code and the body.
func (ch *ClickHouse) Query(ctx context.Context, query, username, password string) (int, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, ch.URL+"/?query="+strings.ReplaceAll(url.QueryEscape(query), "+", "%20"), nil)
	if err != nil {
		return 0, "", err
	}
	if username != "" {
		req.SetBasicAuth(username, password)
	}
	resp, err := httpClient.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close() //nolint:errcheck // read fully below
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return resp.StatusCode, string(data), err
}

// LogTail returns the last n lines of ClickHouse's log.
func (ch *ClickHouse) LogTail(n int) string { return readLogFrom(ch.LogPath, 0, n) }
