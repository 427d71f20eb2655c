"""Fictional people with valid-looking personal data: names (names.py),
ID numbers (region, birth date 1965–2002, sequence with the sex in its
parity, stdnum's check character; unique), mobile numbers, household
addresses in their county of origin, social insurance from a month of their
working life, a position by their employer's industry."""
import datetime as dt
import random
from dataclasses import dataclass
from itertools import accumulate

from stdnum.cn import ric

from lianfu.demo import names
from lianfu.demo.workforce_draws import pick, pick_weighted
from lianfu.demo.workforce_origins import Place

BIRTH_YEARS = (1965, 2002)
MOST_BORN = 1988                 # a factory workforce in 2020: most in their thirties
MALE_SHARE = 0.58
FEMALE_GIVEN = set("芳娜敏静丽艳秀霞桂燕红英琳")
MALE_NAMES = [g for g in names.GIVEN if g not in FEMALE_GIVEN]
FEMALE_NAMES = [g for g in names.GIVEN if g in FEMALE_GIVEN]
SURNAMES = list(dict.fromkeys(names.SURNAMES))
SURNAME_CUMULATIVE = list(accumulate(1 / (rank + 4) for rank in range(len(SURNAMES))))  # 王 李 张 … most common
MOBILE_PREFIXES = ("135", "136", "138", "139", "150", "151", "152", "158", "159", "177", "180", "187", "188", "189",
                   "199")
# Village names: no 县 市 区 旗 州 盟, so that no county name can be read into an address (workforce_origins).
VILLAGE_CHARS = list(
    "东西南北上下前后新大小高石河山桥塘湾岗庄店集坪坝沟岭冲寨营庙楼园林湖泉田家王李张刘陈杨黄周吴马朱胡何"
    "罗郑梁谢宋唐许韩冯邓曹彭曾肖董潘袁蒋蔡余杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金廖贾夏韦付方白邹孟熊秦"
    "邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
INSURED_SINCE = dt.date(2006, 1, 1)   # the earliest insurance start the demo draws
INSURED_BY = dt.date(2020, 1, 1)


@dataclass
class Person:
    name: str
    id_number: str
    phone: str
    address: str
    born: dt.date
    insured_from: dt.date


class PeopleMaker:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def person(self, place: Place, *, region: str = "", born_in: tuple[int, int] = BIRTH_YEARS,
               address: str | None = None) -> Person:
        """Someone from ``place``: the ID number begins with ``region`` (default:
        the county's code); ``address`` overrides the household address ('' for none)."""
        rng = self.rng
        male = rng.random() < MALE_SHARE
        born = self.birth(born_in)
        id_number = self.id_number(region or place.code[:6], born, male)
        given = MALE_NAMES if male else FEMALE_NAMES
        name = (pick_weighted(rng, SURNAMES, SURNAME_CUMULATIVE) + pick(rng, given)
                + (pick(rng, given) if rng.random() < 0.7 else ""))
        phone = pick(rng, MOBILE_PREFIXES) + f"{int(rng.random() * 10 ** 8):08d}"
        return Person(name, id_number, phone, self.address(place) if address is None else address, born,
                      self.insured_from(born))

    def birth(self, years: tuple[int, int]) -> dt.date:
        low, high = years
        year = min(high, int(self.rng.triangular(low, high + 1, min(max(MOST_BORN, low), high))))
        return dt.date(year, 1, 1) + dt.timedelta(days=int(self.rng.random() * 365))

    def id_number(self, region: str, born: dt.date, male: bool) -> str:
        """A valid, unused 18-character number; the sequence's parity gives the sex (odd: male)."""
        stem = f"{region}{born.year:04d}{born.month:02d}{born.day:02d}"
        while True:
            sequence = int(self.rng.random() * 500) * 2 + male
            base = f"{stem}{sequence:03d}"
            number = base + ric.calc_check_digit(base + "0")
            if number not in self.used:
                self.used.add(number)
                return number

    def address(self, place: Place) -> str:
        rng = self.rng
        village = pick(rng, VILLAGE_CHARS) + pick(rng, VILLAGE_CHARS)
        return (f"{place.address}{pick(rng, place.towns)}{village}村{1 + int(rng.random() * 15)}组"
                f"{1 + int(rng.random() * 60)}号")

    def insured_from(self, born: dt.date) -> dt.date:
        """The first of a month between the 18th birthday (or 2006) and January 2020."""
        earliest = max(INSURED_SINCE, dt.date(born.year + 18, born.month, 1))
        months = max(0, (INSURED_BY.year - earliest.year) * 12 + INSURED_BY.month - earliest.month)
        back = min(months, int(self.rng.expovariate(1 / 40)))   # four years on average at this employer
        month = INSURED_BY.year * 12 + INSURED_BY.month - 1 - back
        return dt.date(month // 12, month % 12 + 1, 1)
