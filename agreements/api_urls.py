"""The agreements app's API routes (included under /api/v1/ by the root URLconf)."""

from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("agreements", api.AgreementViewSet, basename="agreement")
router.register("progress-reports", api.ProgressReportViewSet, basename="progressreport")
router.register("start-stop-notices", api.StartStopNoticeViewSet, basename="startstopnotice")
router.register("notice-conflicts", api.NoticeConflictViewSet, basename="noticeconflict")

urlpatterns = router.urls
