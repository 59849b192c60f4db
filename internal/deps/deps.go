package deps

import (
	_ "github.com/hashicorp/terraform-plugin-framework/providerserver"
	_ "github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	_ "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	_ "github.com/hashicorp/terraform-plugin-log/tflog"
	_ "github.com/perses/perses/pkg/model/api/v1"
	_ "golang.org/x/oauth2/clientcredentials"
)
