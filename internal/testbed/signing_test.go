package testbed

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A throwaway key signs the way goreleaser's signs step does, verifies its own signature only,
// and leaves nothing behind.
func TestThrowawayKey(t *testing.T) {
	key, err := NewThrowawayKey(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	other, err := NewThrowawayKey(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close() //nolint:errcheck // a temporary directory
	if len(key.Fingerprint) != 40 || key.KeyID() != key.Fingerprint[24:] || !strings.Contains(key.PublicKey, "BEGIN PGP PUBLIC KEY BLOCK") {
		t.Errorf("fingerprint %q, key ID %q, public key %.40q", key.Fingerprint, key.KeyID(), key.PublicKey)
	}
	if env := strings.Join(key.Env(), " "); env != "GPG_FINGERPRINT="+key.Fingerprint+" GNUPGHOME="+key.Home {
		t.Errorf("Env() = %s", env)
	}

	dir := t.TempDir()
	sums, sig := filepath.Join(dir, "SHA256SUMS"), filepath.Join(dir, "SHA256SUMS.sig")
	writeFile(t, sums, []byte(strings.Repeat("0", 64)+"  x.zip\n"), 0o644)
	// The arguments of .goreleaser.yml's signs step.
	if _, err := key.run(t.Context(), "--local-user", key.Fingerprint, "--output", sig, "--detach-sign", sums); err != nil {
		t.Fatal(err)
	}
	if err := key.Verify(t.Context(), sig, sums); err != nil {
		t.Errorf("own signature: %v", err)
	}
	if err := other.Verify(t.Context(), sig, sums); err == nil || !strings.Contains(err.Error(), sig+" is not a good signature of "+sums) {
		t.Errorf("another key's verification: %v", err)
	}
	appendFile(t, sums, "tampered\n")
	if err := key.Verify(t.Context(), sig, sums); err == nil || !strings.Contains(err.Error(), "BAD signature") {
		t.Errorf("tampered file: %v", err)
	}

	if err := key.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(key.Home); !os.IsNotExist(err) {
		t.Errorf("the key's home %s is still there: %v", key.Home, err)
	}
}
