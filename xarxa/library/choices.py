"""The fixed vocabularies of the library. Each is a facet of the list and a column of the open-data export,
so the stored values are stable English keys and the labels are translated."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ResourceKind(models.TextChoices):
    PRACTICE = "practice", _("Good practice")
    DOCUMENT = "document", _("Document or report")
    GUIDE = "guide", _("Guide or toolkit")
    DATASET = "dataset", _("Dataset")
    SOFTWARE = "software", _("Software or tool")
    TRAINING = "training", _("Training material")
    REGULATION = "regulation", _("Regulation or template")
    LINK = "link", _("Link")


class Licence(models.TextChoices):
    CC_BY = "cc-by-4.0", _("Creative Commons Attribution 4.0")
    CC_BY_SA = "cc-by-sa-4.0", _("Creative Commons Attribution-ShareAlike 4.0")
    CC0 = "cc0-1.0", _("Creative Commons Zero (public domain)")
    ODBL = "odbl-1.0", _("Open Data Commons Open Database Licence")
    EUPL = "eupl-1.2", _("European Union Public Licence 1.2")
    MIT = "mit", _("MIT licence")
    APACHE = "apache-2.0", _("Apache licence 2.0")
    GPL = "gpl-3.0", _("GNU General Public Licence 3.0")


# The EU Publications Office licence vocabulary, which DCAT-AP recommends for dct:license.
LICENCE_URIS = {
    Licence.CC_BY: "http://publications.europa.eu/resource/authority/licence/CC_BY_4_0",
    Licence.CC_BY_SA: "http://publications.europa.eu/resource/authority/licence/CC_BYSA_4_0",
    Licence.CC0: "http://publications.europa.eu/resource/authority/licence/CC0",
    Licence.ODBL: "http://publications.europa.eu/resource/authority/licence/ODBL",
    Licence.EUPL: "http://publications.europa.eu/resource/authority/licence/EUPL_1_2",
    Licence.MIT: "http://publications.europa.eu/resource/authority/licence/MIT",
    Licence.APACHE: "http://publications.europa.eu/resource/authority/licence/APACHE_2_0",
    Licence.GPL: "http://publications.europa.eu/resource/authority/licence/GPL_3_0",
}


class PolicyArea(models.TextChoices):
    GOVERNANCE = "governance", _("Open government and transparency")
    DIGITAL = "digital", _("Digital government")
    PARTICIPATION = "participation", _("Citizen participation")
    PROCUREMENT = "procurement", _("Public procurement")
    FINANCE = "finance", _("Public finance")
    WORKFORCE = "workforce", _("Public employment and talent")
    HEALTH = "health", _("Health")
    EDUCATION = "education", _("Education")
    SOCIAL = "social", _("Social services and inclusion")
    ENVIRONMENT = "environment", _("Environment and climate")
    URBAN = "urban", _("Urban planning and housing")
    MOBILITY = "mobility", _("Mobility and transport")
    ECONOMY = "economy", _("Economy and employment")
    JUSTICE = "justice", _("Justice and security")
    CULTURE = "culture", _("Culture")


class Level(models.TextChoices):
    LOCAL = "local", _("Local")
    REGIONAL = "regional", _("Regional")
    NATIONAL = "national", _("National")
    SUPRANATIONAL = "supranational", _("Supranational")


class Stage(models.TextChoices):
    IDEA = "idea", _("Idea")
    PILOT = "pilot", _("Pilot")
    OPERATING = "operating", _("In operation")
    SCALED = "scaled", _("Scaled")


class Budget(models.TextChoices):
    UNDER_10K = "lt10k", _("Under 10,000 €")
    TO_50K = "10k-50k", _("10,000 – 50,000 €")
    TO_250K = "50k-250k", _("50,000 – 250,000 €")
    TO_1M = "250k-1m", _("250,000 € – 1 million €")
    OVER_1M = "gt1m", _("Over 1 million €")


class Goal(models.IntegerChoices):
    """The United Nations Sustainable Development Goals."""

    NO_POVERTY = 1, _("1 No poverty")
    ZERO_HUNGER = 2, _("2 Zero hunger")
    HEALTH = 3, _("3 Good health and well-being")
    EDUCATION = 4, _("4 Quality education")
    GENDER = 5, _("5 Gender equality")
    WATER = 6, _("6 Clean water and sanitation")
    ENERGY = 7, _("7 Affordable and clean energy")
    WORK = 8, _("8 Decent work and economic growth")
    INDUSTRY = 9, _("9 Industry, innovation and infrastructure")
    INEQUALITY = 10, _("10 Reduced inequalities")
    CITIES = 11, _("11 Sustainable cities and communities")
    CONSUMPTION = 12, _("12 Responsible consumption and production")
    CLIMATE = 13, _("13 Climate action")
    OCEANS = 14, _("14 Life below water")
    LAND = 15, _("15 Life on land")
    INSTITUTIONS = 16, _("16 Peace, justice and strong institutions")
    PARTNERSHIPS = 17, _("17 Partnerships for the goals")
