"""Processing provider and algorithms (the plugin's public, scriptable API)."""
