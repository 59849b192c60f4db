// Command profiled-provider is the provider with a CPU and a heap profile, for `make
// bench-profile`: each process writes $PERSES_BENCH_PROFILE_DIR/<pid>.cpu.pprof while it serves,
// and <pid>.heap.pprof (allocations since start) when Terraform stops it. The release binary
// (main.go) carries no profiling code.
package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"time"

	"github.com/perses/terraform-provider-perses/internal/provider"
)

func main() {
	dir := os.Getenv("PERSES_BENCH_PROFILE_DIR")
	if dir == "" {
		log.Fatal("profiled-provider: set PERSES_BENCH_PROFILE_DIR")
	}
	prefix := filepath.Join(dir, fmt.Sprint(os.Getpid()))
	cpu, err := os.Create(prefix + ".cpu.pprof")
	if err != nil {
		log.Fatal(err)
	}
	if err := pprof.StartCPUProfile(cpu); err != nil {
		log.Fatal(err)
	}
	// A live-heap snapshot every few seconds shows what the process holds while it works (the
	// allocation profile at exit shows what it allocated).
	go func() {
		for i := 1; ; i++ {
			time.Sleep(3 * time.Second)
			if f, err := os.Create(fmt.Sprintf("%s.live-%02d.pprof", prefix, i)); err == nil {
				runtime.GC()
				_ = pprof.Lookup("heap").WriteTo(f, 0)
				_ = f.Close()
			}
		}
	}()
	err = provider.Serve(context.Background(), "profiled", false)
	pprof.StopCPUProfile()
	_ = cpu.Close()
	if heap, herr := os.Create(prefix + ".heap.pprof"); herr == nil {
		_ = pprof.Lookup("allocs").WriteTo(heap, 0)
		_ = heap.Close()
	}
	if err != nil {
		log.Fatal(err)
	}
}
