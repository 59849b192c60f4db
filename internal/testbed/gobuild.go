package testbed

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// goInstall runs `go install pkg@version` with GOBIN=out. It runs in work, outside any
// module, so that the project's go.mod and go.sum are never touched.
func goInstall(ctx context.Context, work, out, pkg, version, ldflags string) error {
	args := []string{"install"}
	if ldflags != "" {
		args = append(args, "-ldflags", ldflags)
	}
	args = append(args, pkg+"@"+version)
	_, err := runGo(ctx, work, []string{"GOBIN=" + out}, args...)
	return err
}

// buildModuleCopy builds pkgs of module@version into out from a writable copy of the module
// (the module cache is read-only and `go build -overlay` cannot replace files in it), after
// writing the files of patch (path relative to the module root -> content).
func buildModuleCopy(ctx context.Context, work, out, module, version, ldflags string, patch map[string]string, pkgs ...string) error {
	modDir, err := downloadModule(ctx, work, module, version)
	if err != nil {
		return err
	}
	src := filepath.Join(work, "src")
	if err := copyTree(modDir, src); err != nil {
		return fmt.Errorf("copying %s: %w", modDir, err)
	}
	for name, content := range patch {
		if err := os.WriteFile(filepath.Join(src, filepath.FromSlash(name)), []byte(content), 0o644); err != nil {
			return err
		}
	}
	args := []string{"build", "-o", out + string(filepath.Separator)}
	if ldflags != "" {
		args = append(args, "-ldflags", ldflags)
	}
	_, err = runGo(ctx, src, nil, append(args, pkgs...)...)
	return err
}

// downloadModule returns the module cache directory of module@version, downloading it if needed.
func downloadModule(ctx context.Context, work, module, version string) (string, error) {
	out, err := runGo(ctx, work, nil, "mod", "download", "-json", module+"@"+version)
	if err != nil {
		return "", err
	}
	var info struct{ Dir, Error string }
	if err := json.Unmarshal(out, &info); err != nil {
		return "", fmt.Errorf("reading `go mod download` output: %w", err)
	}
	if info.Error != "" || info.Dir == "" {
		return "", fmt.Errorf("go mod download %s@%s: %s", module, version, info.Error)
	}
	return info.Dir, nil
}

// runGo runs the go command in dir and returns its standard output. On failure the error
// carries the end of the output, which is where the compiler puts the reason.
func runGo(ctx context.Context, dir string, env []string, args ...string) ([]byte, error) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		return nil, fmt.Errorf("the go command is needed to build the test tools: %w", err)
	}
	cmd := exec.CommandContext(ctx, goBin, args...)
	cmd.Dir = dir
	// GOWORK=off: a go.work of the caller must not leak into these builds. GOFLAGS is cleared
	// for the same reason (e.g. -mod=vendor). CGO_ENABLED=0 gives static binaries and needs no C
	// toolchain.
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=", "CGO_ENABLED=0")
	cmd.Env = append(cmd.Env, env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("go %s: %w\n%s", strings.Join(args, " "), err, tail(stderr.String()+stdout.String(), 40))
	}
	return stdout.Bytes(), nil
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// copyTree copies the regular files of src into dst, making them writable.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil // module zips hold regular files only
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		return copyFile(path, target, info.Mode().Perm()|0o200)
	})
}

func copyFile(src, dst string, perm fs.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close() //nolint:errcheck // read-only
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, perm)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		_ = out.Close()
		return err
	}
	return out.Close()
}
