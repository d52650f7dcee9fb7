"""The quiz engine: questions as data, widgets driven without a kernel, saved answers, the grade."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest

from conftest import ROOT
from eventlab.quiz import Quiz, grade_saved_answers, load_questions, save_answers, score_text

SOURCE = ROOT / "source" / "week1"
NOTEBOOK = SOURCE / "07_quiz.ipynb"
DATA = load_questions()
KEY = {q.id: q.answer for q in DATA.questions}


def wrong(question) -> str:
    return next(o.id for o in question.options if o.id != question.answer)


def answer_key_with(n_wrong: int) -> dict[str, str]:
    answers = dict(KEY)
    for q in DATA.questions[:n_wrong]:
        answers[q.id] = wrong(q)
    return answers


def choose_by_text(view, text: str) -> None:
    """Select an option the way a learner does: by the label they read."""
    texts = [label for label, _ in view.choices.options]
    view.choices.index = texts.index(text)


@pytest.fixture(autouse=True)
def _not_under_nbgrader(monkeypatch):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)


@pytest.fixture
def answers_path(tmp_path) -> Path:
    return tmp_path / "quiz_answers.json"


# ----------------------------------------------------------------- the questions


def test_eight_questions_cover_every_lesson_and_each_has_one_valid_answer():
    assert len(DATA.questions) == 8
    assert {q.lesson for q in DATA.questions} == {1, 2, 3, 4, 5, 6}
    assert DATA.pass_percent == 80
    for q in DATA.questions:
        assert q.prompt and q.explanation, q.id
        assert len(q.options) >= 3, q.id
        assert q.option(q.answer) is not None, q.id
        for o in q.options:
            if o.id != q.answer:
                assert o.feedback, f"{q.id}: wrong option {o.id} needs feedback that says why"
            assert "`" not in o.text, f"{q.id}: option labels are plain text; backticks would show"


def test_the_right_answer_is_not_always_in_the_same_place_in_the_data():
    positions = {[o.id for o in q.options].index(q.answer) for q in DATA.questions}
    assert len(positions) >= 3


def test_code_snippets_render_in_a_pre_block(answers_path):
    quiz = Quiz(answers_path)
    with_code = [v for v in quiz.views if v.question.code]
    assert with_code
    for view in with_code:
        assert "<pre>" in view.prompt.value
        assert "&quot;" in view.prompt.value or '"' not in view.question.code  # escaped, not raw HTML


def test_question_number_and_text_are_visible_text(answers_path):
    quiz = Quiz(answers_path)
    for n, view in enumerate(quiz.views, start=1):
        assert f"Question {n} of 8" in view.heading.value
        assert view.prompt.value.startswith("<p>")
    assert quiz.check_button.description == "Check answers"


# ----------------------------------------------------------------- the score text


@pytest.mark.parametrize(
    ("right", "text"),
    [
        (8, "8/8 (100%) - passed"),
        (7, "7/8 (88%) - passed"),
        (6, "6/8 (75%) - not passed yet"),
        (1, "1/8 (13%) - not passed yet"),  # 12.5 rounds half up
        (0, "0/8 (0%) - not passed yet"),
    ],
)
def test_score_text(right, text):
    assert score_text(right, 8) == text


def test_pass_mark_uses_the_exact_share_not_the_rounded_one():
    assert score_text(79, 100) == "79/100 (79%) - not passed yet"
    assert score_text(4, 5) == "4/5 (80%) - passed"


# ----------------------------------------------------------------- checking


@pytest.mark.parametrize(
    ("n_wrong", "total"),
    [(0, "8/8 (100%) - passed"), (1, "7/8 (88%) - passed"), (2, "6/8 (75%) - not passed yet")],
)
def test_checking_says_in_words_which_answers_are_right(answers_path, n_wrong, total):
    quiz = Quiz(answers_path)
    for view in quiz.views:
        view.choices.value = answer_key_with(n_wrong)[view.question.id]
    quiz.check_button.click()
    assert total in quiz.total.value
    verdicts = [v.feedback.value for v in quiz.views]
    assert sum("Not quite." in f for f in verdicts) == n_wrong
    assert sum("Correct." in f for f in verdicts) == 8 - n_wrong
    for view in quiz.views[:n_wrong]:
        chosen = view.question.option(view.choices.value)
        assert chosen.feedback.split(".")[0] in view.feedback.value.replace("&#x27;", "'")
        assert f"Lesson {view.question.lesson}" in view.feedback.value


def test_unanswered_questions_say_so_and_count_as_wrong(answers_path):
    quiz = Quiz(answers_path)
    quiz.views[0].choices.value = quiz.views[0].question.answer
    quiz.check_button.click()
    assert "1/8 (13%) - not passed yet" in quiz.total.value
    assert all("Not answered yet." in v.feedback.value for v in quiz.views[1:])


def test_retrying_after_a_check_marks_the_change_then_rescores(answers_path):
    quiz = Quiz(answers_path)
    for view in quiz.views:
        view.choices.value = answer_key_with(2)[view.question.id]
    quiz.check_button.click()
    assert "6/8 (75%) - not passed yet" in quiz.total.value
    first = quiz.views[0]
    first.choices.value = first.question.answer
    assert "Changed since the last check" in first.feedback.value
    assert "changed answers" in quiz.total.value
    quiz.check_button.click()
    assert "7/8 (88%) - passed" in quiz.total.value
    assert "Correct." in first.feedback.value


def test_choosing_by_label_text_grades_the_same_with_or_without_shuffling(tmp_path):
    for shuffle in (True, False):
        quiz = Quiz(tmp_path / f"answers-{shuffle}.json", shuffle=shuffle)
        for view in quiz.views:
            choose_by_text(view, view.question.option(view.question.answer).text)
        assert quiz.check() == 8


# ----------------------------------------------------------------- saving and restoring


def test_each_change_is_saved_by_question_id_and_option_id(answers_path):
    quiz = Quiz(answers_path)
    assert not answers_path.exists(), "showing the quiz must not write anything"
    view = quiz.views[2]
    view.choices.value = wrong(view.question)
    saved = json.loads(answers_path.read_text(encoding="utf-8"))
    assert saved["answers"] == {view.question.id: wrong(view.question)}
    assert "Saved 1 of 8" in quiz.status.value
    view.choices.value = view.question.answer
    saved = json.loads(answers_path.read_text(encoding="utf-8"))
    assert saved["answers"] == {view.question.id: view.question.answer}
    assert sorted(p.name for p in answers_path.parent.iterdir()) == ["quiz_answers.json"], "no temp files left"


def test_answers_come_back_in_a_new_quiz_after_a_restart(answers_path):
    first = Quiz(answers_path)
    for view in first.views[:5]:
        view.choices.value = view.question.answer
    second = Quiz(answers_path)
    assert second.answers == first.answers
    assert "Restored 5 saved answers" in second.status.value
    assert second.check() == 5


def test_restoring_does_not_rewrite_the_file(answers_path):
    save_answers(answers_path, {DATA.questions[0].id: DATA.questions[0].answer})
    before = answers_path.stat().st_mtime_ns
    Quiz(answers_path)
    assert answers_path.stat().st_mtime_ns == before


def test_the_answers_file_is_found_where_the_quiz_started(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    quiz = Quiz("quiz_answers.json")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    quiz.views[0].choices.value = quiz.views[0].question.answer
    assert (tmp_path / "quiz_answers.json").exists()
    assert not (elsewhere / "quiz_answers.json").exists()


@pytest.mark.parametrize(
    "content",
    [b'{"answers": {"get_chain_on_null": "c",}}', b"\xff\xfe not text", b"[1, 2, 3]", b'{"answers": ["c"]}'],
    ids=["trailing_comma", "not_utf8", "a_list", "answers_not_an_object"],
)
def test_a_corrupt_file_is_set_aside_with_a_message_and_the_quiz_starts_empty(answers_path, content):
    answers_path.write_bytes(content)
    quiz = Quiz(answers_path)  # no traceback
    assert quiz.answers == {}
    assert "could not be used" in quiz.status.value
    backups = list(answers_path.parent.glob("quiz_answers.corrupt-*.json"))
    assert len(backups) == 1 and backups[0].read_bytes() == content, "the broken file is kept, unchanged"
    assert backups[0].name in quiz.status.value
    assert not answers_path.exists()
    quiz.views[0].choices.value = quiz.views[0].question.answer
    assert json.loads(answers_path.read_text(encoding="utf-8"))["answers"] == {
        quiz.views[0].question.id: quiz.views[0].question.answer
    }


def test_two_corrupt_files_in_the_same_second_get_two_backups(answers_path):
    for _ in range(2):
        answers_path.write_text("{oops", encoding="utf-8")
        Quiz(answers_path)
    assert len(list(answers_path.parent.glob("quiz_answers.corrupt-*.json"))) == 2


def test_under_nbgrader_a_corrupt_file_stays_put(answers_path, monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    answers_path.write_text("{oops", encoding="utf-8")
    quiz = Quiz(answers_path)
    assert answers_path.exists() and "could not be used" in quiz.status.value


def test_unknown_questions_and_options_are_ignored_with_a_message_and_the_rest_kept(answers_path):
    q0, q1 = DATA.questions[0], DATA.questions[1]
    q2 = DATA.questions[2]
    answers_path.write_text(
        json.dumps(
            {
                "answers": {
                    q0.id: q0.answer,
                    q1.id: "z",
                    q2.id: q2.option(q2.answer).text,  # hand-edited: the option's text
                    "no_such_question": "a",
                    DATA.questions[3].id: 3,
                }
            }
        ),
        encoding="utf-8",
    )
    quiz = Quiz(answers_path)
    assert quiz.answers == {q0.id: q0.answer, q2.id: q2.answer}
    assert "unknown question" in quiz.status.value and "no_such_question" in quiz.status.value
    assert "question 2" in quiz.status.value and "question 4" in quiz.status.value
    assert "Restored 2 saved answers" in quiz.status.value
    assert not list(answers_path.parent.glob("*.corrupt-*")), "a file with some bad entries is not corrupt"


def test_a_folder_that_cannot_be_written_gives_a_message_not_an_exception(tmp_path):
    quiz = Quiz(tmp_path / "missing_folder" / "quiz_answers.json")
    quiz.views[0].choices.value = quiz.views[0].question.answer
    assert "could not be saved" in quiz.status.value
    assert quiz.check() == 1


# ----------------------------------------------------------------- shuffling


def labels(quiz: Quiz) -> list[list[str]]:
    return [[label for label, _ in v.choices.options] for v in quiz.views]


def test_shuffling_is_the_same_for_the_same_seed_and_differs_for_another(tmp_path):
    a = Quiz(tmp_path / "a.json", seed="week1")
    b = Quiz(tmp_path / "b.json", seed="week1")
    c = Quiz(tmp_path / "c.json", seed="another seed")
    plain = Quiz(tmp_path / "d.json", shuffle=False)
    assert labels(a) == labels(b)
    assert labels(a) != labels(c)
    assert labels(a) != labels(plain)
    assert labels(plain) == [[o.text for o in q.options] for q in DATA.questions]


def test_answers_saved_under_one_order_restore_under_another(answers_path):
    first = Quiz(answers_path, seed="one")
    chosen = {}
    for view in first.views:
        text = view.question.option(wrong(view.question)).text
        choose_by_text(view, text)
        chosen[view.question.id] = text
    second = Quiz(answers_path, seed="two")
    for view in second.views:
        assert view.choices.label == chosen[view.question.id]
    assert second.check() == 0


# ----------------------------------------------------------------- grading


@pytest.mark.parametrize("n_wrong", [0, 1, 2, 8])
def test_grade_gives_one_point_per_right_answer(answers_path, n_wrong, capsys):
    save_answers(answers_path, answer_key_with(n_wrong))
    result = grade_saved_answers(answers_path)
    assert result.points == 8 - n_wrong and isinstance(result.points, int)
    assert score_text(8 - n_wrong, 8) in result.summary
    assert capsys.readouterr().err == ""


def test_grade_of_a_missing_file_is_zero(answers_path):
    result = grade_saved_answers(answers_path)
    assert result.points == 0 and "No saved answers" in result.summary


@pytest.mark.parametrize("content", [b"{oops", b"\x00\xff", b"null", b'{"answers": 12}', b"[" * 100_000])
def test_grade_of_a_corrupt_file_is_zero_and_leaves_the_file_alone(answers_path, content, capsys):
    answers_path.write_bytes(content)
    result = grade_saved_answers(answers_path)
    assert result.points == 0 and "could not be used" in result.summary
    assert answers_path.read_bytes() == content
    assert capsys.readouterr().err == ""


def test_grade_ignores_unknown_entries_and_counts_the_rest(answers_path):
    answers = answer_key_with(0)
    answers["invented_question"] = "a"
    answers[DATA.questions[0].id] = "not an option"
    answers_path.write_text(json.dumps({"answers": answers}), encoding="utf-8")
    result = grade_saved_answers(answers_path)
    assert result.points == 7
    assert "invented_question" in result.summary and "Question 1: not answered" in result.summary


def test_a_widget_session_and_the_grade_agree(answers_path):
    quiz = Quiz(answers_path)
    for view in quiz.views:
        view.choices.value = answer_key_with(1)[view.question.id]
    assert quiz.check() == grade_saved_answers(answers_path).points == 7


# ----------------------------------------------------------------- the notebook


def quiz_cell(nb):
    return next(c for c in nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "quiz_score")


def test_the_grade_cell_is_locked_worth_8_points_and_reads_the_file():
    cell = quiz_cell(nbformat.read(NOTEBOOK, as_version=4))
    meta = cell.metadata["nbgrader"]
    assert meta["grade"] and meta["locked"] and not meta["solution"] and meta["points"] == len(DATA.questions)
    assert 'grade_saved_answers("quiz_answers.json")' in cell.source
    assert cell.source.rstrip().endswith("quiz_grade.points")
    assert not (SOURCE / "quiz_answers.json").exists(), (
        "source/week1/quiz_answers.json would ship in the release and overwrite every submission"
    )


def copy_of_the_quiz(tmp_path: Path, answers: dict | bytes | None) -> Path:
    folder = tmp_path / "week1"
    folder.mkdir()
    shutil.copy(NOTEBOOK, folder)
    shutil.copytree(SOURCE / "eventlab", folder / "eventlab", ignore=shutil.ignore_patterns("__pycache__"))
    if isinstance(answers, dict):
        save_answers(folder / "quiz_answers.json", answers)
    elif isinstance(answers, bytes):
        (folder / "quiz_answers.json").write_bytes(answers)
    return folder / NOTEBOOK.name


def test_the_notebook_scores_the_saved_answers_for_nbgrader(tmp_path, monkeypatch):
    """One kernel, as in autograde: run the notebook, then the quiz and grade cells again per answers file."""
    from nbclient import NotebookClient
    from nbgrader.utils import determine_grade

    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    path = copy_of_the_quiz(tmp_path, answer_key_with(1))
    answers_file = path.with_name("quiz_answers.json")
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=60, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
    grade_index = nb.cells.index(quiz_cell(nb))
    quiz_index = next(i for i, c in enumerate(nb.cells) if "Quiz(" in c.source)
    scenarios = [("seven", None, 7.0), ("none", b"", 0.0), ("corrupt", b"{oops", 0.0), ("eight", dict(KEY), 8.0)]
    with client.setup_kernel():
        for name, answers, points in scenarios:
            if isinstance(answers, dict):
                save_answers(answers_file, answers)
            elif answers == b"":
                answers_file.unlink(missing_ok=True)
            elif answers is not None:
                answers_file.write_bytes(answers)
            cells = range(len(nb.cells)) if name == "seven" else (quiz_index, grade_index)
            for i in cells:
                if nb.cells[i].cell_type == "code":
                    client.execute_cell(nb.cells[i], i)
            assert determine_grade(nb.cells[grade_index]) == (points, 8.0), name
            stderr = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.get("name") == "stderr"]
            assert not stderr, f"{name}: {stderr}"
    assert answers_file.exists(), "nothing in the notebook moves or deletes the learner's file"


def test_the_validator_passes_the_source_quiz_when_every_answer_is_right(tmp_path):
    """How to validate the source quiz: it needs an answers file, which source/ must never hold."""
    from nbgrader.validator import Validator

    results = Validator().validate(str(copy_of_the_quiz(tmp_path, dict(KEY))))
    assert results == {}, results
