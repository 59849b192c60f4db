package provider

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/perses/terraform-provider-perses/internal/testbed"
)

// TestAccUserSignUpIsOpenToAnyone: what the documentation says of creating users, measured. With
// sign-up open (Perses' default), POST /api/v1/users creates a user for anyone: a request with no
// token, and a signed-in user without any role. The user made so has no role.
func TestAccUserSignUpIsOpenToAnyone(t *testing.T) {
	s := rolesServer(t)
	token, err := s.LoginAs(context.Background(), rbacAlice.Name, rbacAlice.Password)
	if err != nil {
		t.Fatal(err)
	}
	for who, bearer := range map[string]string{"anonymous": "", rbacAlice.Name + " (no role)": token} {
		name := accName("signup")
		body := fmt.Sprintf(`{"kind":"User","metadata":{"name":%q},"spec":{"nativeProvider":{"password":"a-password"}}}`, name)
		if got := requestAs(t, s, bearer, http.MethodPost, "/api/v1/users", body); got != http.StatusOK {
			t.Errorf("POST /api/v1/users as %s: status %d, want 200 (sign-up is open)", who, got)
		}
		signedUp, err := s.LoginAs(context.Background(), name, "a-password")
		if err != nil {
			t.Fatalf("login as the user %s signed up: %v", who, err)
		}
		if got := statusAs(t, s, signedUp, "/api/v1/globaldatasources"); got != http.StatusForbidden {
			t.Errorf("GET /api/v1/globaldatasources as a user %s signed up: status %d, want 403 (no role)", who, got)
		}
	}
}

// signUpDave is provisioned on the server with sign-up disabled, where no API creates users.
var signUpDave = testbed.ProvisionedUser{Name: "signup-dave", Password: "signup-dave-password"}

// TestAccUserWithSignUpDisabled: with security.authentication.disable_sign_up, Perses serves no
// route that creates users, for the admin too (measured: the POST answers 405). Creating a
// perses_user fails at plan, saying so; a user created another way (provisioned) is imported
// and updated, since updates and deletes are still served.
func TestAccUserWithSignUpDisabled(t *testing.T) {
	s := accServer(t, testbed.ServerOptions{Auth: true, DisableSignUp: true, Users: []testbed.ProvisionedUser{signUpDave}})
	token, err := s.LoginAs(context.Background(), s.AdminUsername, s.AdminPassword)
	if err != nil {
		t.Fatal(err)
	}
	body := `{"kind":"User","metadata":{"name":"probe-user"},"spec":{"nativeProvider":{"password":"a-password"}}}`
	if got := requestAs(t, s, token, http.MethodPost, "/api/v1/users", body); got != http.StatusMethodNotAllowed {
		t.Fatalf("POST /api/v1/users as the admin with sign-up disabled: status %d, want 405", got)
	}
	password := userSensitiveForm.lines(fmt.Sprintf("%q", signUpDave.Password), 0)
	newcomer := accName("newcomer")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		Steps: []resource.TestStep{
			{
				Config: adminConfig(s) + userConfig(newcomer, "", "", password), PlanOnly: true,
				ExpectError: diagnosticText("Perses Sign-Up Is Disabled", fmt.Sprintf(
					`This plan creates user %q, but the Perses server runs with security.authentication.disable_sign_up: true, which removes the only route that creates users (POST /api/v1/users), for administrators too. `+
						`Existing users can still be updated and deleted. Set disable_sign_up: false in the Perses configuration (anyone who reaches Perses can then sign up, with the guest permissions only), `+
						`or create the user another way (Perses' provisioning folder) and import it: terraform import perses_user.<name> %s.`, newcomer, newcomer)),
			},
			{
				Config:             adminConfig(s) + userConfig(signUpDave.Name, "Dave", "", password),
				ImportState:        true,
				ImportStateId:      signUpDave.Name,
				ResourceName:       "perses_user.test",
				ImportStatePersist: true,
			},
			{
				Config: adminConfig(s) + userConfig(signUpDave.Name, "Dave", "", password),
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttr("perses_user.test", "first_name", "Dave"),
					expectLogin(s, signUpDave.Name, []string{signUpDave.Password}),
					func(*terraform.State) error {
						u, err := accClient(t, s).GetUser(context.Background(), signUpDave.Name)
						if err != nil {
							return err
						}
						if !strings.EqualFold(u.Spec.FirstName, "Dave") {
							return fmt.Errorf("first name on the server %q, want Dave", u.Spec.FirstName)
						}
						return nil
					},
				),
			},
		},
	})
}
