from claims.models import ChoiceLabels, Claim, Evidence, Source


def test_choice_labels_are_the_labels_django_gives():
    claim = Claim(state=Claim.State.SECOND_CHECK, verdict=Claim.Verdict.ACCURATE_CONTEXT, kind=Claim.Kind.QUOTE)
    assert claim.get_state_display() == "needs second check"
    assert claim.get_verdict_display() == "accurate, needs context"
    assert claim.get_kind_display() == "direct quote"
    assert Evidence(stance=Evidence.Stance.SUPPORTS).get_stance_display() == Evidence.Stance.SUPPORTS.label
    assert Source(kind=Source.Kind.OTHER).get_kind_display() == Source.Kind.OTHER.label


def test_choice_labels_show_a_value_without_a_label_as_it_is():
    assert Claim(state="archived").get_state_display() == "archived"
    assert Claim(state="").get_state_display() == ""


def test_choice_labels_follow_a_changed_value():
    claim = Claim(state=Claim.State.NEW)
    assert claim.get_state_display() == "new"
    claim.state = Claim.State.DONE
    assert claim.get_state_display() == "done"


def test_choice_labels_replace_djangos_method():
    assert Claim.__dict__["get_state_display"].func is ChoiceLabels._get_FIELD_display
