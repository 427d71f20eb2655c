"""The columns of a worker list (social-insurance records or an employer's roster)."""
from functools import cache

from django.utils.translation import gettext_lazy as _

from lianfu.common.importing import Column, Vocabulary

COLUMNS = [
    Column("name", _("name"), ("姓名", "职工姓名", "员工姓名", "参保人姓名", "参保人员姓名", "人员姓名", "worker_name",
                               "full name"), required=True),
    Column("id_number", _("ID number"), (
        "身份证号", "身份证号码", "公民身份号码", "公民身份证号码", "证件号码", "身份证", "居民身份证号码",
        "社会保障号码", "社会保障卡号", "id_number", "id_card", "id no", "resident id"), required=True, key=True),
    Column("employer", _("employer credit code"), (
        "单位统一社会信用代码", "用人单位统一社会信用代码", "参保单位统一社会信用代码", "统一社会信用代码",
        "单位信用代码", "用人单位信用代码", "企业统一社会信用代码", "employer_uscc", "employer credit code",
        "employer"), required=True),
    Column("phone", _("phone"), ("手机号码", "手机号", "联系电话", "手机", "电话", "联系方式", "phone", "mobile")),
    Column("address", _("household address"), (
        "户籍地址", "户籍所在地", "户口所在地", "户籍地", "户口地址", "家庭住址", "籍贯地址", "household_address",
        "address")),
    Column("insured_from", _("insured from"), (
        "参保日期", "参保时间", "首次参保日期", "本单位参保日期", "参保起始日期", "入职日期", "insured_from")),
    Column("position", _("position"), ("岗位", "工种", "职务", "职位", "position", "job")),
    Column("status", _("status"), ("状态", "人员状态", "在岗状态", "返岗状态", "到岗状态", "status")),
    Column("wants_return", _("wants to return"), (
        "返岗意愿", "是否返岗", "是否需要返岗", "需包车返岗", "是否需包车", "wants_return")),
]
LABELS = {col.field: col.label for col in COLUMNS}


@cache
def vocabulary() -> Vocabulary:
    return Vocabulary(COLUMNS)
