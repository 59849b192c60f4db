package plugins

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/perses/terraform-provider-perses/internal/rules"
)

// The part every typed kind shares: in Perses v0.54.0 each of their specs holds exactly one of
// directUrl (the browser queries the datasource) or proxy (the Perses server forwards the
// queries, through an HTTPProxy).
const (
	directURLAttribute        = "direct_url"
	proxyAttribute            = "proxy"
	proxyURLAttribute         = "url"
	allowedEndpointsAttribute = "allowed_endpoints"
	headersAttribute          = "headers"
	secretAttribute           = "secret"
	endpointPatternAttribute  = "endpoint_pattern"
	methodAttribute           = "method"
)

// httpProxyKind is the kind of the proxy's {kind, spec} envelope in the plugin spec.
const httpProxyKind = "HTTPProxy"

func httpAttributes(k *Kind) map[string]attribute {
	return map[string]attribute{
		directURLAttribute: {
			typ:  stringType,
			json: "directUrl",
			description: fmt.Sprintf("URL at which the browsers of dashboard viewers query %s directly, "+
				"e.g. `%s`. It must be reachable from those browsers, who all see it: a URL with credentials "+
				"(`https://user:password@host`) is refused.", k.Title, exampleURL(k)),
			stringValidators: []validator.String{urlValidator(exampleURL(k)), noUserInfoValidator{direct: true}},
		},
		proxyAttribute: {
			typ:      objectType,
			json:     "proxy",
			envelope: httpProxyKind,
			description: fmt.Sprintf("The Perses server forwards the queries to %s (an `HTTPProxy`): "+
				"browsers only reach Perses, and credentials stay on the server.", k.Title),
			nested: proxyAttributes(k),
		},
	}
}

func proxyAttributes(k *Kind) map[string]attribute {
	return map[string]attribute{
		proxyURLAttribute: {
			typ:      stringType,
			json:     "url",
			required: true,
			description: fmt.Sprintf("URL the Perses server forwards the queries to, e.g. `http://%s.monitoring.svc`. "+
				"Without credentials (`https://user:password@host` is refused): name a secret in `secret` instead.", k.Attribute),
			stringValidators: []validator.String{urlValidator(exampleURL(k)), noUserInfoValidator{}},
		},
		allowedEndpointsAttribute: {
			typ:            objectListType,
			json:           "allowedEndpoints",
			defaultValue:   endpointsValue(k.DefaultAllowedEndpoints),
			listValidators: append([]validator.List{emptyAllowedEndpointsValidator{kind: k}}, k.EndpointsValidators...),
			description: "The requests the proxy lets through: a request passes when an entry has its method " +
				"and its `endpoint_pattern` matches somewhere in its path (`/api/v1/query` also lets " +
				"`/api/v1/query_range` through, `/` lets every path through). Any other request gets 403. " +
				"An empty list lets **every** path and method through: `terraform validate` warns about it, and about a pattern " +
				"that matches every path. When omitted, the endpoints the " +
				"Perses UI pre-fills for " + k.Title + ": " + describeEndpoints(k.DefaultAllowedEndpoints) + ".",
			nested: map[string]attribute{
				endpointPatternAttribute: {
					typ:      stringType,
					json:     "endpointPattern",
					required: true,
					description: "Regular expression (Go RE2 syntax) matched anywhere in the request path, e.g. `/api/v1/query`. " +
						"Every request path starts with `/`: a pattern that can match none (whitespace at its ends, `^api/...`) is refused.",
					stringValidators: []validator.String{endpointPatternValidator{example: exampleEndpoint(k).Pattern}},
				},
				methodAttribute: {
					typ:              stringType,
					json:             "method",
					required:         true,
					description:      "HTTP method, in uppercase: `GET`, `POST`, `PUT`, `PATCH` or `DELETE`.",
					stringValidators: []validator.String{methodValidator{}},
				},
			},
		},
		headersAttribute: {
			typ:  stringMapType,
			json: "headers",
			description: "Headers the proxy adds to every forwarded request, e.g. `{ \"X-Scope-OrgID\" = \"platform\" }`. " +
				"Not for credentials: put them in a Perses secret and name it in `secret`; `terraform validate` refuses " +
				"the credential headers " + describeHeaders(CredentialHeaders) + ", in any letter case.",
			mapValidators: []validator.Map{rules.NotEmptyMap(), noCredentialHeadersValidator{}},
		},
		secretAttribute: {
			typ:  stringType,
			json: "secret",
			description: "Name of the Perses secret (a global secret for a global datasource, a secret of the " +
				"same project otherwise) holding the credentials and TLS settings of the forwarded requests. " +
				"Perses does not check that it exists: a missing secret makes every proxied query fail with 404.",
			stringValidators: []validator.String{rules.Name(k.Attribute + "-credentials")},
		},
	}
}

// endpointAttrTypes is the object type of one allowed_endpoints entry.
var endpointAttrTypes = map[string]attr.Type{
	endpointPatternAttribute: types.StringType,
	methodAttribute:          types.StringType,
}

// endpointsValue is the allowed_endpoints value holding endpoints.
func endpointsValue(endpoints []Endpoint) types.List {
	elements := make([]attr.Value, 0, len(endpoints))
	for _, e := range endpoints {
		elements = append(elements, types.ObjectValueMust(endpointAttrTypes, map[string]attr.Value{
			endpointPatternAttribute: types.StringValue(e.Pattern),
			methodAttribute:          types.StringValue(e.Method),
		}))
	}
	return types.ListValueMust(types.ObjectType{AttrTypes: endpointAttrTypes}, elements)
}

func describeEndpoints(endpoints []Endpoint) string {
	described := make([]string, 0, len(endpoints))
	for _, e := range endpoints {
		described = append(described, fmt.Sprintf("`%s %s`", e.Method, e.Pattern))
	}
	return strings.Join(described, ", ")
}

func describeHeaders(names []string) string {
	quoted := make([]string, 0, len(names))
	for _, n := range names {
		quoted = append(quoted, "`"+n+"`")
	}
	return strings.Join(quoted[:len(quoted)-1], ", ") + " and " + quoted[len(quoted)-1]
}

func exampleURL(k *Kind) string { return "https://" + k.Attribute + ".example.com" }
