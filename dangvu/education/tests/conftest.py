"""Nothing special: the shared fixtures of the project's conftest apply."""
