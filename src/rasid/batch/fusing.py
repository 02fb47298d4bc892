"""Fusion of one part's new events in memory: what ``clusters.assign`` does article by
article for ``rasid ingest``, with a few queries per part instead of one per event.

The part's dated events are partitioned by time window (`WINDOW_DAYS` days) and
country.  Each window fetches, with one query, every member of every fused
cluster that has a member meeting the blocking conditions of one of its events
(``clusters.block``): dates from the earliest to the latest any of them admits,
which widens the window by the blocking margins, so an incident that straddles
two windows still meets its candidates from both; the countries of its events and
the unknown one, or every country when one of its events has no country.  (A
query per country and window reads about the same rows with many more queries:
26 times as many on a dated benchmark of 10,000 articles, 5.4 s against 0.7 s.)
The members go into one index shared by all windows, keyed by country and day.

The events are then matched in the order ``rasid ingest`` matches them (article
by article in input order, each article's events in ``fuse._order``), each
against exactly the candidates ``clusters.candidates`` would return at that
moment, in the same order:

* every stored member meeting an event's conditions is in the index (its
  partition's query admits it), with all the members of its cluster; ``Block.admits``
  applies the same conditions as the SQL, so the candidate clusters are the same;
* each new member joins the index as soon as it is placed, as the database would
  read it back (strings as ``writer.fit`` stored them), so the later events of the
  part meet it whatever their partition; a replaced article's old events leave it
  at that article's place in the order, when the database deletes them;
* clusters come in the order of their ids (new ones after the stored ones, in the
  order they were made: the database numbers them so) and each cluster's members
  in the order of their ids as the database sorts them (its collation: averaging
  floating-point scores depends on the order);
* reviewers' merge and split links are obeyed through ``clusters.obey_links``, as
  ``clusters.assign`` obeys them.

New clusters and memberships are inserted in bulk at the end (`PartFusion.commit`);
nothing reads them before, since ``clusters.refresh`` runs after the commit.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, insort
from collections import defaultdict
from collections.abc import Callable, Collection, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, String, bindparam, insert, or_, select, text
from sqlalchemy.dialects.postgresql import ARRAY

from rasid import fuse
from rasid.store import clusters
from rasid.store.models import ArticleRow, ClusterMemberRow, EventRow, IncidentLinkRow
from rasid.store.review import linked

# Days per time window.  A window's query reads, in each country, the clusters
# with a member dated from BLOCK_DAYS before the window's first event to BLOCK_DAYS
# after its last: 2 * BLOCK_DAYS days more than its events need (the overlap with
# its neighbours, read by both), where one event alone needs 1 + 2 * BLOCK_DAYS
# days (7).  With windows of W days, a part with events on every day of a window
# reads (W + 6) / W times what they need; a part with two events at the two ends
# of a window reads (W + 6) / 14 times what two separate queries would.  W = 14 =
# 2 * (1 + 2 * BLOCK_DAYS) bounds both at 1.43 (W = 7: 1.86 and 0.93; W = 28:
# 1.21 and 2.43), and a part makes one query per fortnight of its events' dates,
# whatever its size: a part of a dated archive spans a few, one of a shuffled
# archive many (fewer, larger windows would read more rows there).
WINDOW_DAYS = 2 * (1 + 2 * fuse.BLOCK_DAYS)
_CHUNK = 500  # ids per IN (...) list


def window(day: dt.date) -> int:
    """The time window a day falls in."""
    return day.toordinal() // WINDOW_DAYS


def windows(sketches: Sequence[fuse.EventSketch]) -> dict[int, list[ColumnElement[bool]]]:
    """The conditions of one query per time window of the dated ``sketches`` (by their
    first day): what the blocking of any of them admits (``clusters.block``), in the
    countries of the window's events, or in any if one of them has none."""
    groups: dict[int, list[clusters.Block]] = defaultdict(list)
    for s in sketches:
        if s.date_start is not None:
            groups[window(s.date_start)].append(clusters.block(s))
    out = {}
    for w, blocks in groups.items():
        where = clusters.Block(
            first_start=min(b.first_start for b in blocks),
            last_start=max(b.last_start for b in blocks),
            first_end=min(b.first_end for b in blocks),
            country=None,
            admin1=None,
            box=None,
            types=tuple(sorted({t for b in blocks for t in b.types})),
        ).where()
        countries = {b.country for b in blocks}
        if None not in countries:  # stored events of unknown country are candidates too
            country = EventRow.__table__.c.country
            where.append(or_(country.in_(sorted(countries)), country.is_(None)))
        out[w] = where
    return out


