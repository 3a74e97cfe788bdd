"""A world for the programme's tests: an edition with rooms, a format, a track, and sessions placed."""

from datetime import timedelta

from xarxa.accounts.tests.factories import UserFactory
from xarxa.congress import programme
from xarxa.congress.tests.factories import (
    EditionFactory,
    RoomFactory,
    SessionFormatFactory,
    TrackFactory,
    VenueFactory,
    at,
)


class World:
    def __init__(self, rooms=2, **edition_fields):
        self.organiser = UserFactory()
        self.edition = EditionFactory(space__owner=self.organiser, **edition_fields)
        venue = VenueFactory(edition=self.edition, name="Palau")
        self.rooms = [RoomFactory(venue=venue, name=f"Sala {chr(65 + n)}", capacity=80, position=n)
                      for n in range(rooms)]
        self.talk = SessionFormatFactory(edition=self.edition, kind="talk", duration_minutes=45, capacity=None,
                                         needs_signup=False)
        self.workshop = SessionFormatFactory(edition=self.edition, kind="workshop", duration_minutes=90, capacity=25,
                                             needs_signup=True)
        self.track = TrackFactory(edition=self.edition, name="Datos abiertos")
        self.day = self.edition.starts_on

    def session(self, title="Sesión", speakers=(), session_format=None, **fields):
        return programme.create_session(self.organiser, self.edition, title=title, abstract="De qué va.",
                                         description="Cómo **funciona**.", session_format=session_format or self.talk,
                                         speakers=list(speakers), **{"track": self.track, **fields})

    def place(self, session, room=0, hour=10, minute=0, minutes=45, day=0):
        start = at(self.day + timedelta(days=day), hour) + timedelta(minutes=minute)
        return programme.schedule_session(self.organiser, session, room=self.rooms[room], starts_at=start,
                                          ends_at=start + timedelta(minutes=minutes))

    def placed_sessions(self, count):
        """`count` sessions, each with a speaker, filling the rooms hour by hour over the congress's days."""
        sessions = []
        for n in range(count):
            session = self.session(title=f"Sesión {n}", speakers=[UserFactory()])
            slot, room = divmod(n, len(self.rooms))
            day, hour = divmod(slot, 10)
            self.place(session, room=room, hour=8 + hour, day=day % 3)
            sessions.append(session)
        return sessions

    def publish(self):
        return programme.publish_programme(self.organiser, self.edition)
