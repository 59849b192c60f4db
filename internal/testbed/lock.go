package testbed

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"
)

// lockPollInterval is how often a waiting process retries a held lock.
const lockPollInterval = 500 * time.Millisecond

// acquireLock takes an exclusive lock on path, waiting (and saying so on w) while another
// process holds it, e.g. a second `go test` package building the same tool. It honours ctx.
func acquireLock(ctx context.Context, w io.Writer, path, what string) (release func(), err error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("testbed: opening lock %s: %w", path, err)
	}
	told := false
	for {
		ok, err := tryLock(f)
		if err != nil {
			_ = f.Close()
			return nil, fmt.Errorf("testbed: locking %s: %w", path, err)
		}
		if ok {
			return func() {
				_ = unlock(f)
				_ = f.Close()
			}, nil
		}
		if !told {
			fmt.Fprintf(w, "testbed: waiting for another process that is building %s (lock %s) ...\n", what, path)
			told = true
		}
		select {
		case <-ctx.Done():
			_ = f.Close()
			return nil, fmt.Errorf("testbed: waiting for lock %s: %w", path, ctx.Err())
		case <-time.After(lockPollInterval):
		}
	}
}
