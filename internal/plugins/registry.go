package plugins

// Kinds returns every typed plugin kind, in the order the schema documents them. A new kind is
// one file describing it and one line here.
func Kinds() []*Kind {
	return []*Kind{
		prometheus,
		tempo,
		loki,
		pyroscope,
		clickhouse,
		victorialogs,
	}
}

// ByAttribute returns the kind whose Terraform attribute is name, or nil if there is none.
func ByAttribute(name string) *Kind {
	for _, k := range Kinds() {
		if k.Attribute == name {
			return k
		}
	}
	return nil
}

// ByPluginKind returns the kind whose Perses plugin kind is exactly kind, or nil if there is none.
// The match is case-sensitive because Perses' is: the default-datasource check compares plugin
// kinds exactly.
func ByPluginKind(kind string) *Kind {
	for _, k := range Kinds() {
		if k.PluginKind == kind {
			return k
		}
	}
	return nil
}
