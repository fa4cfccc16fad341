package check

import "github.com/mdmtoken/mdmtoken/token"

// defaultInspector is used when Config.Inspect is nil.
var defaultInspector Inspector = token.Inspect
