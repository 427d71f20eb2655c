"""What a prediction is and the confidence that routes a ticket: light, so the
many modules that only read them (submission, the demo) do not load
scikit-learn at start-up; the model (model.py) is imported when one is
loaded or trained."""
from dataclasses import dataclass

from lianfu.helpdesk.enums import Category

# Below this confidence a ticket waits for a dispatcher instead of being routed.
# Chosen on grouped out-of-fold predictions of the whole corpus (each text
# scored by a model that saw neither it nor its twin): the lowest threshold at
# which the routed tickets are at least 95% right (at most one in twenty comes
# back "not ours"), routing about 87% of tickets; a dispatcher then sees the
# other 13%, of which the model got about 60% right. benchmarks/classify.py
# prints the held-out share and accuracy at this threshold.
CONFIDENCE_THRESHOLD = 0.70


@dataclass(frozen=True)
class Prediction:
    category: Category
    confidence: float  # calibrated probability of ``category``, in [0, 1]
    ranked: tuple[tuple[Category, float], ...]  # every category, most probable first
