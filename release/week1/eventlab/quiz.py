"""The week 1 quiz: questions as data, widgets to answer them, a file that keeps the answers.

The questions, their options, the right answers and the explanations live in
``quiz_questions.json`` beside this module; this module only shows and scores them.

Widget state is not saved in a notebook, and no grader can see it, so every answer
is written to a small JSON file in the notebook's working folder the moment it
changes (``quiz_answers.json``).  The same file restores the answers after a kernel
restart, travels with the submission, and is what :func:`grade_saved_answers`
scores during autograding.  Answers are stored by question id and option id, never
by position, so shuffling the options never changes a grade.

Everything a learner needs to read is plain text in widget values ("Correct",
"Not quite", ``7/8 (88%) - passed``), never colour alone, and the widgets are
radio buttons and a button, so the quiz works from the keyboard
(Tab, Space, Enter).
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import random
import re
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ipywidgets as widgets

QUESTIONS_FILE = Path(__file__).with_name("quiz_questions.json")
ANSWERS_FILE = "quiz_answers.json"
DEFAULT_SEED = "week1"
# Far larger than any real answers file: a bigger one is not worth reading.
MAX_ANSWERS_BYTES = 1_000_000

_ABOUT = (
    "Your answers to the week 1 quiz, saved by 07_quiz.ipynb as you choose them. "
    "Keep this file next to the notebook: your quiz is graded from it."
)


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class Option:
    id: str
    text: str
    feedback: str = ""


@dataclass(frozen=True)
class Question:
    id: str
    lesson: int
    prompt: str
    options: tuple[Option, ...]
    answer: str
    explanation: str
    code: str = ""

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class QuizData:
    title: str
    pass_percent: int
    lessons: dict[int, str]
    questions: tuple[Question, ...]

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


def load_questions(path: str | os.PathLike | None = None) -> QuizData:
    """Read and check the quiz data; a mistake in it is the author's, so it raises."""
    path = Path(path) if path is not None else QUESTIONS_FILE
    raw = json.loads(path.read_text(encoding="utf-8"))
    questions = []
    for q in raw["questions"]:
        options = tuple(Option(o["id"], o["text"], o.get("feedback", "")) for o in q["options"])
        question = Question(
            id=q["id"],
            lesson=int(q["lesson"]),
            prompt=q["prompt"],
            options=options,
            answer=q["answer"],
            explanation=q["explanation"],
            code=q.get("code", ""),
        )
        ids = [o.id for o in options]
        texts = [o.text for o in options]
        if len(set(ids)) != len(ids) or len(set(texts)) != len(texts):
            raise ValueError(f"question {question.id!r}: option ids and texts must be unique")
        if question.answer not in ids:
            raise ValueError(f"question {question.id!r}: the answer {question.answer!r} is not one of its options")
        questions.append(question)
    if len({q.id for q in questions}) != len(questions):
        raise ValueError("question ids must be unique")
    return QuizData(
        title=raw.get("title", "Quiz"),
        pass_percent=int(raw.get("pass_percent", 80)),
        lessons={int(k): v for k, v in raw.get("lessons", {}).items()},
        questions=tuple(questions),
    )


# --------------------------------------------------------------------------- score


def percent(correct: int, total: int) -> int:
    """The share of right answers in whole percent, halves rounded up (7/8 gives 88)."""
    if total <= 0:
        return 0
    return (200 * correct + total) // (2 * total)


def passed(correct: int, total: int, pass_percent: int = 80) -> bool:
    """Whether the exact share (not the rounded one) reaches the pass mark."""
    return total > 0 and 100 * correct >= pass_percent * total


def score_text(correct: int, total: int, pass_percent: int = 80) -> str:
    """The total as the learner reads it, e.g. ``7/8 (88%) - passed``."""
    verdict = "passed" if passed(correct, total, pass_percent) else "not passed yet"
    return f"{correct}/{total} ({percent(correct, total)}%) - {verdict}"


# --------------------------------------------------------------------------- answers file


@dataclass
class SavedAnswers:
    """What an answers file holds, and what a learner should be told about it."""

    answers: dict[str, str] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)
    # Why the file could not be used at all, or None when it could (or did not exist).
    problem: str | None = None
    found: bool = False


