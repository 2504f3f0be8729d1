"""The Bosatlas: the facts per opleiding, sector and region, starting with the qualification
(crebo) catalogue every other app names."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from regions.models import Sectorkamer

crebo_validator = RegexValidator(r"^\d{5}$", _("A crebo code is exactly 5 digits."))


class Qualification(models.Model):
    """A qualification (opleiding) from the crebo catalogue."""

    crebo = models.CharField(_("crebo"), max_length=5, unique=True, validators=[crebo_validator])
    name = models.CharField(_("name"), max_length=255)
    level = models.PositiveSmallIntegerField(
        _("level"),
        validators=[MinValueValidator(1), MaxValueValidator(4)],
        help_text=_("1 entree, 2 basic vocational, 3 vocational, 4 middle management/specialist."),
    )
    sectorkamer = models.ForeignKey(
        Sectorkamer,
        verbose_name=_("sectorkamer"),
        on_delete=models.PROTECT,
        related_name="qualifications",
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        constraints = [
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=4), name="qual_level_1_4"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="qual_validity_in_order",
            ),
        ]
        # the index keeps the name it got in agendas, where the model began
        indexes = [
            models.Index(fields=["sectorkamer", "level"], name="agendas_qua_sectork_70bff5_idx")
        ]

    def __str__(self):
        return f"{self.name} ({self.crebo})"

    def clean(self):
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError(
                {"valid_until": _("The end date cannot be before the start date.")}
            )


class Source(models.TextChoices):
    """Who delivers the data (a dataset is one delivery of one source)."""

    DUO_ENROLMENTS = "duo_enrolments", _("DUO: students per institution and qualification")
    DUO = "DUO", _("DUO (progression, certificates)")
    SBB = "SBB", _("SBB (kans op werk, internships)")
    CBS = "CBS", _("CBS (graduates at work)")
    UWV = "UWV", _("UWV (labour-market tension)")
    ROA = "ROA", _("ROA (labour-market outlook)")


class Dataset(models.Model):
    """One delivery of one source: what was loaded, from which file, by whom and when.
    Values keep the dataset they came from; a newer delivery for the same source and year
    replaces the values of the older one, which stays listed as replaced."""

    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    title = models.CharField(_("title"), max_length=255)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    reference_date = models.DateField(_("reference date"))
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, unique=True)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    encoding = models.CharField(_("encoding"), max_length=20)
    synthetic = models.BooleanField(_("synthetic example"), default=False)
    loaded_by = models.ForeignKey(
        "regions.User",
        verbose_name=_("loaded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    rows_stored = models.PositiveIntegerField(_("values stored"), default=0)
    rows_skipped = models.PositiveIntegerField(_("rows skipped"), default=0)
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("replaced by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaces",
    )

    class Meta:
        ordering = ["-loaded_at", "-pk"]
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")
        indexes = [models.Index(fields=["source", "year"])]

    def __str__(self):
        return f"{self.title} ({self.year})"

    @property
    def is_replaced(self) -> bool:
        return self.replaced_by_id is not None


class Leerweg(models.TextChoices):
    BBL = "BBL", _("BBL (work-based)")
    BOLVT = "BOLVT", _("BOL full-time")
    BOLDT = "BOLDT", _("BOL part-time")
    EX = "EX", _("extraneus")


class Gender(models.TextChoices):
    ALL = "", _("all")
    MAN = "man", _("men")
    WOMAN = "vrouw", _("women")


SUPPRESSED_LOW, SUPPRESSED_HIGH = 1, 4  # DUO publishes counts under 5 as 4 (or -1)


class Enrolment(models.Model):
    """Students of one institution in one qualification and leerweg on the reference date of
    one year (per gender, or all). A small cell is suppressed: only its bounds are known,
    never a count."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="enrolments")
    institution = models.ForeignKey(
        "regions.Organisation", on_delete=models.PROTECT, related_name="enrolments"
    )
    qualification = models.ForeignKey(
        Qualification, on_delete=models.PROTECT, related_name="enrolments"
    )
    leerweg = models.CharField(_("leerweg"), max_length=5, choices=Leerweg.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    gender = models.CharField(_("gender"), max_length=5, choices=Gender.choices, blank=True)
    low = models.PositiveIntegerField(_("at least"))
    high = models.PositiveIntegerField(_("at most"))
    suppressed = models.BooleanField(_("suppressed small cell"), default=False)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "institution", "qualification", "leerweg", "year", "gender"],
                name="enrolment_once_per_dataset",
            ),
            models.CheckConstraint(condition=Q(low__lte=F("high")), name="enrolment_bounds"),
            models.CheckConstraint(
                condition=Q(suppressed=True) | Q(low=F("high")),
                name="enrolment_exact_unless_suppressed",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="enrolment_year_range"
            ),
        ]
        indexes = [
            models.Index(fields=["qualification", "year"]),
            models.Index(fields=["institution", "qualification", "year"]),
        ]

    def __str__(self):
        amount = f"{self.low}-{self.high}" if self.suppressed else str(self.low)
        return f"{self.qualification_id}/{self.institution_id} {self.leerweg} {self.year}: {amount}"

    @property
    def count(self) -> int | None:
        return None if self.suppressed else self.low


