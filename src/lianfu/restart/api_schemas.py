"""What the four-sync API reads and writes. Every input is bounded as its
column and its form are (common/api_inputs.py), and the rules the database
holds (on duty plus away within the headcount, capacity at most 100, stock not
negative) are refused here first, as 422 naming the field, instead of
reaching the database as a 500. Rules that need the record's state or the
county's checklist are the domain's (422 too)."""
from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema
from pydantic import model_validator

from lianfu.common.api_inputs import Count, Percent, Text, Uscc, Version
from lianfu.common.models import Notification
from lianfu.common.notifications import text as notification_text
from lianfu.registry.stages import Stage
from lianfu.restart.enums import Blocker, CheckKind, FilingStatus

# A checklist code (ChecklistItem.code)
ChecklistCode = Text(32, min_length=1)


class SurveyIn(Schema):
    surveyed_on: date | None = None
    capacity_pct: Percent
    headcount_total: Count
    headcount_on_duty: Count
    headcount_away: Count = 0
    stock_days: Decimal | None = Field(None, ge=0, le=Decimal("99999.9"), max_digits=6, decimal_places=1)
    blockers: list[Blocker] = Field(default_factory=list, max_length=len(Blocker))
    planned_restart: date | None = None
    needs: Text(2000) = ""

    @model_validator(mode="after")
    def headcounts_add_up(self):
        if self.headcount_on_duty > self.headcount_total:
            raise ValueError("headcount_on_duty: cannot exceed headcount_total")
        if self.headcount_away > self.headcount_total - self.headcount_on_duty:
            raise ValueError("headcount_away: on duty plus still away cannot exceed headcount_total")
        return self

    def fields(self) -> dict:
        values = self.dict(exclude={"surveyed_on"})
        values["blockers"] = list(dict.fromkeys(Blocker(b).value for b in self.blockers))
        return values


class SurveyOut(Schema):
    id: int
    surveyed_on: date
    capacity_pct: int
    headcount_total: int
    headcount_on_duty: int
    headcount_away: int
    stock_days: float | None
    blockers: list[Blocker]
    planned_restart: date | None
    needs: str
    on_behalf: bool


class PackageIn(Schema):
    lead: Uscc = Field(description="the lead firm's credit code")
    members: list[Uscc] | None = Field(None, max_length=5000,
                                       description="credit codes to include; omitted = every in-county supplier")
    headcount_planned: Count | None = Field(None, description="the lead's own headcount at restart; needed "
                                                              "unless the lead has already filed")
    commitments: list[ChecklistCode] = Field(default_factory=list, max_length=50)


class FilingIn(Schema):
    headcount_planned: Count = Field(description="headcount at restart")
    commitments: list[ChecklistCode] = Field(default_factory=list, max_length=50,
                                             description="codes of the county's checklist")


class FilingSubmitIn(FilingIn):
    version: Version


class VersionIn(Schema):
    version: Version


class ReturnIn(VersionIn):
    reason: Text(500, min_length=1, strip=True) = Field(description="what the enterprise must fix")


class FilingOut(Schema):
    id: int
    enterprise_uscc: str = Field(alias="enterprise.uscc")
    enterprise_name: str = Field(alias="enterprise.name")
    package_id: int | None
    status: FilingStatus
    headcount_planned: int | None
    commitments: list[str]
    return_reason: str
    submitted_at: datetime | None
    reviewed_at: datetime | None
    version: int


class FilingBriefOut(Schema):
    id: int
    enterprise_uscc: str = Field(alias="enterprise.uscc")
    enterprise_name: str = Field(alias="enterprise.name")
    status: FilingStatus


class PackageOut(Schema):
    id: int
    lead_uscc: str
    filings: list[FilingBriefOut]


class SelfCheckIn(Schema):
    results: dict[ChecklistCode, bool] = Field(max_length=200, description="checklist code -> done")


class InspectionIn(SelfCheckIn):
    passed: bool = Field(description="true only with every measure of the checklist in place")
    remarks: Text(500, strip=True) = Field("", description="what must be put right; needed when not passed")

    @model_validator(mode="after")
    def fail_has_remarks(self):
        if not self.passed and not self.remarks:
            raise ValueError("remarks: say what must be put right when the inspection does not pass")
        return self


class CheckOut(Schema):
    id: int
    kind: CheckKind
    results: dict[str, bool]
    passed: bool | None
    remarks: str
    checked_at: datetime


class OverrideIn(Schema):
    reason: Text(500, min_length=1, strip=True)


class OverrideOut(Schema):
    reason: str
    granted_at: datetime


class RestartIn(Schema):
    restarted_on: date | None = None
    capacity_pct: Percent


class RestartOut(Schema):
    restarted_on: date
    capacity_pct: int
    overridden: bool


class ProgressOut(Schema):
    uscc: str
    name: str
    stage: Stage
    stage_label: str
    latest_survey: SurveyOut | None
    latest_filing: FilingOut | None
    latest_inspection: CheckOut | None


class NotificationOut(Schema):
    id: int
    kind: str
    text: str
    url: str
    created_at: datetime
    read_at: datetime | None

    @staticmethod
    def resolve_text(obj: Notification) -> str:
        return notification_text(obj)