def read_answers(path: str | os.PathLike, quiz: QuizData) -> SavedAnswers:
    """Read a saved answers file without changing anything on disk; never raises.

    A missing file is no answers.  A file that cannot be read or is not an answers
    file sets ``problem``.  Entries for unknown questions or options are left out,
    each with a message; the rest still count.  A hand-edited value may name an
    option by its id or by its exact text.
    """
    path = Path(path)
    result = SavedAnswers()
    try:
        if path.stat().st_size > MAX_ANSWERS_BYTES:
            result.problem = "it is far too large to be an answers file"
            result.found = True
            return result
        data = json.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        return result
    except UnicodeDecodeError:
        result.found = True
        result.problem = "it is not UTF-8 text"
        return result
    except json.JSONDecodeError as err:
        result.found = True
        result.problem = f"it is not valid JSON ({err.msg} at line {err.lineno}, column {err.colno})"
        return result
    except (OSError, ValueError, RecursionError) as err:
        result.found = True
        result.problem = f"it could not be read ({type(err).__name__}: {err})"
        return result

    result.found = True
    if not isinstance(data, dict):
        result.problem = f"it holds a JSON {_json_kind(data)}, not an object with your answers"
        return result
    if "answers" in data:
        answers = data["answers"]
    else:  # a hand-written file may hold the answers at the top level
        answers = {k: v for k, v in data.items() if k not in ("about", "version")}
    if not isinstance(answers, dict):
        result.problem = f'its "answers" is a JSON {_json_kind(answers)}, not an object'
        return result

    for question_id, value in answers.items():
        question = quiz.question(question_id)
        if question is None:
            result.messages.append(f"Ignored an answer to an unknown question, {question_id!r}.")
            continue
        number = quiz.questions.index(question) + 1
        option = None
        if isinstance(value, str):
            option = question.option(value) or next((o for o in question.options if o.text == value), None)
        if option is None:
            result.messages.append(
                f"Ignored the saved answer {value!r} to question {number}: it is not one of its options."
            )
            continue
        result.answers[question.id] = option.id
    return result


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    return "object"


