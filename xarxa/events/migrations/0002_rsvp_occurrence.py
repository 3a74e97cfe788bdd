"""RSVPs answer for one date: add the column (empty for now; 0003 fills it, 0004 makes it required).

Three migrations, so that on PostgreSQL the data update and the ALTER TABLE run in separate transactions.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0001_initial'),
    ]

    operations = [
        migrations.RemoveConstraint(model_name='rsvp', name='one_rsvp_per_member'),
        migrations.RemoveIndex(model_name='rsvp', name='rsvp_waiting_list'),
        migrations.AddField(
            model_name='rsvp',
            name='occurrence',
            field=models.DateTimeField(null=True, verbose_name='date'),
        ),
    ]
