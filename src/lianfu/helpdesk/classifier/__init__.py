"""Chinese problem text → category with a confidence, offline (jieba + scikit-learn).

    from lianfu.helpdesk.classifier import default_classifier, CONFIDENCE_THRESHOLD
    prediction = default_classifier().predict("上游铜材供应商没复工，库存只够三天")
    prediction.category, prediction.confidence   # Category.SUPPLY, 0.9…

``text`` (main problem, jieba), ``keywords`` (rules as features), ``model``
(features, SVM, calibration), ``split`` (held-out split keeping duplicated
statements together), ``evaluation`` (the held-out report), ``default`` (corpus +
corrections, cached per process and in VAR_DIR).
"""
from lianfu.helpdesk.classifier.default import default_classifier, retrain, training_examples
from lianfu.helpdesk.classifier.prediction import CONFIDENCE_THRESHOLD, Prediction


def __getattr__(name: str):
    """``Classifier`` on first use: scikit-learn and SciPy take seconds to
    import, and every process (each command, each server worker) would pay
    them at start-up whether or not it classifies anything."""
    if name == "Classifier":
        from lianfu.helpdesk.classifier.model import Classifier

        return Classifier
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["CONFIDENCE_THRESHOLD", "Classifier", "Prediction", "default_classifier", "retrain", "training_examples"]
