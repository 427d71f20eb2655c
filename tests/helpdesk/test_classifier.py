"""The classifier on its own: determinism, exact answers, confidences, held-out accuracy."""
import pytest

from lianfu.helpdesk.classifier import CONFIDENCE_THRESHOLD, Classifier
from lianfu.helpdesk.classifier.corpus import corpus
from lianfu.helpdesk.classifier.evaluation import held_out_report
from lianfu.helpdesk.classifier.text import exact_key, main_problem
from lianfu.helpdesk.enums import Category

# Unambiguous messages written for these tests, none of them in the corpus
# (checked below) except the issue's own example, which the corpus holds once.
UNSEEN = {
    "工人返岗需要包车": Category.LABOR,
    "电费能否缓交": Category.UTILITIES,
    "给我们供漆包线的厂家还没开工，电机车间下周就要停线": Category.SUPPLY,
    "厂门口测温的额温枪不够用，口罩也只剩两天的量": Category.PREVENTION,
    "增值税留抵退税怎么申请？": Category.TAX,
    "银行贷款下个月到期，想申请续贷或者延期还款": Category.FINANCE,
    "出口货物报关时海关要求补充单证，报不了关": Category.TRADE,
    "厂房租金能不能减免两个月？房东是村集体": Category.PREMISES,
    "复工备案提交三天了，系统里还显示待审核": Category.APPROVAL,
    "集卡司机不够，装好的柜子拉不到港口": Category.LOGISTICS,
    "鄞企办的钉钉账号登不上去，附件也传不了": Category.OTHER,
    "园区突然停电，变压器坏了，什么时候能修好": Category.UTILITIES,
}
# Measured 0.905 on the held-out fold (benchmarks/classify.py); a margin for
# library updates that move a few borderline texts.
HELD_OUT_FLOOR = 0.87


def test_the_unseen_texts_are_not_in_the_corpus():
    known = {exact_key(e.text) for e in corpus()}
    assert not known & {exact_key(t) for t in UNSEEN}


@pytest.mark.parametrize("text,expected", UNSEEN.items())
def test_unambiguous_messages_get_their_category(corpus_classifier, text, expected):
    assert corpus_classifier.predict(text).category == expected


def test_the_issue_example_is_supply(corpus_classifier):
    assert corpus_classifier.predict("上游铜材供应商没复工，库存只够三天").category == Category.SUPPLY


def test_confidence_is_a_probability_over_every_category(corpus_classifier):
    for text in ("口罩不够", "有个问题想问一下", "x", "今天天气不错"):
        prediction = corpus_classifier.predict(text)
        assert 0.0 <= prediction.confidence <= 1.0
        assert [c for c, _ in prediction.ranked][0] == prediction.category
        assert sorted(c for c, _ in prediction.ranked) == sorted(Category)
        assert [p for _, p in prediction.ranked] == sorted((p for _, p in prediction.ranked), reverse=True)
        assert sum(p for _, p in prediction.ranked) == pytest.approx(1.0)
        assert prediction.confidence == prediction.ranked[0][1]


def test_a_greeting_alone_waits_for_a_dispatcher(corpus_classifier):
    assert corpus_classifier.predict("你好").confidence < CONFIDENCE_THRESHOLD


def test_training_twice_gives_the_same_model():
    examples = corpus()[::3]
    first, second = Classifier.train(examples), Classifier.train(examples)
    texts = [e.text for e in corpus()[1::7]]
    assert first.digest == second.digest
    assert (first.probabilities(texts) == second.probabilities(texts)).all()


def test_a_text_in_the_training_set_gets_its_label_with_full_confidence(corpus_classifier):
    text = corpus()[0].text
    prediction = corpus_classifier.predict(" " + text.replace("，", ",") + " ")
    assert (prediction.category, prediction.confidence) == (corpus()[0].category, 1.0)


def test_training_needs_two_categories():
    with pytest.raises(ValueError):
        Classifier.train([("口罩不够", "prevention"), ("口罩没了", "prevention")])


def test_a_tiny_training_set_still_trains_and_ranks():
    classifier = Classifier.train([("口罩不够", "prevention"), ("电费太贵", "utilities")])
    assert classifier.predict("口罩").category == Category.PREVENTION


def test_an_unknown_category_is_refused():
    with pytest.raises(ValueError):
        Classifier.train([("口罩不够", "masks"), ("电费太贵", "utilities")])


@pytest.mark.parametrize("text,main", [
    ("主要问题：漆包线断供了。 次要问题：电费也想问问能不能缓。", "主要问题：漆包线断供了。  "),
    ("口罩也快用完了，这个还能克服。最要命的是：员工回不来", " 最要命的是：员工回不来"),
    ("一是房租能不能减；二是人手有点紧。第一个最急，请优先处理。", "一是房租能不能减 ，请优先处理。"),
    ("货车进不来。另外复工备案的进度也想问问，不过那个不急，主要是运输的问题。", "货车进不来。 ，主要是运输的问题。"),
    ("税控盘锁在厂里（顺便说一下，钉钉有时候也登不上。）请回复", "税控盘锁在厂里 请回复"),
    ("防疫物资的发票能不能抵扣？先不说这个，主要是买不到酒精。", " 主要是买不到酒精。"),
    ("Cash Flow 紧张", "cash flow 紧张"),
])
def test_the_secondary_problem_is_removed_before_features(text, main):
    assert main_problem(text) == main


def test_held_out_accuracy_is_above_the_floor():
    report = held_out_report(corpus(), CONFIDENCE_THRESHOLD)
    assert (report.n_train, report.n_test) == (837, 211)
    assert report.top1 >= HELD_OUT_FLOOR
    assert sum(s.total for s in report.per_category) == report.n_test
    assert report.confident_share >= 0.8 and report.confident_accuracy >= 0.92
