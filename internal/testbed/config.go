package testbed

import (
	"encoding/json"
	"fmt"
	"os"
	"time"
)

// The server configuration is written as JSON, which YAML parsers read as YAML: this avoids a
// YAML dependency. Field names follow github.com/perses/perses/pkg/model/api/config; the server
// decodes strictly, so a misspelt field fails the start instead of being ignored.
type serverConfig struct {
	APIPrefix    string              `json:"api_prefix,omitempty"`
	Database     databaseConfig      `json:"database"`
	Frontend     frontendConfig      `json:"frontend"`
	Plugin       pluginConfig        `json:"plugin"`
	Security     securityConfig      `json:"security"`
	Provisioning *provisioningConfig `json:"provisioning,omitempty"`
}

type databaseConfig struct {
	File *fileDatabaseConfig `json:"file,omitempty"`
	SQL  *sqlDatabaseConfig  `json:"sql,omitempty"`
}

// sqlDatabaseConfig is database.sql (MySQL/MariaDB).
type sqlDatabaseConfig struct {
	User                 string `json:"user"`
	Password             string `json:"password"`
	Net                  string `json:"net"`
	Addr                 string `json:"addr"`
	DBName               string `json:"db_name"`
	AllowNativePasswords *bool  `json:"allow_native_passwords,omitempty"`
	CaseSensitive        bool   `json:"case_sensitive"`
}

type fileDatabaseConfig struct {
	Folder        string `json:"folder"`
	Extension     string `json:"extension"`
	CaseSensitive bool   `json:"case_sensitive"`
}

type frontendConfig struct {
	// The UI is not in the module zip, and tests do not need it.
	Disable bool `json:"disable"`
}

type pluginConfig struct {
	Path string `json:"path"`
	// Must exist (it may be empty): the server extracts archives from it at start. Perses v0.53.0
	// and later take the list archive_paths; v0.51 and v0.52 the string archive_path only.
	ArchivePaths []string `json:"archive_paths,omitempty"`
	ArchivePath  string   `json:"archive_path,omitempty"`
}

// pluginConfigFor is the plugin section in the form the release reads.
func pluginConfigFor(r persesRelease, p serverPaths) pluginConfig {
	if r.archivePaths {
		return pluginConfig{Path: p.plugins, ArchivePaths: []string{p.archives}}
	}
	return pluginConfig{Path: p.plugins, ArchivePath: p.archives}
}

type securityConfig struct {
	EnableAuth     bool                  `json:"enable_auth"`
	EncryptionKey  string                `json:"encryption_key"`
	Authentication *authenticationConfig `json:"authentication,omitempty"`
	Authorization  *authorizationConfig  `json:"authorization,omitempty"`
}

// authorizationConfig is security.authorization: its settings under provider.native from
// v0.53.0, directly in it before (see persesRelease.nativeAuthorization).
type authorizationConfig struct {
	CheckLatestUpdateInterval string                 `json:"check_latest_update_interval,omitempty"`
	Provider                  *authorizationProvider `json:"provider,omitempty"`
}

type authorizationProvider struct {
	Native struct {
		CheckLatestUpdateInterval string `json:"check_latest_update_interval,omitempty"`
	} `json:"native"`
}

// authorizationConfigFor is security.authorization in the form the release reads, or nil when
// opts set nothing in it.
func authorizationConfigFor(r persesRelease, opts ServerOptions) *authorizationConfig {
	if opts.PermissionRefresh <= 0 {
		return nil
	}
	interval := persesDuration(opts.PermissionRefresh)
	if !r.nativeAuthorization {
		return &authorizationConfig{CheckLatestUpdateInterval: interval}
	}
	cfg := &authorizationConfig{Provider: &authorizationProvider{}}
	cfg.Provider.Native.CheckLatestUpdateInterval = interval
	return cfg
}

type authenticationConfig struct {
	AccessTokenTTL string                 `json:"access_token_ttl,omitempty"`
	DisableSignUp  bool                   `json:"disable_sign_up,omitempty"`
	Providers      authenticationProvider `json:"providers"`
}

type authenticationProvider struct {
	EnableNative bool `json:"enable_native"`
}

type provisioningConfig struct {
	Folders []string `json:"folders"`
}

// testEncryptionKey encrypts secrets in the test database. The server requires exactly 32
// bytes; a fixed key keeps a data directory readable across restarts. Test data only.
const testEncryptionKey = "testbed-only-encryption-key-0032"

// serverPaths are the files and folders of one server under its working directory.
type serverPaths struct {
	config, data, plugins, archives, provisioning, log string
}

func writeServerConfig(opts ServerOptions, r persesRelease, sql *sqlDatabaseConfig, p serverPaths) error {
	db := databaseConfig{SQL: sql}
	if sql == nil {
		db.File = &fileDatabaseConfig{Folder: p.data, Extension: "json", CaseSensitive: opts.CaseSensitive}
	}
	cfg := serverConfig{
		APIPrefix: opts.APIPrefix,
		Database:  db,
		Frontend:  frontendConfig{Disable: true},
		Plugin:    pluginConfigFor(r, p),
		Security:  securityConfig{EnableAuth: opts.Auth, EncryptionKey: testEncryptionKey},
	}
	if opts.Auth {
		cfg.Security.Authentication = &authenticationConfig{
			AccessTokenTTL: persesDuration(opts.AccessTokenTTL),
			DisableSignUp:  opts.DisableSignUp,
			Providers:      authenticationProvider{EnableNative: true},
		}
		cfg.Provisioning = &provisioningConfig{Folders: []string{p.provisioning}}
		cfg.Security.Authorization = authorizationConfigFor(r, opts)
	}
	data, err := json.MarshalIndent(cfg, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(p.config, append(data, '\n'), 0o600)
}

// persesDuration formats d in the Prometheus duration syntax the server parses ("2s",
// "1500ms"); Go's "1.5s" is not accepted. Zero means "server default" and gives "".
func persesDuration(d time.Duration) string {
	switch {
	case d <= 0:
		return ""
	case d%time.Second == 0:
		return fmt.Sprintf("%ds", d/time.Second)
	default:
		return fmt.Sprintf("%dms", (d+time.Millisecond-1)/time.Millisecond)
	}
}
