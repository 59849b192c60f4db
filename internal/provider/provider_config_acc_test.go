package provider

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/perses/terraform-provider-perses/internal/testbed"
)

func TestAccProviderUsernameInBlockPasswordFromEnvironment(t *testing.T) {
	s := accServer(t, testbed.ServerOptions{Auth: true})
	name := accName("envpw")
	createProject(t, s, name)
	t.Setenv(envPassword, s.AdminPassword)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		Steps: []resource.TestStep{{
			Config:            providerConfig(s, `username = "`+s.AdminUsername+`"`) + projectsConfig(name),
			ConfigStateChecks: expectOneProject(name),
		}},
	})
}

// A token file holding a native-login access token, rewritten with a fresh one after the first
// expired (as a sidecar or the kubelet does), keeps the provider working.
func TestAccProviderTokenFileRotated(t *testing.T) {
	const ttl = 3 * time.Second
	s := accServer(t, testbed.ServerOptions{Auth: true, AccessTokenTTL: ttl})
	name := accName("tokenfile")
	createProject(t, s, name)
	file := filepath.Join(t.TempDir(), "token")
	login := func() {
		token, err := s.Login(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, []byte(token+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	login()
	config := providerConfig(s, `token_file = "`+file+`"`) + projectsConfig(name)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		Steps: []resource.TestStep{
			{Config: config, ConfigStateChecks: expectOneProject(name)},
			{
				// The token in the file has expired: Perses refuses it.
				PreConfig:   func() { time.Sleep(ttl + time.Second) },
				Config:      config,
				ExpectError: regexp.MustCompile(`(?s)Cannot List Perses Projects.*401`),
			},
			{
				PreConfig:         login,
				Config:            config,
				ConfigStateChecks: expectOneProject(name),
			},
		},
	})
}
