"""Map tools of the plugin (registered through plugin.register_map_tool so unload removes them)."""
