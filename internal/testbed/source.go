package testbed

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
)

// Terraform after v1.8.5 cannot be built from the Go module proxy (its go.mod replaces modules
// by nested directories the module zip lacks), so the test bed builds it from a complete source
// tree: a `git archive` kept next to the repository in ../shared/sources/ (see its README),
// checked against a pinned sha256 before anything of it is read. People without that archive
// point an environment variable at their own copy, or at a Terraform binary they already have.

// sourceArchive is a source tree the test bed builds a tool from.
type sourceArchive struct {
	what   string // e.g. "Terraform v1.15.9", for messages
	origin string // what the archive is, for messages
	file   string // its name under <repository root>/../shared/sources/
	sha256 string // hex
	top    string // the folder at the top of the archive, holding the tree
	// sourceEnv names another archive; binEnv names an existing binary to use instead of a build.
	sourceEnv, binEnv string
	binHint           string // what binEnv must name, e.g. "a Terraform 1.15 binary"
	// releaseLDFlags make a build report X.Y.Z instead of X.Y.Z-dev.
	releaseLDFlags string
}

// Environment variables of the Terraform 1.15 tool.
const (
	terraform115SourceEnv = "PERSES_TF_TERRAFORM_1_15_SOURCE"
	terraform115BinEnv    = "PERSES_TF_TERRAFORM_1_15_BIN"
)

var terraform115Source = sourceArchive{
	what:      "Terraform " + Terraform115Version,
	origin:    "a `git archive` of hashicorp/terraform at tag " + Terraform115Version,
	file:      "terraform-" + Terraform115Version + ".tar.gz",
	sha256:    Terraform115SHA256,
	top:       "terraform-" + strings.TrimPrefix(Terraform115Version, "v"),
	sourceEnv: terraform115SourceEnv,
	binEnv:    terraform115BinEnv,
	binHint:   "a Terraform " + majorMinor(Terraform115Version) + " binary",
	// Without version.dev=no the binary reports X.Y.Z-dev, which sorts below X.Y.Z in
	// terraform-plugin-testing's version checks.
	releaseLDFlags: "-X github.com/hashicorp/terraform/version.dev=no",
}

// sharedSourcesDir is where the archives are kept, relative to the repository root.
var sharedSourcesDir = filepath.Join("..", "shared", "sources")

// modulePath identifies the repository root: the directory whose go.mod declares it.
const modulePath = "github.com/perses/terraform-provider-perses"

// repoRoot returns the repository root, found upwards from the working directory: the test bed
// runs from the root (make) and from package directories (go test).
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if data, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil && declaresModule(data, modulePath) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod of %s in the working directory or above", modulePath)
		}
		dir = parent
	}
}

func declaresModule(gomod []byte, module string) bool {
	s := bufio.NewScanner(bytes.NewReader(gomod))
	for s.Scan() {
		if f := strings.Fields(s.Text()); len(f) == 2 && f[0] == "module" {
			return strings.Trim(f[1], `"`) == module
		}
	}
	return false
}

// location returns the archive's path and where it comes from, for messages.
func (a sourceArchive) location() (path, from string, err error) {
	if p := os.Getenv(a.sourceEnv); p != "" {
		return absPath(p), "from " + a.sourceEnv, nil
	}
	root, err := repoRoot()
	if err != nil {
		return "", "", fmt.Errorf("testbed: %s cannot be built: its source archive is looked for under the repository root, "+
			"and %v.\nSet %s to the path of %s, or %s to %s you already have", a.what, err, a.sourceEnv, a.file, a.binEnv, a.binHint)
	}
	return filepath.Join(filepath.Dir(root), "shared", "sources", a.file), "the default location, " + filepath.Join(sharedSourcesDir, a.file) + " from the repository root", nil
}

// missingError says what to do when the archive is not where it is looked for.
func (a sourceArchive) missingError(path, from string) error {
	return fmt.Errorf("testbed: %s cannot be built: its source archive %s (%s) does not exist.\n"+
		"Do one of:\n"+
		"  - put %s there: %s, sha256 %s;\n"+
		"  - set %s to the path of that archive;\n"+
		"  - set %s to %s you already have (`terraform version` must say %s)",
		a.what, path, from, a.file, a.origin, a.sha256, a.sourceEnv, a.binEnv, a.binHint, a.what)
}

