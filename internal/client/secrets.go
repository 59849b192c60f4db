package client

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"

	v1 "github.com/perses/perses/pkg/model/api/v1"
)

// Secrets of both scopes go through one API, like datasources: project "" (or an empty
// Metadata.Project) is the global scope (/api/v1/globalsecrets, wire kind GlobalSecret),
// anything else /api/v1/projects/{project}/secrets (wire kind Secret). In memory both are
// *v1.Secret; a global one has an empty Metadata.Project and Kind GlobalSecret.
//
// Perses never gives a secret value back: every read (and the answer to a write) carries
// "<secret>" in place of each non-empty password, credentials, client ID, client secret,
// CA, certificate and key. What is read back only tells whether a value is set.

// MaskedSecretValue is what Perses answers in place of every non-empty secret value.
const MaskedSecretValue = "<secret>"

func secretPath(project string, name ...string) string {
	if project == "" {
		return apiPath(append([]string{"globalsecrets"}, name...)...)
	}
	return apiPath(append([]string{"projects", project, "secrets"}, name...)...)
}

func secretToWire(s *v1.Secret) any {
	if s.Metadata.Project == "" {
		return &v1.GlobalSecret{Kind: v1.KindGlobalSecret, Metadata: s.Metadata.Metadata, Spec: s.Spec}
	}
	wire := *s
	wire.Kind = v1.KindSecret
	return &wire
}

func globalToSecret(g *v1.GlobalSecret) *v1.Secret {
	return &v1.Secret{
		Kind:     v1.KindGlobalSecret,
		Metadata: v1.ProjectMetadata{Metadata: g.Metadata},
		Spec:     g.Spec,
	}
}

func checkSecret(s *v1.Secret) error {
	if s == nil {
		return errors.New("nil secret")
	}
	if err := checkName("secret", s.Metadata.Name); err != nil {
		return err
	}
	if s.Metadata.Project != "" {
		return checkName("project", s.Metadata.Project)
	}
	return nil
}

// secretRequest sends req and decodes the answer of either scope into a *v1.Secret.
func (c *Client) secretRequest(ctx context.Context, project string, req *request) (*v1.Secret, error) {
	if project == "" {
		out := &v1.GlobalSecret{}
		req.out = out
		if err := c.do(ctx, req); err != nil {
			return nil, err
		}
		return globalToSecret(out), nil
	}
	out := &v1.Secret{}
	req.out = out
	if err := c.do(ctx, req); err != nil {
		return nil, err
	}
	return out, nil
}

// GetSecret reads one secret, its values masked (see MaskedSecretValue); project "" means a
// global secret. A missing secret, or a missing project, satisfies ErrNotFound.
func (c *Client) GetSecret(ctx context.Context, project, name string) (*v1.Secret, error) {
	if err := checkSecret(&v1.Secret{Metadata: *v1.NewProjectMetadata(project, name)}); err != nil {
		return nil, err
	}
	return c.secretRequest(ctx, project, &request{method: http.MethodGet, path: secretPath(project, name), resend: true})
}

// ListSecrets lists the secrets of a scope (project "" for the global ones) whose name starts
// with namePrefix, values masked. Like every list, it may wrongly answer [] on a file database
// (see ListDatasources): never conclude from it alone that a secret is gone.
func (c *Client) ListSecrets(ctx context.Context, project, namePrefix string) ([]*v1.Secret, error) {
	if project != "" {
		if err := checkName("project", project); err != nil {
			return nil, err
		}
	}
	query := url.Values{}
	if namePrefix != "" {
		query.Set("name", namePrefix)
	}
	req := &request{method: http.MethodGet, path: secretPath(project), query: query, resend: true}
	if project == "" {
		var out []*v1.GlobalSecret
		req.out = &out
		if err := c.do(ctx, req); err != nil {
			return nil, err
		}
		list := make([]*v1.Secret, 0, len(out))
		for _, g := range out {
			list = append(list, globalToSecret(g))
		}
		return list, nil
	}
	list := []*v1.Secret{}
	req.out = &list
	if err := c.do(ctx, req); err != nil {
		return nil, err
	}
	return list, nil
}

