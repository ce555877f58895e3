from claims.charts import bars, columns, shorten


def test_bars_scale_the_longest_total_to_the_room_after_labels():
    chart = bars([("new", [(10, "bar")]), ("done", [(5, "bar")])], width=300, label_width=100, value_room=50)
    longest, shorter = chart.bars
    assert (longest.segments[0].start, longest.segments[0].length) == (100, 150)
    assert shorter.segments[0].length == 75
    assert longest.value_at == 254 and longest.total == 10
    assert [b.offset for b in chart.bars] == [0, 26]
    assert chart.height == 44
    assert chart.label_at == 94


def test_stacked_segments_follow_each_other_and_zero_parts_are_not_drawn():
    chart = bars([("a", [(2, "done"), (0, "skip"), (6, "open")])], width=260, label_width=100, value_room=0)
    (bar,) = chart.bars
    assert [(s.css, s.start, s.length) for s in bar.segments] == [("done", 100, 40), ("open", 140, 120)]
    assert bar.total == 8


def test_all_zero_bars_draw_nothing_and_no_rows_still_make_a_chart():
    chart = bars([("a", [(0, "bar")]), ("b", [(0, "bar")])])
    assert [b.segments for b in chart.bars] == [(), ()]
    assert bars([]).bars == () and bars([]).height > 0


def test_columns_rise_from_the_baseline():
    chart = columns([("W01", 4), ("W02", 0), ("W03", 2)], height=120, label_room=20, value_room=20, thickness=30,
                    gap=10)
    tall, empty, half = chart.bars
    assert chart.baseline == 100
    assert (tall.segments[0].start, tall.segments[0].length) == (20, 80)
    assert (half.segments[0].start, half.segments[0].length) == (60, 40)
    assert empty.segments == ()
    assert [b.offset for b in chart.bars] == [0, 40, 80]
    assert chart.width == 110 and chart.label_at == 114


def test_shorten_cuts_at_a_word():
    assert shorten("Housing plan", 30) == "Housing plan"
    assert shorten("The minister's plan for forty thousand homes", 20) == "The minister's plan…"
    assert len(shorten("Antidisestablishmentarianism", 10)) == 10
