package client

import (
	"context"
	"slices"
	"testing"

	v1 "github.com/perses/perses/pkg/model/api/v1"
	"github.com/perses/perses/pkg/model/api/v1/secret"

	"github.com/perses/terraform-provider-perses/internal/testbed"
)

// TestListSecretsOfAllProjectsOnRealServer: one request lists the project secrets of every
// project, filtered by name prefix, values masked, and no global secret.
func TestListSecretsOfAllProjectsOnRealServer(t *testing.T) {
	s := testbed.StartTestServer(t, testbed.ServerOptions{})
	c, err := New(Config{URL: s.URL})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	spec := v1.SecretSpec{BasicAuth: &secret.BasicAuth{Username: "perses", Password: "all-projects"}}
	for _, p := range []string{"alpha", "beta"} {
		if _, err := c.CreateProject(ctx, &v1.Project{Metadata: v1.Metadata{Name: p}}); err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"prom-" + p, "loki-" + p} {
			if _, err := c.CreateSecret(ctx, &v1.Secret{Metadata: *v1.NewProjectMetadata(p, name), Spec: spec}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := c.CreateSecret(ctx, &v1.Secret{Metadata: *v1.NewProjectMetadata("", "prom-global"), Spec: spec}); err != nil {
		t.Fatal(err)
	}
	for prefix, want := range map[string][]string{
		"":     {"alpha/loki-alpha", "alpha/prom-alpha", "beta/loki-beta", "beta/prom-beta"},
		"prom": {"alpha/prom-alpha", "beta/prom-beta"},
	} {
		list, err := c.ListSecretsOfAllProjects(ctx, prefix)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, sec := range list {
			got = append(got, sec.Metadata.Project+"/"+sec.Metadata.Name)
			if sec.Spec.BasicAuth == nil || sec.Spec.BasicAuth.Password != MaskedSecretValue {
				t.Errorf("%s/%s: the listed password is not masked: %+v", sec.Metadata.Project, sec.Metadata.Name, sec.Spec.BasicAuth)
			}
		}
		if slices.Sort(got); !slices.Equal(got, want) {
			t.Errorf("prefix %q: listed %v, want %v", prefix, got, want)
		}
	}
}