// CreateSecret creates s in the scope of s.Metadata.Project and returns what Perses answered
// (values masked; the name and project may be lowercased). When the outcome of the POST is
// unknown, the secret is read back (see create); as its values cannot be compared, a secret
// found with the same masked spec is then written again with a PUT, so that Perses surely
// holds the values sent.
func (c *Client) CreateSecret(ctx context.Context, s *v1.Secret) (*v1.Secret, error) {
	if err := checkSecret(s); err != nil {
		return nil, err
	}
	project, name := s.Metadata.Project, s.Metadata.Name
	// An error here means Perses will refuse the spec too (its answer says why): the check below
	// then takes no secret it finds for this one.
	sentMasked, _ := maskedSpec(s.Spec)
	found := false
	req := &request{method: http.MethodPost, path: secretPath(project), body: secretToWire(s)}
	var globalOut *v1.GlobalSecret
	var projectOut *v1.Secret
	if project == "" {
		globalOut = &v1.GlobalSecret{}
		req.out = globalOut
	} else {
		projectOut = &v1.Secret{}
		req.out = projectOut
	}
	check := func(ctx context.Context) (bool, error) {
		got, err := c.GetSecret(ctx, project, name)
		if err != nil {
			return false, err
		}
		found = sentMasked != nil && sameMaskedSpec(got.Spec, sentMasked)
		return found, nil
	}
	if err := c.create(ctx, req, name, check); err != nil {
		return nil, scrubSecretValues(err, s.Spec)
	}
	if found {
		return c.UpdateSecret(ctx, s)
	}
	if globalOut != nil {
		return globalToSecret(globalOut), nil
	}
	return projectOut, nil
}

// UpdateSecret replaces the secret named s.Metadata.Name in the scope of s.Metadata.Project.
// Perses keeps nothing of the old spec: every value must be sent again.
func (c *Client) UpdateSecret(ctx context.Context, s *v1.Secret) (*v1.Secret, error) {
	if err := checkSecret(s); err != nil {
		return nil, err
	}
	project := s.Metadata.Project
	req := &request{method: http.MethodPut, path: secretPath(project, s.Metadata.Name), body: secretToWire(s), resend: true}
	out, err := c.secretRequest(ctx, project, req)
	return out, scrubSecretValues(err, s.Spec)
}

// DeleteSecret deletes a secret (Perses answers 204). A missing one satisfies ErrNotFound,
// except when an earlier attempt of this same call may have deleted it: that counts as success.
func (c *Client) DeleteSecret(ctx context.Context, project, name string) error {
	if err := checkSecret(&v1.Secret{Metadata: *v1.NewProjectMetadata(project, name)}); err != nil {
		return err
	}
	return c.do(ctx, &request{method: http.MethodDelete, path: secretPath(project, name), resend: true})
}

// maskedSpec is spec as Perses shows it: decoded the way the server decodes it (which fills
// defaults such as the authorization type Bearer), then with every secret value masked.
func maskedSpec(spec v1.SecretSpec) (any, error) {
	data, err := json.Marshal(spec)
	if err != nil {
		return nil, err
	}
	var decoded v1.SecretSpec
	if err := json.Unmarshal(data, &decoded); err != nil {
		return nil, err
	}
	return normalJSON(v1.NewPublicSecretSpec(decoded))
}

// sameMaskedSpec compares a spec read from Perses with the masked form of the one sent.
func sameMaskedSpec(got v1.SecretSpec, sentMasked any) bool {
	gotMasked, err := maskedSpec(got)
	return err == nil && sameJSON(gotMasked, sentMasked)
}

// secretValues lists the secret values of spec, to keep them out of error messages.
func secretValues(spec v1.SecretSpec) []string {
	var values []string
	if b := spec.BasicAuth; b != nil {
		values = append(values, b.Password)
	}
	if a := spec.Authorization; a != nil {
		values = append(values, a.Credentials)
	}
	if o := spec.OAuth; o != nil {
		values = append(values, o.ClientID, o.ClientSecret)
	}
	if t := spec.TLSConfig; t != nil {
		values = append(values, t.CA, t.Cert, t.Key)
	}
	return values
}

// scrubSecretValues masks the values of spec in the server's message of an APIError: the
// error text ends up in diagnostics and logs, and a server or proxy in front of it may echo
// the request. The error keeps its type, so errors.Is still works.
func scrubSecretValues(err error, spec v1.SecretSpec) error {
	var api *APIError
	if err == nil || !errors.As(err, &api) {
		return err
	}
	for _, v := range secretValues(spec) {
		if len(v) >= minScrubbedSecret && v != MaskedSecretValue {
			api.Message = strings.ReplaceAll(api.Message, v, masked)
		}
	}
	return err
}
