package bench

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
)

// requestLog counts the API requests a Perses server answered, from its log: the server writes
// one line per request (`level=info method=GET status=200 uri=/api/v1/...`) before the response
// is complete, so once a command has exited every request it sent is in the log. Counting at the
// server treats the provider, percli and anything else alike, and adds nothing on the way.
type requestLog struct{ path string }

// requests counts the requests of one step.
type requests struct {
	Reads, Writes int // GET (and HEAD); everything else
}

func (r requests) Total() int { return r.Reads + r.Writes }

// offset is the current end of the log: count from there after the step.
func (l requestLog) offset() (int64, error) {
	info, err := os.Stat(l.path)
	if err != nil {
		return 0, fmt.Errorf("bench: reading the Perses log: %w", err)
	}
	return info.Size(), nil
}

// since counts the request lines written after offset.
func (l requestLog) since(offset int64) (requests, error) {
	f, err := os.Open(l.path)
	if err != nil {
		return requests{}, fmt.Errorf("bench: reading the Perses log: %w", err)
	}
	defer f.Close() //nolint:errcheck // read only
	if _, err := f.Seek(offset, io.SeekStart); err != nil {
		return requests{}, fmt.Errorf("bench: reading the Perses log: %w", err)
	}
	var n requests
	scanner := bufio.NewScanner(f)
	scanner.Buffer(make([]byte, 64*1024), 1024*1024)
	for scanner.Scan() {
		method, ok := requestMethod(scanner.Text())
		switch {
		case !ok:
		case method == "GET" || method == "HEAD":
			n.Reads++
		default:
			n.Writes++
		}
	}
	if err := scanner.Err(); err != nil {
		return requests{}, fmt.Errorf("bench: reading the Perses log: %w", err)
	}
	return n, nil
}

// requestMethod returns the method of a request line of the Perses log.
func requestMethod(line string) (string, bool) {
	if !strings.Contains(line, " uri=") {
		return "", false
	}
	_, rest, ok := strings.Cut(line, " method=")
	if !ok {
		return "", false
	}
	method, _, _ := strings.Cut(rest, " ")
	return method, method != ""
}
