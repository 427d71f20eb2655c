"""Who buys what from whom in the demo county: the sector structure of its
supply network, keyed by the cluster codes of ``names.CLUSTERS``.

Inputs follow the county's real value chains: copper → stamping → switches →
appliances; steel → bearings → motors → appliances and cars; plastics →
appliance parts; wire → motors; yarn → fabric → garments. Traders (5191) sit at
the top, selling raw materials, and also buy finished goods for export."""
from lianfu.demo import names

# Assembly sectors: the lead firms' trades (385x except parts, cars, motors).
ASSEMBLY = ("3851", "3852", "3853", "3854", "3855", "3856", "3670", "3812")

_APPLIANCE_INPUTS = (("3857", 28), ("2929", 14), ("2927", 5), ("3812", 8), ("3813", 7), ("3824", 8),
                     ("3831", 8), ("3360", 8), ("3311", 8), ("5191", 6))

# buyer cluster -> ((supplier cluster, weight), ...)
INPUTS: dict[str, tuple[tuple[str, int], ...]] = {
    **{code: _APPLIANCE_INPUTS for code in ("3851", "3852", "3853", "3854", "3855", "3856")},
    "3857": (("2929", 30), ("2927", 10), ("3311", 20), ("3360", 20), ("3251", 10), ("3831", 5), ("5191", 5)),
    "3670": (("3451", 15), ("3812", 8), ("3813", 8), ("3311", 20), ("3360", 15), ("2929", 15), ("3831", 10),
             ("3824", 5), ("3670", 8), ("5191", 4)),
    "3812": (("3451", 25), ("3311", 25), ("3831", 20), ("3251", 10), ("2929", 10), ("3360", 5), ("5191", 5)),
    "3813": (("3451", 20), ("3311", 20), ("3831", 25), ("3251", 10), ("2929", 15), ("3360", 5), ("5191", 5)),
    "3824": (("3251", 30), ("3360", 30), ("2929", 25), ("2927", 5), ("3831", 5), ("5191", 5)),
    "3831": (("3251", 55), ("2929", 30), ("5191", 15)),
    "3251": (("5191", 60), ("3251", 40)),
    "3451": (("3311", 70), ("5191", 30)),
    "3360": (("3311", 45), ("3251", 35), ("5191", 20)),
    "3311": (("5191", 70), ("3311", 30)),
    "2929": (("5191", 60), ("2929", 25), ("2927", 15)),
    "2927": (("5191", 70), ("2929", 30)),
    "1712": (("5191", 60), ("1712", 40)),
    "1752": (("5191", 60), ("1752", 20), ("1712", 20)),
    "1810": (("1712", 40), ("1752", 35), ("2927", 10), ("5191", 15)),
    "5191": (("3251", 25), ("3311", 25), ("2929", 25), ("1712", 25)),
}

# Beyond the chains, traders also buy finished goods (for export): used only
# for the county's general trade, never to grow a supplier tree.
TRADE_BUYS = {code: 3 for code in (*ASSEMBLY, "3813", "3857", "1810")}

# What a supplier of each cluster sells (the link's item), by its own trade.
ITEMS: dict[str, tuple[str, ...]] = {
    "3851": ("冰箱",), "3852": ("空调",), "3853": ("风扇",), "3854": ("厨房电器",), "3855": ("清洁电器",),
    "3856": ("小家电",),
    "3857": ("电器配件", "温控器", "电热元件", "压缩机配件"),
    "3670": ("汽车零部件", "刹车片", "车灯总成"),
    "3812": ("电机", "电动机"),
    "3813": ("微电机", "马达"),
    "3824": ("开关", "插座件", "接插件"),
    "3831": ("电线", "线束", "漆包线", "电源线"),
    "3251": ("铜带", "铜棒", "铜材", "铜线"),
    "3451": ("轴承",),
    "3360": ("冲压件", "电镀件", "五金件"),
    "3311": ("钢材", "钣金件", "金属结构件"),
    "2929": ("塑料件", "注塑件"),
    "2927": ("塑料配件", "塑料包装"),
    "1712": ("面料", "坯布", "纱线"),
    "1752": ("化纤面料", "面料"),
    "1810": ("服装", "工作服"),
    "5191": ("原材料", "包装材料", "辅料"),
}
# A trader's item depends on who buys it.
TRADER_ITEMS = {"3251": "电解铜", "3311": "钢材", "3451": "轴承钢", "2929": "塑料粒子", "2927": "塑料粒子",
                "1712": "纱线", "1752": "化纤原料", "1810": "辅料"}

# Share of a cluster's supplies bought outside the county: raw materials more.
# (Tuned so that about 15% of the chains' members are outside: in-county
# suppliers are shared more within a tree than outside ones.)
OUTSIDE_SHARE = {"3251": 0.16, "3311": 0.13, "5191": 0.14, "1712": 0.11, "1752": 0.11, "3451": 0.10}
DEFAULT_OUTSIDE_SHARE = 0.07

# Makers of finished goods sell mostly outside the county (to brands, retailers,
# export): they have fewer buyers in it than their size suggests.
SELLS_IN_COUNTY = {"3851": 0.15, "3852": 0.15, "3853": 0.15, "3854": 0.15, "3855": 0.15, "3856": 0.15,
                   "1810": 0.3}

CLUSTER_CODES = tuple(code for code, _share, _words in names.CLUSTERS)
CLUSTER_WORDS = {code: words for code, _share, words in names.CLUSTERS}


def item_for(supplier_cluster: str, buyer_cluster: str, pick: int) -> str:
    if supplier_cluster == "5191" and buyer_cluster in TRADER_ITEMS:
        return TRADER_ITEMS[buyer_cluster]
    items = ITEMS[supplier_cluster]
    return items[pick % len(items)]


def cluster_of_industry(known_industries: set[str]) -> dict[str, str]:
    """industry_id as stored -> cluster code. The registry step stores a
    cluster's 2-digit division when its class is missing from the reference
    data (1810 → 18), so both spellings map back."""
    return {(code if code in known_industries else code[:2]): code for code in CLUSTER_CODES}


def customer_weights(supplier_cluster: str) -> dict[str, float]:
    """Buyer clusters of a supplier cluster in general trade (inputs inverted)."""
    weights = {buyer: float(dict(inputs).get(supplier_cluster, 0)) for buyer, inputs in INPUTS.items()}
    if supplier_cluster in TRADE_BUYS:
        weights["5191"] += TRADE_BUYS[supplier_cluster]
    return weights
