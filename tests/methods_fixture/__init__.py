"""Method modules that live outside decision/: tests register them at run time (registry.register)."""
