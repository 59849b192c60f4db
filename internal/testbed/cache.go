package testbed

import (
	"fmt"
	"os"
	"path/filepath"
)

// cacheEnv overrides the cache root, e.g. to share one cache between CI jobs.
const cacheEnv = "PERSES_TF_CACHE"

// CacheDir is where the test bed keeps tool builds, the empty CLI config and the state of the
// server started by `testbed up`: $PERSES_TF_CACHE, else ${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-perses.
// It lives outside the clone so that `git clean` and fresh clones keep the (slow) builds.
func CacheDir() string {
	if dir := os.Getenv(cacheEnv); dir != "" {
		return absPath(dir)
	}
	base := os.Getenv("XDG_CACHE_HOME")
	if base == "" {
		home, err := os.UserHomeDir()
		if err != nil || home == "" {
			home = os.TempDir()
		}
		base = filepath.Join(home, ".cache")
	}
	return filepath.Join(absPath(base), "terraform-provider-perses")
}

// absPath makes a path absolute: the server and the CLIs run from other working directories.
func absPath(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return p
}

// ensureCacheDir creates the cache root if needed and returns it.
func ensureCacheDir() (string, error) {
	root := CacheDir()
	if err := os.MkdirAll(root, 0o755); err != nil {
		return "", fmt.Errorf("testbed: creating the cache directory: %w", err)
	}
	return root, nil
}

// emptyCLIConfigContent is a valid, empty Terraform/OpenTofu CLI configuration (HCL comments only).
const emptyCLIConfigContent = `# Empty Terraform/OpenTofu CLI configuration written by internal/testbed.
# The tests point TF_CLI_CONFIG_FILE here because a TF_CLI_CONFIG_FILE naming a missing file
# makes OpenTofu print a warning into "tofu version", which terraform-plugin-testing then
# fails to parse ("unable to parse version").
`

// EmptyCLIConfig returns the path of an empty CLI configuration file under the cache root,
// creating it if needed. Use it as TF_CLI_CONFIG_FILE for acceptance tests and tfplugindocs.
func EmptyCLIConfig() (string, error) {
	root, err := ensureCacheDir()
	if err != nil {
		return "", err
	}
	path := filepath.Join(root, "empty.tfrc")
	if data, err := os.ReadFile(path); err == nil && string(data) == emptyCLIConfigContent {
		return path, nil
	}
	// Write then rename, so a concurrent reader never sees a half-written file.
	tmp, err := os.CreateTemp(root, ".empty.tfrc-*")
	if err != nil {
		return "", fmt.Errorf("testbed: writing the empty CLI config: %w", err)
	}
	defer os.Remove(tmp.Name()) //nolint:errcheck // gone after the rename; best effort otherwise
	if _, err := tmp.WriteString(emptyCLIConfigContent); err != nil {
		_ = tmp.Close()
		return "", fmt.Errorf("testbed: writing the empty CLI config: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return "", fmt.Errorf("testbed: writing the empty CLI config: %w", err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return "", fmt.Errorf("testbed: writing the empty CLI config: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return "", fmt.Errorf("testbed: writing the empty CLI config: %w", err)
	}
	return path, nil
}
