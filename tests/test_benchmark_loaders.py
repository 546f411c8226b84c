"""The benchmarks' loaders read the real data's metadata as the data's README describes it (no
data needed: records written for the purpose)."""

from __future__ import annotations

import datetime as dt

from benchmarks import _corpora as C


def test_clickid_swapped_spreadsheet_date_is_put_back():
    # The clickid README's quirk: a Kompas "2019-10-09" that the text places on 10 September.
    rec = {"publisher": "kompas", "date": "2019-10-09 00:00:00", "time": "11:13 WIB"}
    assert C.clickid_date(rec) == "2019-09-10 00:00:00"
    assert C._meta("clickid", rec)["published"] == dt.datetime(2019, 9, 10, 11, 13)


def test_clickid_other_dates_are_read_as_written():
    assert C.clickid_date({"publisher": "kompas", "date": "20/09/2019"}) == "20/09/2019"
    assert C.clickid_date({"publisher": "tempo", "date": "2019-09-10 00:00:00"}) == "2019-09-10 00:00:00"
    assert C._meta("clickid", {"publisher": "kompas", "date": "20/09/2019", "time": "20:17 WIB"})["published"] \
        == dt.datetime(2019, 9, 20, 20, 17)
