package bench

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"

	"github.com/perses/terraform-provider-perses/internal/testbed"
)

// Targets of issue 7, for 1000 global datasources.
const (
	targetN            = 1000
	targetPlanVsFloor  = 1.25
	targetPlanRequests = 10
	targetApplyVsFloor = 1.5
	targetPeakRSSMB    = 150
)

// WriteMarkdown prints the run as markdown tables, one per row, then the targets.
func (r *Result) WriteMarkdown(w io.Writer) {
	fmt.Fprintf(w, "Machine: %s.  \n", r.Machine)
	fmt.Fprintf(w, "Load average (1, 5, 15 min) at the start: %s; at the end: %s.  \n", r.LoadStart, r.LoadEnd)
	fmt.Fprintf(w, "Tools: %s.  \n", r.Tools)
	if len(r.Options.ExtraEnv) > 0 {
		fmt.Fprintf(w, "Extra environment of the measured commands: `%s`.  \n", strings.Join(r.Options.ExtraEnv, " "))
	}
	fmt.Fprintf(w, "Each figure is the median of the row's repetitions, (min–max) when they differ. Whole run: %s.\n\n", formatDuration(r.Took))
	for _, row := range r.Rows {
		fmt.Fprintf(w, "### %s (%d repetition%s)\n\n", row.Workload, row.Reps, plural(row.Reps))
		writeTimes(w, row)
		writeCosts(w, row)
	}
	r.writeTargets(w)
}

// writeTimes is the wall times of the provider and of the references, and their ratios.
func writeTimes(w io.Writer, row rowResult) {
	writeTable(w, row, []string{"provider", "terraform_data floor", "× floor", "minimal provider", "× minimal", "percli apply -d", "× percli"},
		func(p, f, m steps, percli *steps, percliName string) []string {
			percliWall, vsPercli := "–", "–"
			if percli != nil {
				percliWall, vsPercli = percliName+" "+seconds(percli.Wall), ratio(p.Wall, percli.Wall)
			}
			return []string{wall(p), wall(f), ratio(p.Wall, f.Wall), wall(m), ratio(p.Wall, m.Wall), percliWall, vsPercli}
		})
}

// writeCosts is what the same steps cost: requests and CPU on the server, the provider's memory
// and CPU, the CLI's own CPU (with the provider, and on the floor), and percli's requests.
func writeCosts(w io.Writer, row rowResult) {
	writeTable(w, row, []string{"API requests", "server CPU", "provider peak RSS", "provider CPU", "CLI CPU", "floor CLI CPU",
		"minimal provider CPU", "minimal CLI CPU", "percli requests", "percli server CPU"},
		func(p, f, m steps, percli *steps, percliName string) []string {
			percliReqs, percliServer := "–", "–"
			if percli != nil {
				percliReqs, percliServer = percliName+" "+count(percli.Requests, ""), seconds(percli.ServerCPU)
			}
			return []string{count(p.Requests, ""), seconds(p.ServerCPU), count(p.PeakRSS, " MiB"), seconds(p.CPU),
				seconds(p.CoreCPU), seconds(f.CoreCPU), seconds(m.CPU), seconds(m.CoreCPU), percliReqs, percliServer}
		})
}

// writeTable writes a table of a row: a line per CLI and step, starting with both, then the cells
// made from the provider's, the floor's, the minimal provider's and percli's figures of the step.
func writeTable(w io.Writer, row rowResult, header []string, cells func(p, f, m steps, percli *steps, percliName string) []string) {
	header = append([]string{"CLI", "step"}, header...)
	fmt.Fprintf(w, "| %s |\n|%s\n", strings.Join(header, " | "), strings.Repeat("---|", len(header)))
	for _, cli := range row.CLIs {
		for s := range stepCount {
			percli, name := percliFor(row, s)
			line := append([]string{cli.Name, stepNames[s]}, cells(cli.Provider[s], cli.Floor[s], cli.Minimal[s], percli, name)...)
			fmt.Fprintf(w, "| %s |\n", strings.Join(line, " | "))
		}
	}
	fmt.Fprintln(w)
}

func percliFor(row rowResult, s int) (*steps, string) {
	switch s {
	case stepApply:
		return &row.PercliFresh, "fresh"
	case stepPlan:
		return &row.PercliNoop, "again"
	}
	return nil, ""
}

