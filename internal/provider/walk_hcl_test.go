package provider

import (
	"fmt"
	"strconv"
	"strings"
)

// The HCL of a walk's world, as a user writes it: objects in a project refer to the project
// resource (or spell its name in another case, with depends_on, on a case-insensitive server),
// proxies refer to the secret resources they name.

// walkRender is the configuration of w without the provider block.
func walkRender(w *walkWorld) string {
	var b strings.Builder
	for _, p := range w.projects {
		fmt.Fprintf(&b, "resource \"perses_project\" %q {\n  name = %s\n", p.label, walkHCLString(p.name))
		walkWriteOptional(&b, "  ", "display_name", p.displayName)
		walkWriteOptional(&b, "  ", "description", p.description)
		b.WriteString("}\n\n")
	}
	for _, s := range w.secrets {
		fmt.Fprintf(&b, "resource \"perses_%s\" %q {\n", walkScopedType(s.walkPlacement, "secret"), s.label)
		walkWritePlacement(&b, s.walkPlacement)
		fmt.Fprintf(&b, "  name = %s\n", walkHCLString(s.name))
		if s.username != "" {
			fmt.Fprintf(&b, "  basic_auth = {\n    username = %s\n    password = %s\n  }\n", walkHCLString(s.username), walkHCLString(s.password))
		} else {
			b.WriteString("  authorization = {\n")
			walkWriteOptional(&b, "    ", "type", s.authType)
			fmt.Fprintf(&b, "    credentials = %s\n  }\n", walkHCLString(s.credentials))
		}
		b.WriteString("}\n\n")
	}
	for _, d := range w.datasources {
		walkWriteDatasource(&b, d)
	}
	return b.String()
}

func walkScopedType(pl walkPlacement, object string) string {
	if pl.global() {
		return "global_" + object
	}
	return "project_" + object
}

func walkWritePlacement(b *strings.Builder, pl walkPlacement) {
	switch {
	case pl.global():
	case pl.spelling == "":
		fmt.Fprintf(b, "  project = perses_project.%s.name\n", pl.project.label)
	default:
		fmt.Fprintf(b, "  project    = %s\n  depends_on = [perses_project.%s]\n", walkHCLString(pl.spelling), pl.project.label)
	}
}

func walkWriteDatasource(b *strings.Builder, d *walkDatasource) {
	fmt.Fprintf(b, "resource \"perses_%s\" %q {\n", walkScopedType(d.walkPlacement, "datasource"), d.label)
	walkWritePlacement(b, d.walkPlacement)
	fmt.Fprintf(b, "  name = %s\n", walkHCLString(d.name))
	walkWriteOptional(b, "  ", "display_name", d.displayName)
	walkWriteOptional(b, "  ", "description", d.description)
	switch d.def {
	case walkFlagFalse:
		b.WriteString("  default = false\n")
	case walkFlagTrue:
		b.WriteString("  default = true\n")
	}
	if d.kind == walkRaw {
		fields := []string{"directUrl = " + walkHCLString(d.directURL)}
		if d.maxTraces != 0 {
			fields = append(fields, fmt.Sprintf("maxTraces = %d", d.maxTraces))
		}
		if d.tags != nil {
			quoted := make([]string, len(d.tags))
			for i, t := range d.tags {
				quoted[i] = walkHCLString(t)
			}
			fields = append(fields, "tags = ["+strings.Join(quoted, ", ")+"]")
		}
		if d.scrapeInterval != "" {
			fields = append(fields, "scrapeInterval = "+walkHCLString(d.scrapeInterval))
		}
		fmt.Fprintf(b, "  plugin = {\n    kind      = %s\n    spec_json = jsonencode({ %s })\n  }\n", walkHCLString(d.rawKind), strings.Join(fields, ", "))
	} else {
		fmt.Fprintf(b, "  %s = {\n", d.kind)
		if d.proxy == nil {
			fmt.Fprintf(b, "    direct_url = %s\n", walkHCLString(d.directURL))
		} else {
			walkWriteProxy(b, d.proxy)
		}
		walkWriteOptional(b, "    ", "scrape_interval", d.scrapeInterval)
		if d.queryParams != nil {
			fmt.Fprintf(b, "    query_params = %s\n", walkHCLMap(d.queryParams))
		}
		b.WriteString("  }\n")
	}
	if d.createBeforeDestroy {
		b.WriteString("  lifecycle {\n    create_before_destroy = true\n  }\n")
	}
	b.WriteString("}\n\n")
}

func walkWriteProxy(b *strings.Builder, px *walkProxy) {
	fmt.Fprintf(b, "    proxy = {\n      url = %s\n", walkHCLString(px.url))
	if px.endpointsSet {
		if len(px.endpoints) == 0 {
			b.WriteString("      allowed_endpoints = []\n")
		} else {
			b.WriteString("      allowed_endpoints = [\n")
			for _, e := range px.endpoints {
				fmt.Fprintf(b, "        { endpoint_pattern = %s, method = %s },\n", walkHCLString(e.pattern), walkHCLString(e.method))
			}
			b.WriteString("      ]\n")
		}
	}
	if px.headers != nil {
		fmt.Fprintf(b, "      headers = %s\n", walkHCLMap(px.headers))
	}
	if px.secret != nil {
		fmt.Fprintf(b, "      secret = perses_%s.%s.name\n", walkScopedType(px.secret.walkPlacement, "secret"), px.secret.label)
	}
	b.WriteString("    }\n")
}

func walkWriteOptional(b *strings.Builder, indent, attribute, value string) {
	if value != "" {
		fmt.Fprintf(b, "%s%s = %s\n", indent, attribute, walkHCLString(value))
	}
}

// walkHCLString quotes s as an HCL string literal: Go's escapes for quotes, backslashes and control
// characters are HCL's too; template sequences are escaped so that they stay text.
func walkHCLString(s string) string {
	q := strconv.Quote(s)
	q = strings.ReplaceAll(q, "${", "$${")
	return strings.ReplaceAll(q, "%{", "%%{")
}

func walkHCLMap(m map[string]string) string {
	var parts []string
	for _, k := range walkSortedKeys(m) {
		parts = append(parts, fmt.Sprintf("%s = %s", walkHCLString(k), walkHCLString(m[k])))
	}
	return "{ " + strings.Join(parts, ", ") + " }"
}
