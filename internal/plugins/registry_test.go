package plugins

import "testing"

func TestKindsHaveUniqueNames(t *testing.T) {
	attributes := map[string]bool{}
	pluginKinds := map[string]bool{}
	for _, k := range Kinds() {
		if attributes[k.Attribute] {
			t.Errorf("attribute %q is used by two kinds", k.Attribute)
		}
		if pluginKinds[k.PluginKind] {
			t.Errorf("plugin kind %q is used by two kinds", k.PluginKind)
		}
		attributes[k.Attribute], pluginKinds[k.PluginKind] = true, true
	}
	if len(Kinds()) != 6 {
		t.Errorf("Kinds() has %d kinds, want 6", len(Kinds()))
	}
}

func TestKindFieldsDoNotCollideWithHTTPFields(t *testing.T) {
	for _, k := range Kinds() {
		attributes := map[string]bool{directURLAttribute: true, proxyAttribute: true}
		jsonNames := map[string]bool{"directUrl": true, "proxy": true}
		for _, f := range k.Fields {
			if attributes[f.Attribute] || jsonNames[f.JSON] {
				t.Errorf("%s: field %s (%s) is declared twice", k.Attribute, f.Attribute, f.JSON)
			}
			attributes[f.Attribute], jsonNames[f.JSON] = true, true
		}
	}
}

func TestByAttribute(t *testing.T) {
	for _, k := range Kinds() {
		if got := ByAttribute(k.Attribute); got != k {
			t.Errorf("ByAttribute(%q) = %v, want %s", k.Attribute, got, k.PluginKind)
		}
	}
	for _, name := range []string{"", "Prometheus", "PrometheusDatasource", "graphite"} {
		if got := ByAttribute(name); got != nil {
			t.Errorf("ByAttribute(%q) = %s, want nil", name, got.PluginKind)
		}
	}
}

func TestByPluginKind(t *testing.T) {
	want := map[string]string{
		"PrometheusDatasource":   "prometheus",
		"TempoDatasource":        "tempo",
		"LokiDatasource":         "loki",
		"PyroscopeDatasource":    "pyroscope",
		"ClickHouseDatasource":   "clickhouse",
		"VictoriaLogsDatasource": "victorialogs",
	}
	for pluginKind, attribute := range want {
		k := ByPluginKind(pluginKind)
		if k == nil || k.Attribute != attribute {
			t.Errorf("ByPluginKind(%q) = %v, want the %s kind", pluginKind, k, attribute)
		}
	}
	// Perses compares plugin kinds exactly, so must the lookup.
	for _, pluginKind := range []string{"", "prometheusdatasource", "Prometheus", "prometheus", "SQLDatasource"} {
		if got := ByPluginKind(pluginKind); got != nil {
			t.Errorf("ByPluginKind(%q) = %s, want nil", pluginKind, got.Attribute)
		}
	}
}
