"""``lianfu import projects`` and the web upload: a county's project list read
by the shared import machinery (common/importing) into its library."""