class EnrolmentSums(models.Model):
    """What a stored roll-up of enrolments keeps per group: the sums of the bounds, the
    cells (enrolment rows) summed and how many of them were suppressed, so that a sum of
    sums stays a range wherever a suppressed cell is in it."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    gender = models.CharField(_("gender"), max_length=5, choices=Gender.choices, blank=True)
    low = models.PositiveBigIntegerField(_("at least"))
    high = models.PositiveBigIntegerField(_("at most"))
    cells = models.PositiveIntegerField(_("cells summed"))
    suppressed_cells = models.PositiveIntegerField(_("suppressed cells summed"))

    class Meta:
        abstract = True


class QualificationTotal(EnrolmentSums):
    """The enrolments of one dataset per qualification, leerweg, year and gender, summed over
    every institution: the sectorkamer atlas reads these instead of every institution's row.
    Written by ``services.store_enrolment_totals`` with the dataset, never edited."""

    qualification = models.ForeignKey(Qualification, on_delete=models.PROTECT, related_name="+")
    leerweg = models.CharField(_("leerweg"), max_length=5, choices=Leerweg.choices)

    class Meta:
        verbose_name = _("enrolment total per qualification")
        verbose_name_plural = _("enrolment totals per qualification")
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "qualification", "leerweg", "year", "gender"],
                name="qualification_total_once",
            )
        ]
        indexes = [models.Index(fields=["qualification", "year"])]

    def __str__(self):
        return f"{self.qualification_id} {self.leerweg} {self.year} {self.gender}: {self.low}"


class RegionTotal(EnrolmentSums):
    """The enrolments of one dataset per arbeidsmarktregio, sectorkamer, year and gender,
    summed over the region's institutions (an institution in several regions counts in
    each): the tile maps read these. Written with the dataset, never edited."""

    region = models.ForeignKey(
        "regions.Arbeidsmarktregio", on_delete=models.CASCADE, related_name="+"
    )
    sectorkamer = models.ForeignKey(Sectorkamer, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("enrolment total per region")
        verbose_name_plural = _("enrolment totals per region")
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "region", "sectorkamer", "year", "gender"],
                name="region_total_once",
            )
        ]
        indexes = [models.Index(fields=["year", "sectorkamer"])]

    def __str__(self):
        return f"{self.region_id}/{self.sectorkamer_id} {self.year} {self.gender}: {self.low}"


class Direction(models.TextChoices):
    HIGHER = "higher", _("higher is better")
    LOWER = "lower", _("lower is better")


class Level(models.TextChoices):
    """What an indicator value is about."""

    NATIONAL = "national", _("national")
    SECTORKAMER = "sectorkamer", _("sectorkamer")
    REGION = "arbeidsmarktregio", _("arbeidsmarktregio")
    CREBO = "crebo", _("qualification")
    CREBO_REGION = "crebo_region", _("qualification in a region")
    INSTITUTION_CREBO = "institution_crebo", _("qualification at an institution")


# The keys each level needs (the others stay empty).
LEVEL_KEYS = {
    Level.NATIONAL: (),
    Level.SECTORKAMER: ("sectorkamer",),
    Level.REGION: ("region",),
    Level.CREBO: ("qualification",),
    Level.CREBO_REGION: ("qualification", "region"),
    Level.INSTITUTION_CREBO: ("institution", "qualification"),
}


class Indicator(models.Model):
    """An indicator of the catalogue (atlas/data/indicators.csv, loaded by load_reference)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    definition = models.TextField(_("definition"))
    unit = models.CharField(_("unit"), max_length=20)
    direction = models.CharField(_("direction"), max_length=6, choices=Direction.choices)
    minimum = models.DecimalField(_("minimum"), max_digits=12, decimal_places=3, null=True)
    maximum = models.DecimalField(_("maximum"), max_digits=12, decimal_places=3, null=True)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    levels = models.CharField(_("levels"), max_length=200, help_text=_("comma-separated"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return self.name

    @property
    def level_list(self) -> list[str]:
        return [level for level in self.levels.split(",") if level]


class IndicatorValue(models.Model):
    """One value of an indicator for one subject and year, from one dataset (a key appears
    once per dataset: the import refuses a file that repeats one with another value)."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    sectorkamer = models.ForeignKey(
        Sectorkamer, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    region = models.ForeignKey(
        "regions.Arbeidsmarktregio", on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    qualification = models.ForeignKey(
        Qualification, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    institution = models.ForeignKey(
        "regions.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    occupation_group = models.CharField(_("occupation group"), max_length=100, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=3)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            # a key once per dataset (an empty key part counts as one value: 0)
            models.UniqueConstraint(
                "dataset", "indicator", "level", Coalesce("sectorkamer", 0),
                Coalesce("region", 0), Coalesce("qualification", 0), Coalesce("institution", 0),
                "occupation_group", "year", name="indicator_value_once_per_dataset",
            ),
        ]  # fmt: skip
        indexes = [
            models.Index(fields=["indicator", "year", "level"]),
            models.Index(fields=["qualification", "indicator", "year"]),
            models.Index(fields=["region", "indicator", "year"]),
        ]

    def __str__(self):
        return f"{self.indicator_id} {self.level} {self.year}: {self.value}"


class RuleKind(models.TextChoices):
    SMALL_NUMBERS = "small_numbers", _("few students at an institution")
    INDICATOR_BELOW = "indicator_below", _("indicator below its signalling value")
    INDICATOR_ABOVE = "indicator_above", _("indicator above its signalling value")
    PROFIT_WARNING = "profit_warning", _("enrolment up or stable while kans op werk is low")
    SHORTAGE_DECLINE = "shortage_decline", _("shortage occupation whose intake falls")


class SignalRule(models.Model):
    """A rule of the alert function, edited by an SBB administrator: what it compares, the
    signalling value, the number of students below which a signal is marked "small numbers",
    its weight and the interpretation shown with every signal it raises."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=RuleKind.choices)
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="rules",
    )  # fmt: skip
    threshold = models.DecimalField(_("signalling value"), max_digits=12, decimal_places=3)
    min_students = models.PositiveIntegerField(
        _("small numbers below"), default=0,
        help_text=_("Below this many students a signal is marked 'small numbers'."),
    )  # fmt: skip
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    interpretation = models.TextField(_("interpretation"))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("signal rule")
        verbose_name_plural = _("signal rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="small_numbers") | Q(indicator__isnull=False),
                name="signal_rule_names_its_indicator",
            )
        ]

    def __str__(self):
        return self.name


