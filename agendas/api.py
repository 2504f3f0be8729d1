from rest_framework import viewsets

from .models import Sectorkamer
from .serializers import SectorkamerSerializer


class SectorkamerViewSet(viewsets.ReadOnlyModelViewSet):
    """The 8 sectorkamers, coded 01-08 as in DUO and crebo files."""

    serializer_class = SectorkamerSerializer
    queryset = Sectorkamer.objects.order_by("code")
    lookup_field = "code"
    search_fields = ["name", "abbreviation"]
