package provider

// The schema version of each resource. A change of a resource's schema (an attribute added,
// removed, retyped, or changing between Required, Optional, Computed, Sensitive and write-only)
// bumps its version, with a state upgrader from the previous one (resource.ResourceWithUpgradeState):
// TestSchemaVersionsFollowSchemas fails until both are done. The refresh relies on it: a state
// whose marks say it was recorded from the server object it reads is kept as it is (see
// storedMarks.recordedFrom), so a new representation reaches old states only through an upgrader,
// which also nulls `version` to make the next refresh rewrite the state.
const (
	datasourceSchemaVersion  = 0
	secretSchemaVersion      = 0
	projectSchemaVersion     = 0
	roleSchemaVersion        = 0
	roleBindingSchemaVersion = 0
	userSchemaVersion        = 0
)
