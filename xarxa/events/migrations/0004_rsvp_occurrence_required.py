from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0003_fill_rsvp_occurrence'),
    ]

    operations = [
        migrations.AlterField(
            model_name='rsvp',
            name='occurrence',
            field=models.DateTimeField(verbose_name='date'),
        ),
        migrations.AddConstraint(
            model_name='rsvp',
            constraint=models.UniqueConstraint(fields=('event', 'occurrence', 'user'),
                                               name='one_rsvp_per_member_and_date'),
        ),
        migrations.AddIndex(
            model_name='rsvp',
            index=models.Index(condition=models.Q(('answer', 'waiting')),
                               fields=['event', 'occurrence', 'waiting_since', 'id'],
                               name='rsvp_waiting_list_per_date'),
        ),
    ]
