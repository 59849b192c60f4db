package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/perses/terraform-provider-perses/internal/testbed"
)

// releaseSnapshotCmd runs `testbed release-snapshot [-dist dir] [-platforms all|host|os_arch,...]
// [-sign auto|throwaway|none] [-version X.Y.Z]` from the repository root.
func releaseSnapshotCmd(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("release-snapshot", flag.ContinueOnError)
	dist := fs.String("dist", "dist", "output directory (emptied first)")
	platforms := fs.String("platforms", "all", "all, host, or a comma-separated list of os_arch pairs")
	sign := fs.String("sign", "auto", "auto (with GPG_FINGERPRINT's key when set), throwaway (a key made for this run) or none")
	version := fs.String("version", "", "snapshot version (default: the newest version of CHANGELOG.md)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("release-snapshot: unexpected argument %q", fs.Arg(0))
	}
	root, err := os.Getwd()
	if err != nil {
		return err
	}
	opts := testbed.SnapshotOptions{Root: root, Dist: *dist, Version: *version, Out: os.Stderr}
	switch *platforms {
	case "all":
	case "host":
		opts.Platforms = []string{testbed.HostPlatform()}
	default:
		opts.Platforms = strings.Split(*platforms, ",")
	}

	switch *sign {
	case "none":
	case "auto":
		if fp := os.Getenv("GPG_FINGERPRINT"); fp != "" {
			if opts.Key, err = testbed.ConfiguredKey(ctx, os.Stderr, fp); err != nil {
				return err
			}
		} else {
			fmt.Fprintln(os.Stderr, "testbed: no GPG_FINGERPRINT: the checksums will not be signed (SIGN=throwaway signs with a key made for this run)")
		}
	case "throwaway":
		if opts.Key, err = testbed.NewThrowawayKey(ctx, os.Stderr); err != nil {
			return err
		}
		defer opts.Key.Close() //nolint:errcheck // a temporary directory
	default:
		return fmt.Errorf("release-snapshot: -sign %q: want auto, throwaway or none", *sign)
	}

	r, err := testbed.Snapshot(ctx, opts)
	if err != nil {
		return err
	}
	if opts.Key != nil {
		// The throwaway key is gone after this run: keep its public half to verify the signature.
		pub := filepath.Join(r.Dir, "signing-key.asc")
		if err := os.WriteFile(pub, []byte(opts.Key.PublicKey), 0o644); err != nil {
			return err
		}
		fmt.Printf("signed by %s (public key: %s)\n", opts.Key.Fingerprint, pub)
	}
	fmt.Printf("%s %s, %d platform(s), built in %s:\n", testbed.ProjectName, r.Version, len(r.Zips), r.Took.Round(1e9))
	for _, f := range r.Files() {
		info, err := os.Stat(f)
		if err != nil {
			return err
		}
		fmt.Printf("  %10d  %s\n", info.Size(), f)
	}
	return nil
}
