"""All tables; importing this module registers them on SQLModel.metadata."""
from .audit import AuditLog
from .catalog import CatalogueBatch, CatalogueDraft, CatalogueItem, CatalogueItemPosition, CatalogueItemVersion
from .evaluation import Appeal, CriterionScore, EvaluationSheet, RuleSet
from .imports import ImportJob
from .okr import CheckIn, KeyResult, KeyResultItem, Objective, ObjectiveAlignment
from .org import Bloc, Division, Level, Unit
from .performance import PerformanceRefresh, PerformanceSummary
from .people import LoginThrottle, PasswordResetLink, Person, UserAccount
from .periods import Holiday, Period, PeriodReopening
from .positions import Competency, JobPosition
from .reports import ReportJob
from .work import Assignment, DiaryEntry, EvidenceFile, ItemWorkSummary, Reminder, WorkSummary

__all__ = [
    "Appeal", "Assignment", "AuditLog", "Bloc", "CatalogueBatch", "CatalogueDraft", "CatalogueItem",
    "CatalogueItemPosition", "CatalogueItemVersion", "CheckIn",
    "Competency", "CriterionScore", "DiaryEntry", "Division", "EvaluationSheet", "EvidenceFile", "Holiday",
    "ImportJob", "ItemWorkSummary", "JobPosition", "KeyResult", "KeyResultItem", "Level", "LoginThrottle",
    "Objective", "ObjectiveAlignment", "PasswordResetLink", "PerformanceRefresh", "PerformanceSummary", "Period",
    "PeriodReopening", "Person", "Reminder",
    "ReportJob", "RuleSet", "Unit", "UserAccount", "WorkSummary",
]
