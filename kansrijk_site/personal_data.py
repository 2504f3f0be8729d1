"""A person's data export (AVG: the right of access): their account, their roles, and every
record any app holds that names them (what they submitted, decided, uploaded or read), found
through the foreign keys to the user model, so a new app's records are included without
editing this file. Files are listed, not included; edit histories are left out (they are the
records' history, not the person's)."""

import datetime
import decimal
import uuid

from django.apps import apps
from django.conf import settings
from django.db import models

from regions.models import User

OUR_APPS = {"regions", "atlas", "agendas", "agreements", "practices", "arbitration",
            "notifications", "register", "core"}  # fmt: skip
SKIPPED_FIELDS = {"password", "key", "token", "sha256"}


def _value(value):
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    return value


def _record(instance) -> dict:
    row = {}
    for field in instance._meta.concrete_fields:
        if field.name in SKIPPED_FIELDS:
            continue
        row[field.attname] = _value(getattr(instance, field.attname))
    return row


def _user_fields():
    """(model, field) for every foreign key to the user model in our apps' own models."""
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label not in OUR_APPS or meta.model_name.startswith("historical"):
            continue
        for field in meta.concrete_fields:
            if field.is_relation and field.related_model is User:
                yield model, field


def export_person(user: User) -> dict:
    records = {}
    for model, field in _user_fields():
        rows = [_record(item) for item in model._default_manager.filter(**{field.name: user})]
        if rows:
            records[f"{model._meta.label_lower}.{field.name}"] = rows
    return {
        "exported_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "site": settings.SITE_URL,
        "account": {name: _value(getattr(user, name)) for name in (
            "id", "username", "first_name", "last_name", "email", "organisation_id",
            "is_active", "date_joined", "last_login")},
        "records": records,
    }  # fmt: skip
