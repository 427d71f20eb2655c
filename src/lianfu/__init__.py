"""lianfu (链复): restart whole supply chains, not single factories."""
