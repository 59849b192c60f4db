package testbed

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// tarEntry is one entry of a test archive.
type tarEntry struct {
	name, body, link string
	typ              byte
	mode             int64
}

func tarGz(t *testing.T, entries ...tarEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, e := range entries {
		hdr := &tar.Header{Name: e.name, Typeflag: e.typ, Mode: e.mode, Linkname: e.link, Size: int64(len(e.body))}
		if e.typ == tar.TypeXGlobalHeader {
			hdr = &tar.Header{Typeflag: tar.TypeXGlobalHeader, PAXRecords: map[string]string{"comment": "87488977e32a"}}
		}
		if hdr.Mode == 0 && e.typ != tar.TypeXGlobalHeader {
			hdr.Mode = 0o644
		}
		if err := tw.WriteHeader(hdr); err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(tw, e.body); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := gz.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func sha256Hex(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

func writeFile(t *testing.T, path string, data []byte, perm os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, perm); err != nil {
		t.Fatal(err)
	}
}

// fakeRepo makes dir look like the repository root (its go.mod declares the module).
func fakeRepo(t *testing.T, dir string) {
	t.Helper()
	writeFile(t, filepath.Join(dir, "go.mod"), []byte("module "+modulePath+"\n\ngo 1.26\n"), 0o644)
}

func TestTerraform115SourceMissingFromVariable(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nowhere.tar.gz")
	t.Setenv(terraform115SourceEnv, missing)
	want := "testbed: Terraform v1.15.9 cannot be built: its source archive " + missing + " (from PERSES_TF_TERRAFORM_1_15_SOURCE) does not exist.\n" +
		"Do one of:\n" +
		"  - put terraform-v1.15.9.tar.gz there: a `git archive` of hashicorp/terraform at tag v1.15.9, sha256 a9f643f8ef31703b073891445f272d5a5a5b649f104a2cb1012afa38f42bf352;\n" +
		"  - set PERSES_TF_TERRAFORM_1_15_SOURCE to the path of that archive;\n" +
		"  - set PERSES_TF_TERRAFORM_1_15_BIN to a Terraform 1.15 binary you already have (`terraform version` must say Terraform v1.15.9)"
	if err := terraform115Source.check(io.Discard); err == nil || err.Error() != want {
		t.Errorf("error:\n%v\nwant:\n%s", err, want)
	}
}

// The default location is found from the repository root, whatever the working directory
// (go test runs in the package's directory, make in the root).
func TestTerraform115SourceMissingAtDefaultLocation(t *testing.T) {
	t.Setenv(terraform115SourceEnv, "")
	base := t.TempDir()
	fakeRepo(t, filepath.Join(base, "repo"))
	t.Chdir(writeDir(t, filepath.Join(base, "repo", "internal", "provider")))
	path := filepath.Join(base, "shared", "sources", "terraform-v1.15.9.tar.gz")
	want := "testbed: Terraform v1.15.9 cannot be built: its source archive " + path +
		" (the default location, ../shared/sources/terraform-v1.15.9.tar.gz from the repository root) does not exist.\n" +
		"Do one of:\n" +
		"  - put terraform-v1.15.9.tar.gz there: a `git archive` of hashicorp/terraform at tag v1.15.9, sha256 a9f643f8ef31703b073891445f272d5a5a5b649f104a2cb1012afa38f42bf352;\n" +
		"  - set PERSES_TF_TERRAFORM_1_15_SOURCE to the path of that archive;\n" +
		"  - set PERSES_TF_TERRAFORM_1_15_BIN to a Terraform 1.15 binary you already have (`terraform version` must say Terraform v1.15.9)"
	if err := terraform115Source.check(io.Discard); err == nil || err.Error() != want {
		t.Errorf("error:\n%v\nwant:\n%s", err, want)
	}

	// With an archive there, the same working directory finds it.
	archive := tarGz(t, tarEntry{name: "terraform-1.15.9/main.go", body: "package main\n", typ: tar.TypeReg})
	writeFile(t, path, archive, 0o644)
	a := terraform115Source
	a.sha256 = sha256Hex(archive)
	var msg strings.Builder
	if err := a.check(&msg); err != nil {
		t.Fatal(err)
	}
	if want := "testbed: Terraform v1.15.9 source archive " + path + " (the default location, ../shared/sources/terraform-v1.15.9.tar.gz from the repository root), sha256 verified\n"; msg.String() != want {
		t.Errorf("message %q, want %q", msg.String(), want)
	}
}

func TestTerraform115SourceOutsideRepository(t *testing.T) {
	t.Setenv(terraform115SourceEnv, "")
	dir := t.TempDir()
	t.Chdir(dir)
	want := "testbed: Terraform v1.15.9 cannot be built: its source archive is looked for under the repository root, " +
		"and no go.mod of github.com/perses/terraform-provider-perses in the working directory or above.\n" +
		"Set PERSES_TF_TERRAFORM_1_15_SOURCE to the path of terraform-v1.15.9.tar.gz, or PERSES_TF_TERRAFORM_1_15_BIN to a Terraform 1.15 binary you already have"
	if err := terraform115Source.check(io.Discard); err == nil || err.Error() != want {
		t.Errorf("error:\n%v\nwant:\n%s", err, want)
	}
}

func TestTerraform115SourceSHA256Mismatch(t *testing.T) {
	path := filepath.Join(t.TempDir(), "terraform-v1.15.9.tar.gz")
	content := []byte("not the archive")
	writeFile(t, path, content, 0o644)
	t.Setenv(terraform115SourceEnv, path)
	want := "testbed: Terraform v1.15.9 cannot be built: the source archive " + path + " has sha256 " + sha256Hex(content) +
		", want a9f643f8ef31703b073891445f272d5a5a5b649f104a2cb1012afa38f42bf352 (a `git archive` of hashicorp/terraform at tag v1.15.9).\n" +
		"Replace it with that archive, or set PERSES_TF_TERRAFORM_1_15_BIN to a Terraform 1.15 binary you already have"
	if err := terraform115Source.check(io.Discard); err == nil || err.Error() != want {
		t.Errorf("check:\n%v\nwant:\n%s", err, want)
	}
	// The build checks again: nothing is extracted from an archive with another hash.
	dst := filepath.Join(t.TempDir(), "src")
	if err := terraform115Source.extract(dst); err == nil || err.Error() != want {
		t.Errorf("extract:\n%v\nwant:\n%s", err, want)
	}
	if _, err := os.Stat(dst); !os.IsNotExist(err) {
		t.Errorf("extract wrote %s: %v", dst, err)
	}
}

// A missing archive fails before the build starts: no "building" message, nothing cached.
func TestEnsureTerraform115MissingArchiveBuildsNothing(t *testing.T) {
	root := t.TempDir()
	t.Setenv(cacheEnv, root)
	t.Setenv(terraform115BinEnv, "")
	t.Setenv(terraform115SourceEnv, filepath.Join(root, "missing.tar.gz"))
	var msg strings.Builder
	_, err := EnsureTerraform115(context.Background(), &msg)
	if err == nil || !strings.HasPrefix(err.Error(), "testbed: Terraform v1.15.9 cannot be built: its source archive "+filepath.Join(root, "missing.tar.gz")+" (from PERSES_TF_TERRAFORM_1_15_SOURCE) does not exist.") {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(msg.String(), "building") {
		t.Errorf("a build was announced: %q", msg.String())
	}
	if _, err := os.Stat(filepath.Join(root, "terraform-v1.15.9")); !os.IsNotExist(err) {
		t.Errorf("cache entry: %v", err)
	}
}

// fakeTerraformSource is a tiny module with the layout of Terraform's: `go build .` at the top
// of the tree, version.dev set by the release ldflags (otherwise the binary says -dev).
func fakeTerraformSource(t *testing.T) []byte {
	t.Helper()
	return tarGz(t,
		tarEntry{typ: tar.TypeXGlobalHeader},
		tarEntry{name: "terraform-1.15.9/", typ: tar.TypeDir, mode: 0o755},
		tarEntry{name: "terraform-1.15.9/go.mod", body: "module github.com/hashicorp/terraform\n\ngo 1.25\n", typ: tar.TypeReg},
		tarEntry{name: "terraform-1.15.9/version/version.go", body: "package version\n\nvar dev = \"yes\"\n\nfunc String() string {\n\tif dev != \"no\" {\n\t\treturn \"1.15.9-dev\"\n\t}\n\treturn \"1.15.9\"\n}\n", typ: tar.TypeReg},
		tarEntry{name: "terraform-1.15.9/main.go", body: "package main\n\nimport (\n\t\"fmt\"\n\n\t\"github.com/hashicorp/terraform/version\"\n)\n\nfunc main() { fmt.Println(\"Terraform v\" + version.String()) }\n", typ: tar.TypeReg},
		tarEntry{name: "terraform-1.15.9/docs/tfplugin6.proto", body: "syntax = \"proto3\";\n", typ: tar.TypeReg},
		tarEntry{name: "terraform-1.15.9/internal/tfplugin6/tfplugin6.proto", link: "../../docs/tfplugin6.proto", typ: tar.TypeSymlink},
	)
}

// The whole path of a build from a source archive, on a fake Terraform tree: checked,
// extracted (symbolic links included), built with the release ldflags, cached by version.
func TestBuildFromSourceArchive(t *testing.T) {
	root := t.TempDir()
	t.Setenv(cacheEnv, root)
	archive := fakeTerraformSource(t)
	path := filepath.Join(t.TempDir(), "fake.tar.gz")
	writeFile(t, path, archive, 0o644)
	t.Setenv(terraform115SourceEnv, path)
	a := terraform115Source
	a.sha256 = sha256Hex(archive)
	ft := terraform115Tool
	ft.check = a.check
	ft.build = func(ctx context.Context, work, out string) error {
		if err := buildFromSource(ctx, a, work, out, "terraform"); err != nil {
			return err
		}
		// The link was extracted as a link, inside the tree.
		if link, err := os.Readlink(filepath.Join(work, "src", "internal", "tfplugin6", "tfplugin6.proto")); err != nil || link != "../../docs/tfplugin6.proto" {
			t.Errorf("symbolic link: %q, %v", link, err)
		}
		return nil
	}
	var msg strings.Builder
	dir, err := ensureTool(context.Background(), &msg, ft)
	if err != nil {
		t.Fatal(err)
	}
	if dir != filepath.Join(root, "terraform-v1.15.9") {
		t.Errorf("cached in %s", dir)
	}
	for _, want := range []string{
		"testbed: Terraform v1.15.9 source archive " + path + " (from PERSES_TF_TERRAFORM_1_15_SOURCE), sha256 verified\n",
		"testbed: building Terraform v1.15.9 (first run only, ~7 min on 2 cores, 20+ when the machine is busy) ...\n",
		"testbed: built Terraform v1.15.9 in ",
	} {
		if !strings.Contains(msg.String(), want) {
			t.Errorf("progress %q lacks %q", msg.String(), want)
		}
	}
	out, err := exec.Command(filepath.Join(dir, "terraform")).Output()
	if err != nil || string(out) != "Terraform v1.15.9\n" {
		t.Errorf("built binary says %q, %v", out, err)
	}
}

func TestExtractTarGzRefusesEntriesLeavingTheTree(t *testing.T) {
	for name, entries := range map[string][]tarEntry{
		`archive entry "terraform-1.15.9/../evil" leaves the tree`: {
			{name: "terraform-1.15.9/../evil", body: "x", typ: tar.TypeReg},
		},
		`archive entry "terraform-1.15.9/a/link" links outside the tree (../../../etc/passwd)`: {
			{name: "terraform-1.15.9/a/link", link: "../../../etc/passwd", typ: tar.TypeSymlink},
		},
		`archive entry "terraform-1.15.9/abs" links outside the tree (/etc/passwd)`: {
			{name: "terraform-1.15.9/abs", link: "/etc/passwd", typ: tar.TypeSymlink},
		},
		`archive entry "other/main.go" is not under terraform-1.15.9/`: {
			{name: "other/main.go", body: "x", typ: tar.TypeReg},
		},
		`archive entry "terraform-1.15.9x/main.go" is not under terraform-1.15.9/`: {
			{name: "terraform-1.15.9x/main.go", body: "x", typ: tar.TypeReg},
		},
		`archive entry "terraform-1.15.9/fifo" has unsupported type '6'`: {
			{name: "terraform-1.15.9/fifo", typ: tar.TypeFifo},
		},
		`the archive has no file under terraform-1.15.9/`: {
			{name: "terraform-1.15.9/", typ: tar.TypeDir, mode: 0o755},
		},
	} {
		t.Run(name, func(t *testing.T) {
			err := extractTarGz(bytes.NewReader(tarGz(t, entries...)), "terraform-1.15.9", filepath.Join(t.TempDir(), "src"))
			if err == nil || err.Error() != name {
				t.Errorf("error %v, want %s", err, name)
			}
		})
	}
}

// writeScript writes an executable shell script printing out on `version`.
func writeScript(t *testing.T, dir, name, script string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	writeFile(t, path, []byte("#!/bin/sh\n"+script+"\n"), 0o755)
	return path
}

func writeDir(t *testing.T, dir string) string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestEnsureTerraform115FromVariable(t *testing.T) {
	t.Setenv(cacheEnv, t.TempDir())
	dir := t.TempDir()
	for _, tc := range []struct {
		name, script, wantErr, wantMsg string
	}{
		{name: "pinned", script: `echo "Terraform v1.15.9"; echo "on linux_amd64"`,
			wantMsg: "testbed: using Terraform v1.15.9 from PERSES_TF_TERRAFORM_1_15_BIN=" + filepath.Join(dir, "pinned") + "\n"},
		{name: "other-patch", script: `echo "Terraform v1.15.3"`,
			wantMsg: "testbed: using Terraform v1.15.3 from PERSES_TF_TERRAFORM_1_15_BIN=" + filepath.Join(dir, "other-patch") + " (the suite is pinned to v1.15.9)\n"},
		{name: "older-minor", script: `echo "Terraform v1.14.0"`,
			wantErr: "testbed: PERSES_TF_TERRAFORM_1_15_BIN=" + filepath.Join(dir, "older-minor") + ` is not a Terraform 1.15 binary: its ` + "`version`" + ` says "Terraform v1.14.0", want "Terraform v1.15.9". Point it at a Terraform 1.15 binary, or unset it to build Terraform v1.15.9`},
		{name: "opentofu", script: `echo "OpenTofu v1.15.0"`,
			wantErr: "testbed: PERSES_TF_TERRAFORM_1_15_BIN=" + filepath.Join(dir, "opentofu") + ` is not a Terraform 1.15 binary: its ` + "`version`" + ` says "OpenTofu v1.15.0", want "Terraform v1.15.9". Point it at a Terraform 1.15 binary, or unset it to build Terraform v1.15.9`},
		{name: "dev", script: `echo "Terraform v1.15.9-dev"`,
			wantErr: "testbed: PERSES_TF_TERRAFORM_1_15_BIN=" + filepath.Join(dir, "dev") + ` is a prerelease build: its ` + "`version`" + ` says "Terraform v1.15.9-dev", which terraform-plugin-testing sorts below v1.15.9. ` +
				`Build it with -ldflags "-X github.com/hashicorp/terraform/version.dev=no", or unset PERSES_TF_TERRAFORM_1_15_BIN to build Terraform v1.15.9`},
		{name: "broken", script: `echo "cannot run here" >&2; exit 3`,
			wantErr: "testbed: PERSES_TF_TERRAFORM_1_15_BIN=" + filepath.Join(dir, "broken") + ": `broken version` failed: exit status 3 (cannot run here). Unset it to build Terraform v1.15.9 instead"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bin := writeScript(t, dir, tc.name, tc.script)
			t.Setenv(terraform115BinEnv, bin)
			var msg strings.Builder
			got, err := EnsureTerraform115(context.Background(), &msg)
			if tc.wantErr != "" {
				if err == nil || err.Error() != tc.wantErr {
					t.Errorf("error:\n%v\nwant:\n%s", err, tc.wantErr)
				}
				return
			}
			if err != nil || got != bin {
				t.Fatalf("EnsureTerraform115 = %q, %v; want %q", got, err, bin)
			}
			if msg.String() != tc.wantMsg {
				t.Errorf("message %q, want %q", msg.String(), tc.wantMsg)
			}
		})
	}
}
