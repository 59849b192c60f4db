package testbed

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
)

// SigningKey is a GPG key that signs a release's checksums (goreleaser's signs step runs
// `gpg --local-user $GPG_FINGERPRINT`), the way the Terraform Registry wants them signed.
type SigningKey struct {
	// Home is the GNUPGHOME holding the key ("" for the user's default keyring).
	Home string
	// Fingerprint is the key's full fingerprint (40 hex digits).
	Fingerprint string
	// PublicKey is the ASCII-armored public key, as the registry serves it to terraform init.
	PublicKey string

	gpg       string
	throwaway bool
}

// KeyID is the key's long ID (the fingerprint's last 16 hex digits), as the registry lists it.
func (k *SigningKey) KeyID() string { return k.Fingerprint[len(k.Fingerprint)-16:] }

// Env is what goreleaser's signs step needs.
func (k *SigningKey) Env() []string {
	env := []string{"GPG_FINGERPRINT=" + k.Fingerprint}
	if k.Home != "" {
		env = append(env, "GNUPGHOME="+k.Home)
	}
	return env
}

// ensureGPG returns the path of gpg, installing Debian's gnupg when it is missing.
func ensureGPG(ctx context.Context, w io.Writer) (string, error) {
	return ensureDebianBinary(ctx, w, "gnupg", "/usr/bin/gpg", "~30s")
}

// NewThrowawayKey generates an RSA key that lives one day in a new GNUPGHOME, to prove that the
// signing step works (CI, the install test) without a committed key. Close removes it.
func NewThrowawayKey(ctx context.Context, w io.Writer) (*SigningKey, error) {
	if w == nil {
		w = io.Discard
	}
	gpg, err := ensureGPG(ctx, w)
	if err != nil {
		return nil, err
	}
	// Short and under /tmp: gpg-agent's socket may live in the home, and socket paths are
	// limited to ~100 bytes.
	home, err := os.MkdirTemp("/tmp", "tpp-gnupg-")
	if err != nil {
		return nil, fmt.Errorf("testbed: %w", err)
	}
	k := &SigningKey{Home: home, gpg: gpg, throwaway: true}
	const uid = "terraform-provider-perses throwaway release key <release-test@example.invalid>"
	if _, err := k.run(ctx, "--pinentry-mode", "loopback", "--passphrase", "",
		"--quick-gen-key", uid, "rsa4096", "sign", "1d"); err != nil {
		_ = k.Close()
		return nil, err
	}
	out, err := k.run(ctx, "--with-colons", "--list-secret-keys")
	if err != nil {
		_ = k.Close()
		return nil, err
	}
	for _, line := range strings.Split(string(out), "\n") {
		if f := strings.Split(line, ":"); f[0] == "fpr" && len(f) > 9 {
			k.Fingerprint = f[9]
			break
		}
	}
	if len(k.Fingerprint) != 40 {
		_ = k.Close()
		return nil, fmt.Errorf("testbed: no fingerprint in the new key's listing:\n%s", out)
	}
	if err := k.exportPublic(ctx); err != nil {
		_ = k.Close()
		return nil, err
	}
	fmt.Fprintf(w, "testbed: throwaway signing key %s in %s\n", k.Fingerprint, home)
	return k, nil
}

// ConfiguredKey is the key of fingerprint in the user's keyring (GNUPGHOME or ~/.gnupg).
func ConfiguredKey(ctx context.Context, w io.Writer, fingerprint string) (*SigningKey, error) {
	gpg, err := ensureGPG(ctx, w)
	if err != nil {
		return nil, err
	}
	k := &SigningKey{Home: os.Getenv("GNUPGHOME"), Fingerprint: strings.ToUpper(fingerprint), gpg: gpg}
	if len(k.Fingerprint) != 40 {
		return nil, fmt.Errorf("testbed: GPG_FINGERPRINT %q is not a full fingerprint (40 hex digits): see `gpg --list-secret-keys --with-colons`", fingerprint)
	}
	if err := k.exportPublic(ctx); err != nil {
		return nil, err
	}
	return k, nil
}

func (k *SigningKey) exportPublic(ctx context.Context) error {
	pub, err := k.run(ctx, "--armor", "--export", k.Fingerprint)
	if err != nil {
		return err
	}
	if !bytes.Contains(pub, []byte("BEGIN PGP PUBLIC KEY BLOCK")) {
		return fmt.Errorf("testbed: gpg has no public key %s", k.Fingerprint)
	}
	k.PublicKey = string(pub)
	return nil
}

// Verify checks that signature is this key's detached signature of file.
func (k *SigningKey) Verify(ctx context.Context, signature, file string) error {
	out, err := k.run(ctx, "--status-fd", "1", "--verify", signature, file)
	if err != nil {
		return fmt.Errorf("%s is not a good signature of %s: %w", signature, file, err)
	}
	if !bytes.Contains(out, []byte("[GNUPG:] VALIDSIG "+k.Fingerprint+" ")) {
		return fmt.Errorf("%s is not signed by %s:\n%s", signature, k.Fingerprint, out)
	}
	return nil
}

// Close removes a throwaway key: it stops the gpg-agent of its home (that agent only) and
// deletes the home. A configured key is left alone.
func (k *SigningKey) Close() error {
	if !k.throwaway {
		return nil
	}
	if gpgconf, err := exec.LookPath("gpgconf"); err == nil {
		cmd := exec.Command(gpgconf, "--homedir", k.Home, "--kill", "gpg-agent")
		_ = cmd.Run()
	}
	return os.RemoveAll(k.Home)
}

// run runs gpg in batch mode on the key's home and returns its standard output.
func (k *SigningKey) run(ctx context.Context, args ...string) ([]byte, error) {
	full := []string{"--batch", "--no-tty"}
	if k.Home != "" {
		full = append(full, "--homedir", k.Home)
	}
	cmd := exec.CommandContext(ctx, k.gpg, append(full, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("testbed: gpg %s: %w\n%s", strings.Join(args, " "), err, tail(stderr.String(), 20))
	}
	return stdout.Bytes(), nil
}
