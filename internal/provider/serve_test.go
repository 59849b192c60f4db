package provider

import (
	"maps"
	"testing"
)

func TestSilenceDroppedLogs(t *testing.T) {
	off := map[string]string{"TF_LOG_SDK": "OFF", "TF_LOG_SDK_PROTO": "OFF", "TF_LOG_SDK_FRAMEWORK": "OFF", "TF_LOG_PROVIDER_PERSES": "OFF"}
	for _, tc := range []struct {
		name  string
		debug bool
		env   map[string]string
		want  map[string]string
	}{
		{name: "no log variable: the CLI drops every line", env: map[string]string{}, want: off},
		{name: "SDK level alone is dropped by the CLI too", env: map[string]string{"TF_LOG_SDK_FRAMEWORK": "TRACE"}, want: off},
		{name: "TF_LOG", env: map[string]string{"TF_LOG": "trace"}, want: map[string]string{"TF_LOG": "trace"}},
		{name: "TF_LOG_PROVIDER", env: map[string]string{"TF_LOG_PROVIDER": "DEBUG", "TF_LOG_SDK": "INFO"},
			want: map[string]string{"TF_LOG_PROVIDER": "DEBUG", "TF_LOG_SDK": "INFO"}},
		{name: "debug mode logs to the terminal", debug: true, env: map[string]string{}, want: map[string]string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := maps.Clone(tc.env)
			err := silenceDroppedLogs(tc.debug, func(k string) string { return env[k] }, func(k, v string) error { env[k] = v; return nil })
			if err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(env, tc.want) {
				t.Errorf("environment = %v, want %v", env, tc.want)
			}
		})
	}
}

func TestLimitMemory(t *testing.T) {
	for _, tc := range []struct {
		gomemlimit string
		want       int64
	}{{"", memoryLimit}, {"1GiB", -1}} {
		got := int64(-1)
		limitMemory(func(k string) string {
			if k == "GOMEMLIMIT" {
				return tc.gomemlimit
			}
			return ""
		}, func(n int64) int64 { got = n; return 0 })
		if got != tc.want {
			t.Errorf("GOMEMLIMIT=%q: limit set to %d, want %d (-1: left alone)", tc.gomemlimit, got, tc.want)
		}
	}
}
