"""pytest plugin (placeholder until the full plugin lands): nothing is registered yet."""