func (r *Result) writeTargets(w io.Writer) {
	var row *rowResult
	for i := range r.Rows {
		if r.Rows[i].Workload.N == targetN && r.Rows[i].Workload.Projects == 0 {
			row = &r.Rows[i]
		}
	}
	if row == nil {
		fmt.Fprintf(w, "Targets (issue 7) apply to %d global datasources: not in this run.\n", targetN)
		return
	}
	fmt.Fprintf(w, "### Targets for %s (issue 7)\n\n", row.Workload)
	fmt.Fprintln(w, "| CLI | target | measured | met |")
	fmt.Fprintln(w, "|---|---|---|---|")
	for _, cli := range row.CLIs {
		plan, apply := cli.Provider[stepPlan], cli.Provider[stepApply]
		planRatio := plan.Wall.median() / cli.Floor[stepPlan].Wall.median()
		applyRatio := apply.Wall.median() / cli.Floor[stepApply].Wall.median()
		peak := 0.0
		for s := range stepCount {
			peak = max(peak, cli.Provider[s].PeakRSS.max())
		}
		peakMB := peak * (1 << 20) / 1e6
		for _, t := range []struct {
			what, measured string
			met            bool
		}{
			{fmt.Sprintf("no-op plan ≤ %.2fx the terraform_data floor", targetPlanVsFloor), fmt.Sprintf("%.2fx", planRatio), planRatio <= targetPlanVsFloor},
			{fmt.Sprintf("no-op plan ≤ %d API requests", targetPlanRequests), count(plan.Requests, ""), plan.Requests.max() <= targetPlanRequests},
			{fmt.Sprintf("apply (create all) ≤ %.2fx the floor", targetApplyVsFloor), fmt.Sprintf("%.2fx", applyRatio), applyRatio <= targetApplyVsFloor},
			{fmt.Sprintf("provider peak RSS ≤ %d MB", targetPeakRSSMB), fmt.Sprintf("%.0f MB (largest of all steps and repetitions)", peakMB), peakMB <= targetPeakRSSMB},
		} {
			fmt.Fprintf(w, "| %s | %s | %s | %s |\n", cli.Name, t.what, t.measured, yesNo(t.met))
		}
		if m := cli.Minimal; len(m[stepPlan].Wall) > 0 {
			// The same targets for a provider that does nothing: what no provider can beat.
			fmt.Fprintf(w, "| %s | (reference) the minimal provider's no-op plan and apply, × the floor | %s and %s | %s |\n",
				cli.Name, ratio(m[stepPlan].Wall, cli.Floor[stepPlan].Wall), ratio(m[stepApply].Wall, cli.Floor[stepApply].Wall), "–")
		}
	}
	fmt.Fprintln(w)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func yesNo(ok bool) string {
	if ok {
		return "yes"
	}
	return "**no**"
}

// describeMachine says what the figures were measured on: CPUs, memory, CPU model, kernel.
func describeMachine() string {
	model := procField("/proc/cpuinfo", "model name")
	memory := procField("/proc/meminfo", "MemTotal")
	kernel, _ := os.ReadFile("/proc/sys/kernel/osrelease")
	return fmt.Sprintf("%d CPUs (nproc), %s memory, CPU %q, %s %s, %s",
		runtime.NumCPU(), memory, model, runtime.GOOS, strings.TrimSpace(string(kernel)), runtime.Version())
}

// loadAverage is the 1, 5 and 15 minute load averages: other work on the machine slows every
// figure alike, and the report says how much there was.
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	fields := strings.Fields(string(data))
	if len(fields) < 3 {
		return "unknown"
	}
	return strings.Join(fields[:3], " ")
}

// procField returns the value of the first "key: value" line of a /proc file.
func procField(path, key string) string {
	f, err := os.Open(path)
	if err != nil {
		return "unknown"
	}
	defer f.Close() //nolint:errcheck // read only
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		k, v, ok := strings.Cut(scanner.Text(), ":")
		if ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

func describeTools(clis []cliTool, provider, revision string) string {
	names := []string{"Perses " + testbed.PersesVersion + " (file database, auth off) and its percli"}
	for _, c := range clis {
		names = append(names, c.name+" (default -parallelism=10)")
	}
	return strings.Join(names, ", ") + ", provider " + provider + " built from " + revision
}

// sourceRevision names the commit the provider was built from, "-dirty" when the working tree had
// changes: figures belong to a version of the code.
func sourceRevision() string {
	out, err := exec.Command("git", "describe", "--always", "--dirty").Output()
	if err != nil {
		return "an unknown revision (no git)"
	}
	return "`" + strings.TrimSpace(string(out)) + "` (git describe --dirty)"
}
