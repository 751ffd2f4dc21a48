import pytest

from frameworks.models import Framework, RatingScale


@pytest.fixture
def no_frameworks(db):
    """An empty framework catalogue (the per-test rollback restores it afterwards)."""
    Framework.objects.all().delete()
    RatingScale.objects.all().delete()