// mismatchError says what to do when the archive is not the pinned one.
func (a sourceArchive) mismatchError(path, got string) error {
	return fmt.Errorf("testbed: %s cannot be built: the source archive %s has sha256 %s, want %s (%s).\n"+
		"Replace it with that archive, or set %s to %s you already have",
		a.what, path, got, a.sha256, a.origin, a.binEnv, a.binHint)
}

// check verifies that the archive is there and is the pinned one, before a build starts, and
// says on w which archive the build uses.
func (a sourceArchive) check(w io.Writer) error {
	f, path, from, err := a.open()
	if err != nil {
		return err
	}
	defer f.Close() //nolint:errcheck // read-only
	if err := a.verify(f, path); err != nil {
		return err
	}
	fmt.Fprintf(w, "testbed: %s source archive %s (%s), sha256 verified\n", a.what, path, from)
	return nil
}

// open opens the archive; an archive that is not there gets the message that says what to do.
func (a sourceArchive) open() (f *os.File, path, from string, err error) {
	path, from, err = a.location()
	if err != nil {
		return nil, "", "", err
	}
	f, err = os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, "", "", a.missingError(path, from)
	}
	if err != nil {
		return nil, "", "", fmt.Errorf("testbed: %s cannot be built: %w", a.what, err)
	}
	return f, path, from, nil
}

// verify reads f to its end and compares its sha256 with the pinned one.
func (a sourceArchive) verify(f io.Reader, path string) error {
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return fmt.Errorf("testbed: reading %s: %w", path, err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != a.sha256 {
		return a.mismatchError(path, got)
	}
	return nil
}

// extract checks the archive again (it is read twice from one open file, so what is extracted
// is what was hashed unless someone rewrites it in between) and extracts its top folder into
// dst, which then holds the tree itself.
func (a sourceArchive) extract(dst string) error {
	f, path, _, err := a.open()
	if err != nil {
		return err
	}
	defer f.Close() //nolint:errcheck // read-only
	if err := a.verify(f, path); err != nil {
		return err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	return extractTarGz(f, a.top, dst)
}

// extractTarGz writes the entries under top/ of a gzipped tar into dst: directories, regular
// files and symbolic links that stay inside the tree. Anything else, or a name that leaves the
// tree, is an error: the archive is trusted by its hash, but the code does not depend on it.
func extractTarGz(r io.Reader, top, dst string) error {
	gz, err := gzip.NewReader(r)
	if err != nil {
		return fmt.Errorf("reading the archive: %w", err)
	}
	tr := tar.NewReader(gz)
	files := 0
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("reading the archive: %w", err)
		}
		if hdr.Typeflag == tar.TypeXGlobalHeader { // git archive's commit id
			continue
		}
		rel, ok := strings.CutPrefix(strings.TrimSuffix(hdr.Name, "/"), top)
		if !ok || (rel != "" && !strings.HasPrefix(rel, "/")) {
			return fmt.Errorf("archive entry %q is not under %s/", hdr.Name, top)
		}
		rel = strings.TrimPrefix(rel, "/")
		if rel == "" {
			continue
		}
		if !filepath.IsLocal(filepath.FromSlash(rel)) {
			return fmt.Errorf("archive entry %q leaves the tree", hdr.Name)
		}
		target := filepath.Join(dst, filepath.FromSlash(rel))
		switch hdr.Typeflag {
		case tar.TypeDir:
			if err := os.MkdirAll(target, 0o755); err != nil {
				return err
			}
		case tar.TypeReg:
			if err := writeEntry(tr, target, fs.FileMode(hdr.Mode).Perm()|0o600); err != nil {
				return err
			}
			files++
		case tar.TypeSymlink:
			link := filepath.FromSlash(hdr.Linkname)
			inTree, err := filepath.Rel(dst, filepath.Join(filepath.Dir(target), link))
			if filepath.IsAbs(link) || err != nil || !filepath.IsLocal(inTree) {
				return fmt.Errorf("archive entry %q links outside the tree (%s)", hdr.Name, hdr.Linkname)
			}
			if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
				return err
			}
			if err := os.Symlink(link, target); err != nil {
				return err
			}
		default:
			return fmt.Errorf("archive entry %q has unsupported type %q", hdr.Name, hdr.Typeflag)
		}
	}
	if files == 0 {
		return fmt.Errorf("the archive has no file under %s/", top)
	}
	return nil
}

