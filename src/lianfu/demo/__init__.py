"""The demo county: a fictional county laid out like Cixi (330282).

``generate`` runs the steps in order against one DemoContext; later features add
steps (supply links, workers, tickets) to STEPS. Deterministic per seed: every
step draws from its own ``random.Random`` derived from the seed and its name, so
adding a step never changes what the earlier ones produce."""
