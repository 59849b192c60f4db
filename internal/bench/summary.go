package bench

import (
	"fmt"
	"slices"
	"time"
)

// series is one figure measured once per repetition.
type series []float64

func (s series) sorted() []float64 {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}

// median of the repetitions (the mean of the two middle ones for an even count).
func (s series) median() float64 {
	if len(s) == 0 {
		return 0
	}
	v := s.sorted()
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

func (s series) min() float64 { return slices.Min(s) }
func (s series) max() float64 { return slices.Max(s) }

// steps is what one tool measured on one step over the repetitions.
type steps struct {
	Wall, Requests, PeakRSS, CPU series
	// CoreCPU is the CLI's own CPU time: the command's, less its provider processes'.
	CoreCPU series
	// ServerCPU is the Perses server's CPU time during the step.
	ServerCPU series
	// Failures counts the repetitions in which the step failed (they have no figures).
	Failures int
}

func (st *steps) add(m measure) {
	st.Wall = append(st.Wall, m.Wall.Seconds())
	st.Requests = append(st.Requests, float64(m.Requests.Total()))
	st.PeakRSS = append(st.PeakRSS, float64(m.PeakRSS)/1024)
	st.CPU = append(st.CPU, m.ProviderCPU.Seconds())
	st.CoreCPU = append(st.CoreCPU, (m.CLICPU - m.ProviderCPU).Seconds())
	st.ServerCPU = append(st.ServerCPU, m.ServerCPU.Seconds())
}

// wall formats the wall times of a step, saying how often it failed.
func wall(st steps) string {
	if st.Failures == 0 {
		return seconds(st.Wall)
	}
	return fmt.Sprintf("%s, **failed %d of %d**", seconds(st.Wall), st.Failures, st.Failures+len(st.Wall))
}

// seconds formats a series of durations as "median (min–max)".
func seconds(s series) string {
	if len(s) == 0 {
		return "–"
	}
	if len(s) == 1 {
		return fmt.Sprintf("%.2fs", s[0])
	}
	return fmt.Sprintf("%.2fs (%.2f–%.2f)", s.median(), s.min(), s.max())
}

// count formats a series of counts; counts rarely vary, so a range is only shown when they do.
func count(s series, unit string) string {
	if len(s) == 0 {
		return "–"
	}
	if s.min() == s.max() {
		return fmt.Sprintf("%.0f%s", s.median(), unit)
	}
	return fmt.Sprintf("%.0f%s (%.0f–%.0f)", s.median(), unit, s.min(), s.max())
}

// ratio of two medians, "–" when either is missing.
func ratio(a, b series) string {
	if len(a) == 0 || len(b) == 0 || b.median() == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2fx", a.median()/b.median())
}

func formatDuration(d time.Duration) string { return d.Round(time.Second).String() }