func writeEntry(r io.Reader, target string, perm fs.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return err
	}
	out, err := os.OpenFile(target, os.O_CREATE|os.O_WRONLY|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, r); err != nil {
		_ = out.Close()
		return err
	}
	return out.Close()
}

// buildFromSource extracts a into work/src and runs `go build -o out/<bin> .` there.
// -buildvcs=false: the tree is not a git checkout.
func buildFromSource(ctx context.Context, a sourceArchive, work, out, bin string) error {
	src := filepath.Join(work, "src")
	if err := a.extract(src); err != nil {
		return err
	}
	_, err := runGo(ctx, src, []string{"GOFLAGS=-buildvcs=false"},
		"build", "-ldflags", a.releaseLDFlags, "-o", filepath.Join(out, bin), ".")
	return err
}

// cliVersionLine matches the first line of `terraform version`; a prerelease suffix such as
// -dev is kept apart, since terraform-plugin-testing sorts it below the release.
var cliVersionLine = regexp.MustCompile(`^(Terraform|OpenTofu) v(\d+\.\d+\.\d+)(\S*)$`)

// existingBinary returns the binary named by a.binEnv ("" when unset) after checking with
// `version` that it is the tool's name at the pinned major.minor, without prerelease. Another
// patch release is accepted with a note on w.
func (a sourceArchive) existingBinary(ctx context.Context, w io.Writer) (string, error) {
	bin := os.Getenv(a.binEnv)
	if bin == "" {
		return "", nil
	}
	bin = absPath(bin)
	cmd := exec.CommandContext(ctx, bin, "version")
	// No call to HashiCorp's checkpoint service (the network is closed in CI), and a
	// TF_CLI_CONFIG_FILE naming a missing file changes nothing on stdout.
	cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1")
	stdout, err := cmd.Output()
	if err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) && len(bytes.TrimSpace(exitErr.Stderr)) > 0 {
			err = fmt.Errorf("%w (%s)", err, tail(strings.TrimSpace(string(exitErr.Stderr)), 5))
		}
		return "", fmt.Errorf("testbed: %s=%s: `%s version` failed: %w. Unset it to build %s instead",
			a.binEnv, bin, filepath.Base(bin), err, a.what)
	}
	first, _, _ := strings.Cut(strings.TrimSpace(string(stdout)), "\n")
	wantName, wantVersion, _ := strings.Cut(a.what, " ")
	m := cliVersionLine.FindStringSubmatch(strings.TrimSpace(first))
	switch {
	case m == nil || m[1] != wantName || majorMinor(m[2]) != majorMinor(wantVersion):
		return "", fmt.Errorf("testbed: %s=%s is not %s: its `version` says %q, want %q. Point it at %s, or unset it to build %s",
			a.binEnv, bin, a.binHint, strings.TrimSpace(first), a.what, a.binHint, a.what)
	case m[3] != "":
		return "", fmt.Errorf("testbed: %s=%s is a prerelease build: its `version` says %q, which terraform-plugin-testing sorts below v%s. "+
			"Build it with -ldflags \"%s\", or unset %s to build %s",
			a.binEnv, bin, strings.TrimSpace(first), m[2], a.releaseLDFlags, a.binEnv, a.what)
	}
	if "v"+m[2] != wantVersion {
		fmt.Fprintf(w, "testbed: using %s v%s from %s=%s (the suite is pinned to %s)\n", wantName, m[2], a.binEnv, bin, wantVersion)
	} else {
		fmt.Fprintf(w, "testbed: using %s from %s=%s\n", a.what, a.binEnv, bin)
	}
	return bin, nil
}

// majorMinor returns "1.15" for "v1.15.9" or "1.15.9".
func majorMinor(version string) string {
	parts := strings.SplitN(strings.TrimPrefix(version, "v"), ".", 3)
	if len(parts) < 2 {
		return version
	}
	return parts[0] + "." + parts[1]
}
