"""What the four-sync API reads and writes. Values the database would refuse
(on duty above headcount, capacity above 100) are refused here first, as 422
naming the field, instead of reaching the database as a 500."""
from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema
from pydantic import model_validator

from lianfu.common.models import Notification
from lianfu.common.notifications import text as notification_text
from lianfu.restart.enums import Blocker, Stage


class SurveyIn(Schema):
    surveyed_on: date | None = None
    capacity_pct: int = Field(ge=0, le=100)
    headcount_total: int = Field(ge=0)
    headcount_on_duty: int = Field(ge=0)
    headcount_away: int = Field(0, ge=0)
    stock_days: Decimal | None = Field(None, ge=0, max_digits=6, decimal_places=1)
    blockers: list[Blocker] = Field(default_factory=list, max_length=len(Blocker))
    planned_restart: date | None = None
    needs: str = Field("", max_length=2000)

    @model_validator(mode="after")
    def on_duty_within_headcount(self):
        if self.headcount_on_duty > self.headcount_total:
            raise ValueError("headcount_on_duty: cannot exceed headcount_total")
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
    blockers: list[str]
    planned_restart: date | None
    needs: str
    on_behalf: bool


class PackageIn(Schema):
    lead: str = Field(description="the lead firm's credit code")
    members: list[str] | None = Field(None, max_length=5000,
                                      description="credit codes to include; omitted = every in-county supplier")
    headcount_planned: int | None = Field(None, ge=0)
    commitments: list[str] = Field(default_factory=list, max_length=50)


class FilingIn(Schema):
    headcount_planned: int | None = Field(None, ge=0)
    commitments: list[str] = Field(default_factory=list, max_length=50)


class FilingSubmitIn(FilingIn):
    version: int = Field(ge=0, description="the version you read; a newer one answers 409")


class VersionIn(Schema):
    version: int = Field(ge=0, description="the version you read; a newer one answers 409")


class ReturnIn(VersionIn):
    reason: str = Field(max_length=500)


class FilingOut(Schema):
    id: int
    enterprise_uscc: str = Field(alias="enterprise.uscc")
    enterprise_name: str = Field(alias="enterprise.name")
    package_id: int | None
    status: str
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
    status: str


class PackageOut(Schema):
    id: int
    lead_uscc: str
    filings: list[FilingBriefOut]


class SelfCheckIn(Schema):
    results: dict[str, bool] = Field(description="checklist code -> done")


class InspectionIn(SelfCheckIn):
    passed: bool
    remarks: str = Field("", max_length=500)


class CheckOut(Schema):
    id: int
    kind: str
    results: dict[str, bool]
    passed: bool | None
    remarks: str
    checked_at: datetime


class OverrideIn(Schema):
    reason: str = Field(max_length=500)


class OverrideOut(Schema):
    reason: str
    granted_at: datetime


class RestartIn(Schema):
    restarted_on: date | None = None
    capacity_pct: int = Field(ge=0, le=100)


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
