"""大分県's certificates for the bad-input corpus: the forms of issue, revoke, verify and bulk issue.

Objects land in `world.certificates[name]`: an issuer profile (its form), the trainee's
issued certificate (revoke and reissue forms, its public verify page with the PDF
check), a complete trainee still without one (the issue and bulk-issue buttons), and
a finished bulk run.
"""


def build(world) -> None:
    from django.utils import timezone

    from certificates import services, signing
    from certificates.bulk_models import BulkIssueRun, BulkIssueStatus
    from courses import services as course_services

    signing.keypair_create(world.oita)
    world.certificates["profile"] = services.issuer_profile_save(
        prefecture=world.oita,
        by=world.admin,
        issuer_line="大分県知事 佐藤 樹一郎",
        title="修了証",
        wording="{氏名} 殿\n\n{プログラム}を修了したことを証します。",
        number_format="大分伝第{年度}-{連番}号",
        calendar="wareki",
    )
    own = world.cohort.enrollments.get(trainee=world.trainee)
    others = world.cohort.enrollments.exclude(trainee=world.trainee).order_by("pk")
    waiting = others.first()
    for enrollment in (own, waiting):
        course_services.enrollment_completion_set(
            enrollment=enrollment, completed_at=timezone.now()
        )
    own.refresh_from_db()
    waiting.refresh_from_db()
    world.certificates["certificate"] = services.certificate_issue(enrollment=own, by=world.admin)
    world.certificates["waiting"] = waiting
    world.certificates["bulk_run"] = BulkIssueRun.objects.create(
        cohort=world.cohort,
        prefecture=world.oita,
        started_by=world.admin,
        total=1,
        issued=1,
        status=BulkIssueStatus.DONE,
    )
