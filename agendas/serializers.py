from rest_framework import serializers

from .models import Sectorkamer


class SectorkamerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sectorkamer
        fields = ["code", "name", "abbreviation"]