def save_answers(path: str | os.PathLike, answers: dict[str, str]) -> None:
    """Write the answers atomically: a crash leaves the old file or the new one, never half of one."""
    path = Path(path)
    payload = {"about": _ABOUT, "version": 1, "answers": dict(answers)}
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(payload, f, indent=2, ensure_ascii=False)
            f.write("\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def set_aside(path: str | os.PathLike) -> Path:
    """Rename an unusable answers file to ``<stem>.corrupt-<time><suffix>`` and return the new path."""
    path = Path(path)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.corrupt-{stamp}{path.suffix}")
    n = 2
    while target.exists():
        target = path.with_name(f"{path.stem}.corrupt-{stamp}-{n}{path.suffix}")
        n += 1
    os.replace(path, target)
    return target


# --------------------------------------------------------------------------- grading


@dataclass(frozen=True)
class QuizGrade:
    """The score of a saved answers file: ``points`` is what the grade cell reports."""

    points: int
    total: int
    summary: str


def grade_saved_answers(path: str | os.PathLike = ANSWERS_FILE, quiz: QuizData | None = None) -> QuizGrade:
    """One point per right answer in the saved file; never raises for any file a learner can make.

    It reads only the file and the question data in this package, both of which
    nbgrader controls during autograding (the package is copied over the
    submission); nothing in the notebook is trusted.
    """
    quiz = quiz or load_questions()
    saved = read_answers(path, quiz)
    total = len(quiz.questions)
    lines = []
    if not saved.found:
        lines.append(f"No saved answers were found ({Path(path).name} is not in this folder): 0 points.")
        return QuizGrade(0, total, "\n".join(lines))
    if saved.problem:
        lines.append(f"The saved answers in {Path(path).name} could not be used: {saved.problem}. 0 points.")
        return QuizGrade(0, total, "\n".join(lines))
    lines.extend(saved.messages)
    points = 0
    for number, question in enumerate(quiz.questions, start=1):
        chosen = saved.answers.get(question.id)
        if chosen is None:
            verdict = "not answered"
        elif chosen == question.answer:
            verdict = "correct"
            points += 1
        else:
            verdict = "not correct"
        lines.append(f"Question {number}: {verdict}")
    points = max(0, min(points, total))
    lines.append(f"Quiz score: {score_text(points, total, quiz.pass_percent)}")
    return QuizGrade(points, total, "\n".join(lines))


# --------------------------------------------------------------------------- widgets

# RadioButtons give every label one fixed line height, so a long option would
# overlap the next one.  The input comes after the text in the DOM: row-reverse
# shows it first, and wrapped lines stay aligned with the text.
_STYLE = """<style>
.eventlab-quiz .widget-radio-box label, .eventlab-quiz .jupyter-widget-radio-box label {
  height: auto; line-height: 1.35; display: flex; flex-direction: row-reverse;
  justify-content: flex-end; align-items: flex-start; padding: 3px 0; }
.eventlab-quiz .widget-radio-box input, .eventlab-quiz .jupyter-widget-radio-box input {
  height: auto; flex: none; float: none; margin: 2px 8px 0 1px; }
.eventlab-quiz .widget-html-content, .eventlab-quiz .jupyter-widget-html-content { line-height: 1.45; }
.eventlab-quiz pre { background: var(--jp-layout-color2, #f3f3f3); padding: 6px 8px; margin: 4px 0;
  white-space: pre; overflow-x: auto; }
.eventlab-quiz .eventlab-quiz-question { border-top: 1px solid var(--jp-border-color2, #ddd);
  padding-top: 6px; margin-top: 6px; }
</style>"""

_NOT_CHECKED = "Score: not checked yet. Answer the questions, then press <b>Check answers</b>."


def _inline(text: str) -> str:
    """Escape text for HTML and show `backticked` parts as code."""
    parts = re.split(r"`([^`]*)`", text)
    return "".join(
        f"<code>{html.escape(part)}</code>" if i % 2 else html.escape(part) for i, part in enumerate(parts)
    )


@dataclass
class QuestionView:
    """The widgets of one question."""

    question: Question
    number: int
    heading: widgets.HTML
    prompt: widgets.HTML
    choices: widgets.RadioButtons
    feedback: widgets.HTML
    box: widgets.VBox


class Quiz:
    """The quiz as widgets, saving each answer to ``answers_path`` as soon as it changes.

    Display it by making it the last expression of a cell.  Tests and scripts can
    drive it without a kernel: set ``views[i].choices.value`` to an option id, call
    ``check_button.click()``, and read ``views[i].feedback.value`` and ``total.value``.
    """

    def __init__(
        self,
        answers_path: str | os.PathLike = ANSWERS_FILE,
        *,
        quiz: QuizData | None = None,
        shuffle: bool = True,
        seed: str | int = DEFAULT_SEED,
    ):
        self.data = quiz or load_questions()
        # Resolved once, so a later os.chdir in the notebook cannot move the file.
        self.answers_path = Path(answers_path).resolve()
        self.shuffle = shuffle
        self.seed = seed
        self._restoring = False
        self._last_score: str | None = None
        self.views = [self._question_view(q, n) for n, q in enumerate(self.data.questions, start=1)]

        self.check_button = widgets.Button(
            description="Check answers",
            button_style="primary",
            tooltip="Check all answers and show the score",
            layout=widgets.Layout(width="auto"),
        )
        self.check_button.on_click(lambda _button: self.check())
        self.total = widgets.HTML(value=_NOT_CHECKED)
        self.total.add_class("eventlab-quiz-total")
        self.status = widgets.HTML(value="")
        self.status.add_class("eventlab-quiz-status")
        intro = widgets.HTML(
            value=(
                f"{_STYLE}<p><b>{html.escape(self.data.title)}</b>: {len(self.views)} questions, "
                f"{self.data.pass_percent}% to pass. "
                f"Your answers are saved in <code>{html.escape(self.answers_path.name)}</code> as you choose them.</p>"
            )
        )
        self.widget = widgets.VBox(
            [intro, *(v.box for v in self.views), self.check_button, self.total, self.status]
        )
        self.widget.add_class("eventlab-quiz")
        self._restore()

    # ----------------------------------------------------------------- building

    def _question_view(self, question: Question, number: int) -> QuestionView:
        lesson = self.data.lessons.get(question.lesson, "")
        heading = widgets.HTML(
            value=(
                f"<b>Question {number} of {len(self.data.questions)}</b>"
                f" &middot; lesson {question.lesson}{': ' + html.escape(lesson) if lesson else ''}"
            )
        )
        body = f"<p>{_inline(question.prompt)}</p>"
        if question.code:
            body += f"<pre><code>{html.escape(question.code)}</code></pre>"
        prompt = widgets.HTML(value=body, layout=widgets.Layout(width="auto"))
        choices = widgets.RadioButtons(
            options=[(o.text, o.id) for o in self.option_order(question)],
            value=None,
            layout=widgets.Layout(width="auto"),
        )
        feedback = widgets.HTML(value="")
        feedback.add_class("eventlab-quiz-feedback")
        box = widgets.VBox([heading, prompt, choices, feedback])
        box.add_class("eventlab-quiz-question")
        view = QuestionView(question, number, heading, prompt, choices, feedback, box)
        choices.observe(lambda change, view=view: self._answer_changed(view), names="value")
        return view

    def option_order(self, question: Question) -> list[Option]:
        """The options in display order: shuffled the same way for the same seed, every time."""
        options = list(question.options)
        if self.shuffle:
            random.Random(f"{self.seed}:{question.id}").shuffle(options)
        return options

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    # ----------------------------------------------------------------- answers

    @property
    def answers(self) -> dict[str, str]:
        """The chosen option id of each answered question."""
        return {v.question.id: v.choices.value for v in self.views if v.choices.value is not None}

    def _restore(self) -> None:
        saved = read_answers(self.answers_path, self.data)
        name = self.answers_path.name
        if saved.problem and os.environ.get("NBGRADER_EXECUTION"):
            # While nbgrader runs the notebook, leave the file where it is: the
            # grade cell reports the problem in the learner's feedback.
            self._say(f"The saved answers in <code>{html.escape(name)}</code> could not be used: "
                      f"{html.escape(saved.problem)}.")
            return
        if saved.problem:
            try:
                backup = set_aside(self.answers_path)
            except OSError as err:
                self._say(
                    f"Your saved answers in <code>{html.escape(name)}</code> could not be used: "
                    f"{html.escape(saved.problem)}. It could not be set aside either ({html.escape(str(err))}), "
                    "so the quiz starts empty."
                )
                return
            self._say(
                f"Your saved answers in <code>{html.escape(name)}</code> could not be used: "
                f"{html.escape(saved.problem)}. The file is kept as <code>{html.escape(backup.name)}</code>, "
                "and the quiz starts empty; new answers are saved as usual."
            )
            return
        self._restoring = True
        try:
            for view in self.views:
                if view.question.id in saved.answers:
                    view.choices.value = saved.answers[view.question.id]
        finally:
            self._restoring = False
        lines = [html.escape(m) for m in saved.messages]
        if saved.answers:
            lines.insert(
                0,
                f"Restored {len(saved.answers)} saved answer{'s' if len(saved.answers) != 1 else ''} "
                f"from <code>{html.escape(name)}</code>.",
            )
        self._say("<br>".join(lines))

    def _answer_changed(self, view: QuestionView) -> None:
        if self._restoring:
            return
        if self._last_score is not None:
            view.feedback.value = "Changed since the last check: press <b>Check answers</b> to check it."
            self.total.value = (
                f"Last check: {self._last_score}. "
                "You have changed answers since then: press <b>Check answers</b> again."
            )
        self.save()

    def save(self) -> bool:
        """Write the current answers to the file; a failure is reported in the quiz, not raised."""
        answers = self.answers
        try:
            save_answers(self.answers_path, answers)
        except OSError as err:
            self._say(
                f"Your answers could not be saved to <code>{html.escape(str(self.answers_path))}</code> "
                f"({html.escape(err.strerror or str(err))}). They are kept only until the kernel stops."
            )
            return False
        self._say(
            f"Saved {len(answers)} of {len(self.views)} answers in "
            f"<code>{html.escape(self.answers_path.name)}</code>."
        )
        return True

    def _say(self, message: str) -> None:
        self.status.value = f"<p>{message}</p>" if message else ""

    # ----------------------------------------------------------------- checking

    def check(self) -> int:
        """Show a verdict in words under each question and the total; returns the number right."""
        right = 0
        for view in self.views:
            question, chosen = view.question, view.choices.value
            if chosen is None:
                view.feedback.value = (
                    "<b>Not answered yet.</b> Choose an option, then press <b>Check answers</b> again."
                )
            elif chosen == question.answer:
                right += 1
                view.feedback.value = f"&#10004; <b>Correct.</b> {_inline(question.explanation)}"
            else:
                option = question.option(chosen)
                hint = option.feedback if option and option.feedback else ""
                lesson = self.data.lessons.get(question.lesson, "")
                view.feedback.value = (
                    f"&#10008; <b>Not quite.</b> {_inline(hint)} "
                    f"Lesson {question.lesson}{' (' + html.escape(lesson) + ')' if lesson else ''} covers this; "
                    "choose again and check."
                )
        self._last_score = score_text(right, len(self.views), self.data.pass_percent)
        self.total.value = f"<b>Score: {self._last_score}</b>"
        return right
