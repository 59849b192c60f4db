package client

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"strings"

	v1 "github.com/perses/perses/pkg/model/api/v1"
)

// Secrets of both scopes go through one API, like datasources (see scoped): project "" (or an empty
// Metadata.Project) is the global scope (/api/v1/globalsecrets, wire kind GlobalSecret),
// anything else /api/v1/projects/{project}/secrets (wire kind Secret). In memory both are
// *v1.Secret; a global one has an empty Metadata.Project and Kind GlobalSecret.
//
// Perses never gives a secret value back: every read (and the answer to a write) carries
// "<secret>" in place of each non-empty password, credentials, client ID, client secret,
// CA, certificate and key. What is read back only tells whether a value is set.

// MaskedSecretValue is what Perses answers in place of every non-empty secret value.
const MaskedSecretValue = "<secret>"

// GetSecret reads one secret, its values masked (see MaskedSecretValue); project "" means a
// global secret. A missing secret, or a missing project, satisfies ErrNotFound.
func (c *Client) GetSecret(ctx context.Context, project, name string) (*v1.Secret, error) {
	return secrets.in(project).get(ctx, c, name)
}

// ListSecrets lists the secrets of a scope (project "" for the global ones) whose name starts
// with namePrefix, values masked. Like every list, it may wrongly answer [] on a file database
// (see ListDatasources): never conclude from it alone that a secret is gone.
func (c *Client) ListSecrets(ctx context.Context, project, namePrefix string) ([]*v1.Secret, error) {
	query := url.Values{}
	if namePrefix != "" {
		query.Set("name", namePrefix)
	}
	return secrets.in(project).list(ctx, c, query)
}

// CreateSecret creates s in the scope of s.Metadata.Project and returns what Perses answered
// (values masked; the name and project may be lowercased). When the outcome of the POST is
// unknown, the secret is read back (see create); as its values cannot be compared, a secret
// found with the same masked spec is then written again with a PUT, so that Perses surely
// holds the values sent.
func (c *Client) CreateSecret(ctx context.Context, s *v1.Secret) (*v1.Secret, error) {
	sc, name, err := secrets.of(s)
	if err != nil {
		return nil, err
	}
	// An error here means Perses will refuse the spec too (its answer says why): the read back
	// then takes no secret it finds for this one.
	sentMasked, _ := maskedSpec(s.Spec)
	out, readBack, err := sc.create(ctx, c, s, name, func(got *v1.Secret) bool {
		return sentMasked != nil && sameMaskedSpec(got.Spec, sentMasked)
	})
	if err != nil {
		return nil, scrubSecretValues(err, s.Spec)
	}
	if readBack {
		return c.UpdateSecret(ctx, s)
	}
	return out, nil
}

// UpdateSecret replaces the secret named s.Metadata.Name in the scope of s.Metadata.Project.
// Perses keeps nothing of the old spec: every value must be sent again.
func (c *Client) UpdateSecret(ctx context.Context, s *v1.Secret) (*v1.Secret, error) {
	sc, name, err := secrets.of(s)
	if err != nil {
		return nil, err
	}
	out, err := sc.update(ctx, c, s, name)
	return out, scrubSecretValues(err, s.Spec)
}

// DeleteSecret deletes a secret (Perses answers 204). A missing one satisfies ErrNotFound,
// except when an earlier attempt of this same call may have deleted it: that counts as success.
func (c *Client) DeleteSecret(ctx context.Context, project, name string) error {
	return secrets.in(project).delete(ctx, c, name)
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