def _order(cluster_id: int) -> tuple[bool, int]:
    """Stored clusters by id, then new ones (negative ids) in the order they were made."""
    return cluster_id < 0, abs(cluster_id)


class _Index:
    """Members of clusters by cluster, by article, and by (country, first day)."""

    def __init__(self, rank: Callable[[str], Any]):
        self.rank = rank
        self.clusters: dict[int, list[fuse.EventSketch]] = {}  # members in id order
        self.where: dict[str, int] = {}  # member -> its cluster
        self.of_article: dict[str, list[fuse.EventSketch]] = defaultdict(list)
        # country -> sorted (day, member) of members dated to one day, and of the others
        self.days: dict[str | None, list[tuple[int, str]]] = defaultdict(list)
        self.spans: dict[str | None, list[tuple[int, str]]] = defaultdict(list)
        self.sketch: dict[str, fuse.EventSketch] = {}

    def add_cluster(self, cluster_id: int, members: list[fuse.EventSketch]) -> None:
        """A stored cluster, its members in the database's order."""
        self.clusters[cluster_id] = members
        for m in members:
            self._place(cluster_id, m)

    def add(self, cluster_id: int, member: fuse.EventSketch) -> None:
        insort(self.clusters.setdefault(cluster_id, []), member, key=lambda m: self.rank(m.key))
        self._place(cluster_id, member)

    def _place(self, cluster_id: int, m: fuse.EventSketch) -> None:
        self.where[m.key] = cluster_id
        self.sketch[m.key] = m
        self.of_article[m.article_id].append(m)
        if m.date_start is not None:
            insort(self._list(m), (m.date_start.toordinal(), m.key))

    def _list(self, m: fuse.EventSketch) -> list[tuple[int, str]]:
        assert m.date_start is not None
        one_day = m.date_end is None or m.date_end == m.date_start
        return (self.days if one_day else self.spans)[m.country]

    def forget(self, article_id: str) -> None:
        for m in self.of_article.pop(article_id, ()):
            cluster_id = self.where.pop(m.key)
            del self.sketch[m.key]
            members = self.clusters[cluster_id]
            members.remove(m)
            if not members:
                del self.clusters[cluster_id]
            if m.date_start is not None:
                listed = self._list(m)
                del listed[bisect_left(listed, (m.date_start.toordinal(), m.key))]

    def candidates(self, sketch: fuse.EventSketch) -> dict[str, list[fuse.EventSketch]]:
        """What ``clusters.candidates(conn, sketch)`` returns, from the index."""
        if sketch.date_start is None:
            return {}
        b = clusters.block(sketch)
        last = b.last_start.toordinal()
        countries = list(self.days.keys() | self.spans.keys())
        if b.country is not None:
            countries = [b.country, None]
        found: set[int] = set()
        for country in countries:
            for listed, first in (
                (self.days.get(country), max(b.first_start, b.first_end)),
                (self.spans.get(country), b.first_start),
            ):
                if not listed:
                    continue
                i = bisect_left(listed, (first.toordinal(),))
                j = bisect_left(listed, (last + 1,))
                for _, key in listed[i:j]:
                    cluster_id = self.where[key]
                    if cluster_id not in found and b.admits(self.sketch[key]):
                        found.add(cluster_id)
        return {str(c): self.clusters[c] for c in sorted(found, key=_order)}