class SignalState(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("no longer holds")


class Signal(models.Model):
    """What a rule raised for cycle year Y about one subject (a qualification, at an
    institution or in a region), with the values it saw. Recomputing updates it; a signal
    that no longer holds is closed, never deleted."""

    rule = models.ForeignKey(SignalRule, on_delete=models.PROTECT, related_name="signals")
    year = models.PositiveSmallIntegerField(_("cycle year"))
    subject = models.CharField(_("subject key"), max_length=60)  # unique per rule and year
    sectorkamer = models.ForeignKey(Sectorkamer, on_delete=models.PROTECT, related_name="+")
    qualification = models.ForeignKey(
        Qualification, on_delete=models.PROTECT, null=True, blank=True, related_name="signals"
    )
    institution = models.ForeignKey(
        "regions.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    region = models.ForeignKey(
        "regions.Arbeidsmarktregio", on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    value = models.CharField(_("value"), max_length=40)  # as shown: "47", "12–15", "69.9%"
    details = models.JSONField(_("values seen"), default=dict)
    weight = models.PositiveSmallIntegerField(_("weight"))
    small_numbers = models.BooleanField(_("small numbers"), default=False)
    state = models.CharField(
        _("state"), max_length=6, choices=SignalState.choices, default=SignalState.OPEN
    )
    raised_at = models.DateTimeField(_("raised at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["-weight", "rule__code", "subject"]
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        constraints = [
            models.UniqueConstraint(fields=["rule", "year", "subject"], name="signal_once")
        ]
        indexes = [
            # covering: a sectorkamer's (top) open signals are counted and their heaviest
            # chosen from the index alone (the agenda revision's signal coverage)
            models.Index(
                fields=["sectorkamer", "year", "state", "weight"],
                include=["rule", "subject", "id"],
                name="signal_kamer_year_state_weight",
            ),
            models.Index(fields=["region", "year", "state"]),
        ]

    def __str__(self):
        return f"{self.rule}: {self.subject} ({self.value})"


class AtlasPublication(models.Model):
    """SBB publishes a sectorkamer's atlas of a cycle year (the "atlas information ready"
    milestone, by 1 December): its secretary and members are then told that the atlas is
    ready for the conversation. Published once; the row says who and when."""

    sectorkamer = models.ForeignKey(
        Sectorkamer,
        verbose_name=_("sectorkamer"),
        on_delete=models.PROTECT,
        related_name="atlas_publications",
    )
    year = models.PositiveSmallIntegerField(
        _("cycle year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    published_by = models.ForeignKey(
        "regions.User", verbose_name=_("published by"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip

    class Meta:
        ordering = ["-year", "sectorkamer__code"]
        verbose_name = _("atlas publication")
        verbose_name_plural = _("atlas publications")
        constraints = [
            models.UniqueConstraint(fields=["sectorkamer", "year"], name="one_atlas_per_cycle")
        ]

    def __str__(self):
        return f"{self.sectorkamer} {self.year}"
