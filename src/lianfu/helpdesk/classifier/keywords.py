"""Strong keywords per category, given to the model as 11 extra features.

Short messages ("电费能缓交吗", 6 characters) carry too few n-grams for the
TF-IDF part to be sure; a word a dispatcher would route on at sight settles
them. As features, not hard rules, the model learns how far to trust each
category's list, so a keyword of the secondary problem or a boundary case
("司机" in a message about bringing workers back is still labor) can be
outweighed. Adding them raised grouped cross-validated top-1 by about
3 points.

Written from the category scopes and boundary rules in data/LABELLING.md,
including its deliberate typos (供因商, 口照, 物留, 备按). Matching is by
substring on the lower-cased main problem, so it does not depend on jieba's
segmentation.
"""
import numpy as np
from scipy.sparse import csr_matrix
from sklearn.base import BaseEstimator, TransformerMixin

from lianfu.helpdesk.enums import Category

KEYWORDS: dict[str, tuple[str, ...]] = {
    Category.SUPPLY: ("供应商", "供因商", "配套", "原材料", "原料", "缺料", "断货", "缺货", "货源", "外协", "粒子",
                      "铜材", "钢材", "芯片", "熔喷布", "调剂", "同步复工", "辅料", "纸箱", "断供", "没复工", "没开工",
                      "上游"),
    Category.LOGISTICS: ("物流", "物留", "货车", "卡口", "通行证", "司机", "集卡", "甩柜", "订舱", "舱位", "快递",
                         "零担", "冷链", "运费", "运输", "送货", "发货", "提货", "港口", "托运", "车辆"),
    Category.FINANCE: ("贷款", "银行", "融资", "担保", "贴息", "还款", "续贷", "流动资金", "周转", "现金流", "cash",
                       "保险", "理赔", "授信", "征信", "回款", "抵押", "利率"),
    Category.LABOR: ("返岗", "工人", "包车", "专列", "招工", "招聘", "用工", "劳动合同", "招不到", "以工代训", "稳岗",
                     "老家", "缺工", "员工回", "计件", "新员工"),
    Category.PREVENTION: ("口罩", "口照", "测温", "体温", "发热", "消毒", "防控方案", "防疫物资", "隔离室", "健康码",
                          "酒精", "密切接触", "核酸", "防护服", "测温枪", "黄码"),
    Category.APPROVAL: ("备案", "备按", "审批", "许可证", "营业执照", "验收", "环评", "年检", "延续", "换证",
                        "复工申请", "审核"),
    Category.TAX: ("税", "发票", "税控", "社保费", "残保金", "退税", "留抵", "申报", "12366", "社保"),
    Category.TRADE: ("外贸", "出口", "进口", "海关", "报关", "不可抗力", "原产地", "外国客户", "国外客户", "信保",
                     "汇率", "验厂", "展会", "po", "信用证", "订单取消"),
    Category.UTILITIES: ("电费", "用电", "停电", "供电", "变压器", "增容", "水费", "用水", "燃气", "天然气", "蒸汽",
                         "水压", "电价", "断电", "跳闸"),
    Category.PREMISES: ("房租", "租金", "厂房", "房东", "宿舍", "仓库", "物业费", "土地", "用地", "出租", "租房",
                        "场地", "住宿"),
    Category.OTHER: ("钉钉", "登不上", "登陆", "登录", "系统", "投诉", "噪音", "孩子", "上学", "商标", "专利", "培训",
                     "政策汇编", "高新", "联络员", "打桩", "垃圾"),
}
CATEGORY_ORDER = tuple(Category)
# Beyond three hits a message is no more about the category than with three.
SATURATION = 3


def keyword_hits(text: str) -> np.ndarray:
    """Per category (in ``CATEGORY_ORDER``), how many of its keywords occur, capped."""
    return np.array([min(sum(k in text for k in KEYWORDS[c]), SATURATION) for c in CATEGORY_ORDER])


class KeywordFeatures(TransformerMixin, BaseEstimator):
    """Texts (already lower-cased) → keyword hits per category, scaled to [0, 1]."""

    def fit(self, texts, y=None):
        self.n_features_out_ = len(CATEGORY_ORDER)
        return self

    def transform(self, texts):
        return csr_matrix(np.array([keyword_hits(t) for t in texts], dtype=float) / SATURATION)
