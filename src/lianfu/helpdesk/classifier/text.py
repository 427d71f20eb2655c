"""Text preparation: the main problem of a message, and jieba words.

jieba is used offline with its bundled dictionary; nothing is downloaded. It
caches the prefix dictionary it builds (about 1 s of work) as a marshal file,
which we keep in a directory of our own under the system temp dir: writable
even when the package is installed read-only, and private to this user,
because marshal data is not safe to load from a file someone else could plant.
"""
import logging
import os
import re
import tempfile
import threading
from functools import lru_cache
from pathlib import Path

import jieba

# jieba logs its dictionary loading at DEBUG through its own handler; keep the
# CLI's output to what the command prints.
jieba.setLogLevel(logging.WARNING)

# Domain words jieba's general dictionary splits ("复工备案" → 复工/备案 is fine, but
# "留抵退税", "不可抗力证明", "甩柜" come out in pieces that mean less on their own).
DOMAIN_WORDS = (
    "复工备案 复工申请 健康码 留抵退税 增值税 熔喷布 不可抗力证明 原产地证 集卡 甩柜 订舱 舱位 货代 零担 "
    "口罩机 测温枪 额温枪 隔离室 防控方案 社保费 残保金 税控盘 电子税务局 出口退税 变压器 供电所 配套厂 "
    "供应商 返岗 包车 专列 以工代训 稳岗 营业执照 许可证 驻企联络员 钉钉 中信保 信用证 验厂 物业费 "
    "小微园 工业用地 宿舍 通行证 卡口 物流园 续贷 贴息 转贷"
).split()

# The parts of a message that the writer marks as secondary (LABELLING.md,
# "Messages with more than one problem"): the label follows the main problem,
# and the secondary one's vocabulary belongs to another category. Removing it
# before computing features raised grouped cross-validated top-1 by about
# 1.3 points.
_SECONDARY = (
    re.compile(r"次要问题.*$", re.S),                                 # 主要问题：A 次要问题：B
    re.compile(r"[；;，,\s]*二是.*?第一个最急"),                         # 一是A；二是B。第一个最急
    re.compile(r"^.*?这个还能克服[。，,\s]*(?=最要命)", re.S),             # B，这个还能克服。最要命的是：A
    re.compile(r"^.*?先不说这个[。，,\s]*", re.S),                       # B？先不说这个，主要是A
    re.compile(r"另外[^。！？!?]*?不过那个不急"),                         # A。另外B，不过那个不急
    re.compile(r"[（(]?顺便说一[下吓][^）)。！？!?]*[。！？!?]?[）)]?"),   # A（顺便说一下，B。）
)
_NOT_WORD = re.compile(r"[\W_]+")


def main_problem(text: str) -> str:
    """``text`` without the parts its writer marks as secondary, lower-cased."""
    text = text.lower()
    for pattern in _SECONDARY:
        text = pattern.sub(" ", text)
    return text


def main_problems(texts) -> list[str]:
    return [main_problem(t) for t in texts]


def exact_key(text: str) -> str:
    """What makes two messages the same message: case, spaces and punctuation aside."""
    return _NOT_WORD.sub("", text.lower())


def for_characters(text: str) -> str:
    """Punctuation and spaces as one separator, so character n-grams are words' pieces."""
    return _NOT_WORD.sub(" ", text)


_tokenizer: jieba.Tokenizer | None = None
_tokenizer_lock = threading.Lock()


def _cache_dir() -> Path:
    folder = Path(tempfile.gettempdir()) / f"lianfu-jieba-{os.getuid()}"
    folder.mkdir(mode=0o700, exist_ok=True)
    if folder.stat().st_uid != os.getuid():  # someone else's: do not trust its cache
        folder = Path(tempfile.mkdtemp(prefix="lianfu-jieba-"))
    return folder


def tokenizer() -> jieba.Tokenizer:
    """One jieba tokenizer per process with our words (jieba's global one is left alone)."""
    global _tokenizer
    with _tokenizer_lock:
        if _tokenizer is None:
            tok = jieba.Tokenizer()
            tok.tmp_dir = str(_cache_dir())
            tok.initialize()
            for word in DOMAIN_WORDS:
                tok.add_word(word, freq=20_000)
            _tokenizer = tok
    return _tokenizer


# Training fits the features once per calibration fold on largely the same
# texts; segmenting each text once saves about a third of the training time.
@lru_cache(maxsize=50_000)
def word_ngrams(text: str) -> tuple[str, ...]:
    """jieba words (punctuation dropped) and adjacent word pairs."""
    words = [w for w in tokenizer().lcut(text) if not _NOT_WORD.fullmatch(w)]
    return (*words, *(f"{a} {b}" for a, b in zip(words, words[1:])))
