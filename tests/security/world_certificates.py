"""高知県's certificates for the prefecture matrix: an issuer profile, an issued 修了証, a bulk run.

Objects land in `kochi.certificates[name]`; the issuer line and the holder's name carry
the markers, so the matrix sees them if a 大分県 role is ever shown them.
"""

from .world import Side


def build(kochi: Side) -> None:
    from django.utils import timezone

    from certificates import services, signing
    from certificates.bulk_models import BulkIssueRun, BulkIssueStatus
    from courses import services as course_services

    admin = kochi.people["prefecture_admin"]
    signing.keypair_create(kochi.prefecture)
    kochi.certificates["profile"] = services.issuer_profile_save(
        prefecture=kochi.prefecture,
        by=admin,
        issuer_line="高知秘密県知事",
        title="修了証",
        wording="{氏名} 殿\n\n{プログラム}を修了したことを証します。",
        number_format="高知伝第{年度}-{連番}号",
        calendar="wareki",
    )
    course_services.enrollment_completion_set(
        enrollment=kochi.enrollment, completed_at=timezone.now()
    )
    kochi.enrollment.refresh_from_db()
    kochi.certificates["certificate"] = services.certificate_issue(
        enrollment=kochi.enrollment, by=admin
    )
    kochi.certificates["bulk_run"] = BulkIssueRun.objects.create(
        cohort=kochi.cohort,
        prefecture=kochi.prefecture,
        started_by=admin,
        total=1,
        skipped=1,
        status=BulkIssueStatus.DONE,
    )
