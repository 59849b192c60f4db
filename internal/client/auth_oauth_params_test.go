package client

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// tokenRequestLog is a token endpoint that grants any client and records what it was sent.
type tokenRequestLog struct {
	mu    sync.Mutex
	forms []url.Values
	basic []string // "id:secret" when sent as basic auth, "" otherwise
}

func (l *tokenRequestLog) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	id, secret, ok := r.BasicAuth()
	l.mu.Lock()
	l.forms = append(l.forms, r.PostForm)
	if ok {
		l.basic = append(l.basic, id+":"+secret)
	} else {
		l.basic = append(l.basic, "")
	}
	l.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"access_token": "granted", "token_type": "Bearer", "expires_in": 3600})
}

func (l *tokenRequestLog) last(t *testing.T) (url.Values, string) {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.forms) == 0 {
		t.Fatal("no token request")
	}
	return l.forms[len(l.forms)-1], l.basic[len(l.basic)-1]
}

func TestOAuthEndpointParamsAndAuthStyleSent(t *testing.T) {
	tokens := &tokenRequestLog{}
	idp := newServer(t, tokens.ServeHTTP)
	perses := newServer(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, http.StatusOK, []any{}) })

	for _, tt := range []struct {
		name      string
		authStyle int
		wantBasic string
		wantForm  map[string]string // client_id / client_secret in the body
	}{
		{"in params", 1, "", map[string]string{"client_id": "terraform", "client_secret": "s3cret"}},
		{"in header", 2, "terraform:s3cret", map[string]string{"client_id": "", "client_secret": ""}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig(perses.URL)
			cfg.OAuth = &OAuthConfig{
				ClientID: "terraform", ClientSecret: "s3cret", TokenURL: idp.URL + "/token",
				EndpointParams: map[string][]string{"audience": {"perses"}, "resource": {"https://a", "https://b"}},
				AuthStyle:      tt.authStyle,
			}
			if _, err := mustNew(t, cfg).ListProjects(context.Background(), ""); err != nil {
				t.Fatal(err)
			}
			form, basic := tokens.last(t)
			if got := form["audience"]; len(got) != 1 || got[0] != "perses" {
				t.Errorf("audience = %q, want [perses]", got)
			}
			if got := strings.Join(form["resource"], " "); got != "https://a https://b" {
				t.Errorf("resource = %q, want both values in order", got)
			}
			if basic != tt.wantBasic {
				t.Errorf("basic auth = %q, want %q", basic, tt.wantBasic)
			}
			for k, want := range tt.wantForm {
				if form.Get(k) != want {
					t.Errorf("form %s = %q, want %q", k, form.Get(k), want)
				}
			}
		})
	}
}

// httptest's TLS servers all present the same certificate, so a Perses CA that applied to the
// token URL too would make the identity provider below trusted.
func TestOAuthTokenURLDoesNotTrustThePersesCA(t *testing.T) {
	tokens := &tokenRequestLog{}
	idp := httptest.NewTLSServer(tokens)
	t.Cleanup(idp.Close)
	perses := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { writeJSON(w, http.StatusOK, []any{}) }))
	t.Cleanup(perses.Close)
	ca := certPEM(perses.Certificate().Raw)

	cfg := testConfig(perses.URL)
	cfg.CACertPEM = ca
	cfg.OAuth = &OAuthConfig{ClientID: "terraform", ClientSecret: "s3cret", TokenURL: idp.URL + "/token"}
	_, err := mustNew(t, cfg).ListProjects(context.Background(), "")
	if err == nil || !strings.Contains(err.Error(), "certificate signed by unknown authority") {
		t.Fatalf("Perses CA only: err = %v, want the token URL refused as signed by an unknown authority", err)
	}

	cfg.CACertPEM = ""
	cfg.InsecureSkipVerify = true
	_, err = mustNew(t, cfg).ListProjects(context.Background(), "")
	if err == nil || !strings.Contains(err.Error(), "certificate signed by unknown authority") {
		t.Fatalf("insecure_skip_verify: err = %v, want it to apply to Perses only", err)
	}

	cfg.InsecureSkipVerify = false
	cfg.CACertPEM = ca
	cfg.OAuth.CACertPEM = ca
	if _, err := mustNew(t, cfg).ListProjects(context.Background(), ""); err != nil {
		t.Fatalf("with the token URL's own CA: %v", err)
	}
}

func TestOAuthTokenURLUsesSystemRootsByDefault(t *testing.T) {
	caPEM, certPEMData, keyPEM := newClientCert(t)
	cfg := Config{URL: "https://perses.example.com", CACertPEM: caPEM, ClientCertPEM: certPEMData, ClientKeyPEM: keyPEM,
		OAuth: &OAuthConfig{ClientID: "id", ClientSecret: "s", TokenURL: "https://idp.example.com/token"}}
	c := mustNew(t, cfg)
	if c.transport.TLSClientConfig.RootCAs == nil {
		t.Fatal("the Perses transport lost its CA")
	}
	tr, err := newTokenURLTransport(cfg.OAuth)
	if err != nil {
		t.Fatal(err)
	}
	if tr.TLSClientConfig.RootCAs != nil || len(tr.TLSClientConfig.Certificates) != 0 || tr.TLSClientConfig.InsecureSkipVerify {
		t.Errorf("token URL TLS = %+v, want the system roots and no client certificate", tr.TLSClientConfig)
	}
	cfg.OAuth.CACertFile = "/no/such/idp-ca.pem"
	if _, err := New(cfg); err == nil || err.Error() != "OAuth token URL: open /no/such/idp-ca.pem: no such file or directory" {
		t.Errorf("missing token URL CA file: err = %v", err)
	}
}