class PartFusion:
    """Fuses the new events of one part's articles, in the order the caller gives them."""

    def __init__(
        self,
        conn: Connection,
        articles: Sequence[tuple[str, Sequence[fuse.EventSketch]]],
        replaced: Collection[str] = (),
    ):
        """``articles``: (article id, its new sketches) in input order; their rows are
        stored already, but for the ``replaced`` ones, stored again at their turn."""
        self.conn = conn
        self.replaced = set(replaced)
        new = [s for _, sketches in articles for s in sketches]
        self.founders: list[fuse.EventSketch] = []  # of the new clusters
        self.members: list[tuple[str, int]] = []  # new (event, cluster), in order
        self.outside: set[int] = set()  # imported clusters a reviewer's link joined
        self.linked = _with_links(conn, [s.key for s in new])
        self.stored = _stored(conn, [a for a, _ in articles if a not in self.replaced])
        self.index = _Index(lambda key: key)
        self._ranked = conn.dialect.name != "sqlite"  # SQLite sorts by code point, as Python
        for where in windows(new).values():
            self._fetch(where)
        if self._ranked and new:
            self._rank(s.key for s in new)

    def forget(self, article_id: str) -> None:
        """A replaced article's stored events are deleted: they are candidates no more."""
        self.index.forget(article_id)

    def fuse(self, article_id: str, sketches: Sequence[fuse.EventSketch]) -> None:
        """Put one article's events into clusters, as ``clusters.assign`` does."""
        if article_id in self.replaced:  # stored again just now
            self.stored.update(_stored(self.conn, [article_id]))
        for sketch in sorted(sketches, key=fuse._order):
            same: set[str] = set()
            apart: set[str] = set()
            if sketch.key in self.linked:
                same, apart = linked(self.conn, sketch.key)
            found = clusters.obey_links(
                sketch,
                same,
                apart,
                lambda same=same: self._joined(same),
                lambda sketch=sketch: self.index.candidates(sketch),
            )
            if found is None:
                self.founders.append(sketch)
                cluster_id = -len(self.founders)
            else:
                cluster_id = int(found)
                if cluster_id not in self.index.clusters and cluster_id not in self.outside:
                    self._fetch_cluster(cluster_id)  # a reviewer's link led there
            self.members.append((sketch.key, cluster_id))
            if cluster_id not in self.outside:
                self.index.add(cluster_id, self.stored[sketch.key])

    def commit(self) -> set[int]:
        """Insert the new clusters and memberships; the clusters touched."""
        ids = clusters.new_clusters(self.conn, self.founders)
        real = {-n: cluster_id for n, cluster_id in enumerate(ids, start=1)}
        rows = [{"event_id": e, "cluster_id": real.get(c, c)} for e, c in self.members]
        if rows:
            self.conn.execute(insert(ClusterMemberRow), rows)
        return {row["cluster_id"] for row in rows}

    def _fetch(self, where: Sequence[Any]) -> None:
        known = self.index.clusters
        for cluster_id, members in clusters.members_where(self.conn, where, known).items():
            self.index.add_cluster(cluster_id, members)

    def _fetch_cluster(self, cluster_id: int) -> None:
        self._fetch([ClusterMemberRow.__table__.c.cluster_id == cluster_id])
        if cluster_id not in self.index.clusters:
            self.outside.add(cluster_id)  # not a fused cluster: never a candidate
        elif self._ranked:
            self._rank(())

    def _joined(self, same: set[str]) -> str | None:
        """``clusters.cluster_of(conn, same)`` with the memberships not inserted yet."""
        stored = clusters.cluster_of(self.conn, same)
        found = [int(stored)] if stored is not None else []
        placed = dict(self.members)
        found += [placed[e] for e in same if e in placed]
        return str(min(found, key=_order)) if found else None

    def _rank(self, new: Any) -> None:
        """Order ids as the database does (its collation; PostgreSQL's may not be
        Python's code point order), for the members of each cluster."""
        keys = sorted(set(self.index.sketch) | set(new) | set(self.stored))
        rows = self.conn.execute(
            text("SELECT k FROM unnest(:keys) AS k ORDER BY k").bindparams(
                bindparam("keys", keys, type_=ARRAY(String))
            )
        )
        ranks = {row[0]: n for n, row in enumerate(rows)}
        self.index.rank = ranks.__getitem__


def _with_links(conn: Connection, keys: Sequence[str]) -> set[str]:
    """Which of these events a reviewer linked with others (merged or split)."""
    out: set[str] = set()
    link = IncidentLinkRow.__table__.c
    for i in range(0, len(keys), _CHUNK):
        chunk = keys[i : i + _CHUNK]
        rows = conn.execute(
            select(link.event_a, link.event_b).where(
                or_(link.event_a.in_(chunk), link.event_b.in_(chunk))
            )
        )
        out |= {e for row in rows for e in row}
    return out & set(keys)


def _stored(conn: Connection, article_ids: Sequence[str]) -> dict[str, fuse.EventSketch]:
    """The events of these articles as the database holds them, by id."""
    events = EventRow.__table__
    joined = events.join(ArticleRow.__table__, ArticleRow.id == events.c.article_id)
    out = {}
    for i in range(0, len(article_ids), _CHUNK):
        rows = conn.execute(
            select(*clusters.SKETCH_COLUMNS.values())
            .select_from(joined)
            .where(events.c.article_id.in_(article_ids[i : i + _CHUNK]))
        ).mappings()
        out.update({row["id"]: clusters._sketch(row) for row in rows})
    return out
