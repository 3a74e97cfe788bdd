import factory

from xarxa.content.tests.factories import ContentFactory
from xarxa.library.models import Replication, Resource, ResourceCountry, ResourceGoal, Review


class ResourceFactory(factory.django.DjangoModelFactory):
    """A published good practice in the open library; ResourceFactory(countries=["ES"], goals=[11])."""

    class Meta:
        model = Resource
        skip_postgeneration_save = True

    content = factory.SubFactory(ContentFactory, kind="resource", title=factory.Sequence(lambda n: f"Práctica {n}"))
    resource_kind = "practice"
    summary = "Una práctica que funciona."
    licence = "cc-by-4.0"
    policy_area = "digital"
    level = "local"
    stage = "operating"
    year = 2025

    @factory.post_generation
    def countries(obj, create, extracted, **kwargs):
        if create and extracted:
            ResourceCountry.objects.bulk_create([ResourceCountry(resource=obj, country=c) for c in extracted])

    @factory.post_generation
    def goals(obj, create, extracted, **kwargs):
        if create and extracted:
            ResourceGoal.objects.bulk_create([ResourceGoal(resource=obj, goal=g) for g in extracted])


class ReplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Replication

    resource = factory.SubFactory(ResourceFactory)
    country = "PT"
    level = "local"
    place = factory.Sequence(lambda n: f"Câmara Municipal {n}")
    outcome = "Funcionou bem."


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    resource = factory.SubFactory(ResourceFactory)
    rating = 4
