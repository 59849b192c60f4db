package testbed

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
)

// The databases a test bed server can run on.
const (
	// DatabaseFile is database.file: JSON files in the server's directory.
	DatabaseFile = "file"
	// DatabaseMariaDB is database.sql on a MariaDB the test bed starts.
	DatabaseMariaDB = "mariadb"
)

// persesDBName is the database each test bed Perses uses on its own MariaDB.
const persesDBName = "perses"

func (o ServerOptions) usesMariaDB() bool {
	return o.Database == DatabaseMariaDB || o.ShareDatabaseWith != nil
}

// prepareDatabase starts (or borrows, for a replica) the SQL database before the config is written.
func (s *Server) prepareDatabase(ctx context.Context, out io.Writer) error {
	switch s.Options.Database {
	case "", DatabaseFile, DatabaseMariaDB:
	default:
		return fmt.Errorf("testbed: unknown database %q: use %q or %q", s.Options.Database, DatabaseFile, DatabaseMariaDB)
	}
	if !s.Options.usesMariaDB() {
		return nil
	}
	if other := s.Options.ShareDatabaseWith; other != nil {
		if other.MariaDB == nil {
			return fmt.Errorf("testbed: ShareDatabaseWith names a server at %s that does not run on MariaDB", other.URL)
		}
		s.MariaDB, s.DBName = other.MariaDB, other.DBName
		s.Options.Database = DatabaseMariaDB
		return nil
	}
	m, err := StartMariaDB(ctx, filepath.Join(s.Dir, "mariadb"), out)
	if err != nil {
		return err
	}
	if err := m.CreateDatabase(ctx, persesDBName); err != nil {
		m.Stop()
		return err
	}
	s.MariaDB, s.DBName, s.ownsDB = m, persesDBName, true
	return nil
}

// stopDatabase stops the MariaDB this server started (not one it shares).
func (s *Server) stopDatabase() {
	if s.ownsDB && s.MariaDB != nil {
		s.MariaDB.Stop()
	}
}

// databaseName describes the database in progress messages.
func (s *Server) databaseName() string {
	if s.MariaDB == nil {
		return "file database"
	}
	return fmt.Sprintf("MariaDB %s database %s", s.MariaDB.Addr, s.DBName)
}

// sqlDatabaseConfig is database.sql of the server config for s.
func (s *Server) sqlDatabaseConfig() *sqlDatabaseConfig {
	if s.MariaDB == nil {
		return nil
	}
	yes := true
	return &sqlDatabaseConfig{
		User: s.MariaDB.User, Password: s.MariaDB.Password, Net: "tcp", Addr: s.MariaDB.Addr, DBName: s.DBName,
		AllowNativePasswords: &yes, CaseSensitive: s.Options.CaseSensitive,
	}
}
