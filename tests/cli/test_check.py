"""`inquiry-analysis check` on claims files and data packages of one's own, and as ClaimReview."""

import json
import re

from inquiry_analysis import cli


def _claims(tmp_path, *rows):
    header = (
        "claim_id,reading,claim,speaker,said_on,source_id,locator,status,kind,measure,scope,period_kind,value,unit,"
        "qualifier,reading_means,against,expected_verdict"
    )
    path = tmp_path / "mine.csv"
    path.write_text("\n".join((header, *rows)) + "\n", encoding="utf-8")
    return path


def test_a_claims_file_of_ones_own_is_checked_against_the_bundled_data(tmp_path, capsys):
    path = _claims(
        tmp_path,
        # 82,109 (Home Office) against "under 80,000": above it, so inconsistent; against "at least 80,000": true.
        'low,as-said,"under 80,000 referrals",a witness,2019-03,seed-article,p. 4,quote,count,referrals,NCA,'
        "unspecified,80000,count,under,NCMEC referrals in 2017,ref-2017-homeoffice,inconsistent",
        'floor,as-said,"at least 80,000 referrals",a witness,2019-03,seed-article,p. 5,quote,count,referrals,NCA,'
        "unspecified,80000,count,at least,NCMEC referrals in 2017,ref-2017-homeoffice,consistent",
    )
    assert cli.main(["check", "--claims", str(path), "--format", "json"]) == 0
    got = {r["claim_id"]: r for r in json.loads(capsys.readouterr().out)}
    assert (got["low"]["verdict"], got["low"]["data_value"]) == ("inconsistent", 82109)
    assert got["floor"]["verdict"] == "consistent"  # "at least 80,000" reads 80,000 to 88,000 (a whole unit above)


def test_a_verdict_other_than_expected_fails_naming_the_file_claim_and_reading(tmp_path, capsys):
    path = _claims(
        tmp_path,
        'x,as-said,"about 80,000",a witness,2019-03,seed-article,p. 4,quote,count,referrals,NCA,'
        "unspecified,80000,count,about,NCMEC referrals in 2017,ref-2017-homeoffice,inconsistent",
    )
    assert cli.main(["check", "--claims", str(path)]) == 1
    err = capsys.readouterr().err
    assert "FAIL x (reading as-said): the verdict is now consistent, but mine.csv expects inconsistent" in err


def test_a_bad_claims_file_is_one_line_per_problem_and_nothing_else(tmp_path, capsys):
    path = _claims(
        tmp_path,
        'x,as-said,"about 80,000",a witness,2019-03,seed-article,p. 4,quote,count,referrals,NCA,'
        "unspecified,80000,count,about,m,nope,consistent",
    )
    assert cli.main(["check", "--claims", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("FAIL ") and "mine.csv, row 2, column 'against': names the figure 'nope'" in err
    assert len(err.strip().splitlines()) == 1


def test_claimreview_is_json_ld_one_review_per_claim(capsys):
    assert cli.main(["check", "--format", "claimreview", "--url-base", "https://example.org/claims"]) == 0
    reviews = json.loads(capsys.readouterr().out)
    assert len(reviews) >= 15 and all(r["@type"] == "ClaimReview" for r in reviews)
    kirat = next(r for r in reviews if r["url"] == "https://example.org/claims#kirat-accuracy")
    assert kirat["reviewRating"]["alternateName"] == "Inconsistent"
    assert kirat["itemReviewed"]["appearance"]["description"] == "para. 21"


def test_check_cites_a_notebook_only_where_it_is_there_to_open(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(cli.commands, "_default_root", lambda: tmp_path)  # as in an installed wheel: no notebooks
    assert cli.main(["check"]) == 0
    out = capsys.readouterr().out
    assert "notebooks/" not in out and "kirat-accuracy" in out
    monkeypatch.undo()
    assert cli.main(["check"]) == 0
    assert "detail: notebooks/03_kirat_accuracy.ipynb" in capsys.readouterr().out  # in the checkout


def test_verify_outside_a_checkout_says_what_to_pass(tmp_path, capsys):
    assert cli.main(["verify", "--root", str(tmp_path)]) == 0  # the data match; there is no figures/ here
    out = capsys.readouterr().out
    assert re.search(r"^data: (\d+) of \1 files match", out, re.MULTILINE) and "FAIL" not in out
    assert f"figures: {tmp_path.resolve()} is not a checkout of the project, so it has no figures/ to verify; " in out
    assert "pass --figures DIR" in out


def test_a_file_that_is_not_a_claims_file_names_the_missing_column(tmp_path, capsys):
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    assert cli.main(["check", "--claims", str(path)]) == 1
    err = capsys.readouterr().err
    assert "other.csv, row 1, column 'claim_id': missing column 'claim_id'; expected columns claim_id, reading," in err
    assert err.count("\n") == 1
