"""The stored enrolment roll-ups (``QualificationTotal``, ``RegionTotal``): the atlas pages
sum a few thousand of these instead of every institution's row, so their cost follows what
they show, not the number of institutions.

Written by the enrolment import with its dataset (``store_enrolment_totals``, one
``INSERT … SELECT`` each); the per-region sums depend on which regions an institution is in
and on which sectorkamer a qualification belongs to, so the receivers below rebuild the rows
a change of either touches, in the transaction that makes the change."""

from django.db import connection
from django.db.models import Count, Q, Sum
from django.db.models.signals import m2m_changed, post_save, pre_save

from regions.models import Organisation

from .models import Enrolment, Qualification, QualificationTotal, RegionTotal, Source

_SUMS = {
    "s_low": Sum("low"),
    "s_high": Sum("high"),
    "s_cells": Count("pk"),
    "s_suppressed": Count("pk", filter=Q(suppressed=True)),
}
_SUM_COLUMNS = ("low", "high", "cells", "suppressed_cells")


def _insert_select(model, columns: tuple, queryset) -> None:
    """INSERT INTO ``model``'s table the rows of ``queryset`` (its values, then _SUMS, in
    the order of ``columns``): one statement, nothing loaded into Python."""
    sql, params = queryset.order_by().query.sql_with_params()
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in (*columns, *_SUM_COLUMNS))
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(model._meta.db_table)} ({names}) {sql}", params)


def clear_enrolment_totals(*, dataset) -> None:
    """A dataset's roll-ups go (its enrolments went, or are summed again)."""
    QualificationTotal.objects.filter(dataset=dataset).delete()
    RegionTotal.objects.filter(dataset=dataset).delete()


def store_enrolment_totals(*, dataset) -> None:
    """Write the roll-ups of a DUO dataset's enrolments (again: its old ones go first)."""
    clear_enrolment_totals(dataset=dataset)
    rows = Enrolment.objects.filter(dataset=dataset)
    keys = ("dataset_id", "qualification_id", "leerweg", "year", "gender")
    _insert_select(QualificationTotal, keys, rows.values(*keys).annotate(**_SUMS))
    _store_region_totals(rows)


def _store_region_totals(enrolments, regions=None) -> None:
    """One row per region of the institution (the region join in one filter, so that the
    region summed over is the one selected)."""
    keys = ("dataset_id", "institution__regions", "qualification__sectorkamer", "year", "gender")
    columns = ("dataset_id", "region_id", "sectorkamer_id", "year", "gender")
    where = {"institution__regions__isnull": False}
    if regions is not None:
        where = {"institution__regions__in": regions}
    queryset = enrolments.filter(**where).values(*keys).annotate(**_SUMS)
    _insert_select(RegionTotal, columns, queryset)


def refresh_region_totals(*, regions=None, sectorkamers=None) -> None:
    """Rebuild the per-region sums of the datasets in force for these regions or these
    sectorkamers (ids), after an institution changed regions or a qualification changed
    sectorkamer."""
    current = {"dataset__replaced_by__isnull": True, "dataset__source": Source.DUO_ENROLMENTS}
    totals = RegionTotal.objects.filter(**current)
    enrolments = Enrolment.objects.filter(**current)
    if regions is not None:
        totals = totals.filter(region__in=regions)
    if sectorkamers is not None:
        totals = totals.filter(sectorkamer__in=sectorkamers)
        enrolments = enrolments.filter(qualification__sectorkamer__in=sectorkamers)
    totals.delete()
    _store_region_totals(enrolments, regions)


def _regions_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """An institution's regions changed (either side of the relation); an organisation
    without enrolments changes no sum."""
    schools = pk_set if reverse else [instance.pk]
    if schools is not None and not Enrolment.objects.filter(institution__in=schools).exists():
        return
    if reverse and action in ("post_add", "post_remove", "post_clear"):
        refresh_region_totals(regions=[instance.pk])  # region.organisations.add(...)
    elif reverse:
        return
    elif action == "pre_clear":
        instance._cleared_regions = list(instance.regions.values_list("pk", flat=True))
    elif action == "post_clear" and getattr(instance, "_cleared_regions", None):
        refresh_region_totals(regions=instance._cleared_regions)
    elif action in ("post_add", "post_remove") and pk_set:
        refresh_region_totals(regions=list(pk_set))


def _remember_sectorkamer(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    before = Qualification.objects.filter(pk=instance.pk).values_list("sectorkamer", flat=True)
    instance._sectorkamer_before = next(iter(before), instance.sectorkamer_id)


def _sectorkamer_changed(sender, instance, created, raw=False, **kwargs):
    before = getattr(instance, "_sectorkamer_before", instance.sectorkamer_id)
    if not raw and not created and before != instance.sectorkamer_id:
        refresh_region_totals(sectorkamers=[before, instance.sectorkamer_id])


def connect() -> None:
    """Called from ``AtlasConfig.ready``."""
    through = Organisation.regions.through
    m2m_changed.connect(_regions_changed, sender=through, dispatch_uid="atlas_totals_regions")
    pre_save.connect(_remember_sectorkamer, sender=Qualification, dispatch_uid="atlas_totals_q")
    post_save.connect(_sectorkamer_changed, sender=Qualification, dispatch_uid="atlas_totals_k")
