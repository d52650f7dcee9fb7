"""The course works for a learner in JupyterLab: cells run, plots and tables render, the quiz keeps its answers.

Each test opens one notebook of a temporary learner workspace in a real Chromium,
runs all its cells as Run > Run All Cells does, and looks at what the learner sees.
Screenshots are kept in test-artifacts/screenshots/.
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from .harness import SOURCE, WAIT_MS, open_notebook

pytestmark = pytest.mark.browser

PNG = "image/png"


def test_lesson02_runs_top_to_bottom_without_errors(lab):
    with open_notebook(lab, "02_webhook_payloads.ipynb") as nb:
        nb.run_all()
        assert not nb.errors(), f"cells raised in the browser: {nb.errors()}"
        assert not nb.stderr(), f"cells wrote to stderr: {nb.stderr()}"
        shown = nb.page.locator(".jp-OutputArea-output", has_text="evt_0001").first
        expect(shown).to_be_visible(timeout=WAIT_MS)
        nb.screenshot("lesson02_run_all.png", shown)


def _figure_cells(name: str) -> int:
    """Code cells of the source that draw a figure (a plotting helper or pyplot call)."""
    cells = json.loads((SOURCE / name).read_text(encoding="utf-8"))["cells"]
    drawing = re.compile(r"\bplot_\w+\(|\bplt\.(?:show|figure|subplots|plot)\(")
    return sum(1 for c in cells if c["cell_type"] == "code" and drawing.search("".join(c["source"])))


def test_lesson01_plots_render(lab):
    name = "01_push_vs_pull.ipynb"
    with open_notebook(lab, name) as nb:
        nb.run_all()
        assert not nb.errors(), f"cells raised in the browser: {nb.errors()}"
        expected = max(_figure_cells(name), 1)
        produced = nb.count_outputs_with(PNG)
        assert produced >= expected, f"the kernel sent {produced} PNG figures, the lesson draws {expected}"
        images = nb.page.locator(".jp-OutputArea-output img")
        expect(images.nth(produced - 1)).to_be_attached(timeout=WAIT_MS)
        assert images.count() >= produced, f"{images.count()} <img> in the page for {produced} figures"
        # Rendered means decoded with a real size, not only present in the DOM.
        nb.page.wait_for_function(
            """() => { const imgs = [...document.querySelectorAll('.jp-OutputArea-output img')];
                       return imgs.length > 0 && imgs.every(i => i.complete && i.naturalWidth > 100 && i.naturalHeight > 50); }""",
            timeout=WAIT_MS,
        )
        nb.screenshot("lesson01_plots.png", images.first)
        nb.screenshot("lesson01_plots_last.png", images.last)


def test_lesson06_sheet_table_renders(lab):
    with open_notebook(lab, "06_webhook_to_sheet.ipynb") as nb:
        nb.run_all()
        assert not nb.errors(), f"cells raised in the browser: {nb.errors()}"
        # The last such table is the event log after the pipeline ran (earlier ones are demos).
        table = nb.page.locator(".jp-OutputArea-output table").filter(
            has=nb.page.locator("th", has_text=re.compile(r"^\s*event_id\s*$"))
        ).last
        expect(table).to_be_visible(timeout=WAIT_MS)
        assert table.locator("tr").count() >= 2, "the sheet table shows its header but no event row"
        nb.screenshot("lesson06_sheet_table.png", table)


def _quiz_questions() -> list[dict]:
    return json.loads((SOURCE / "eventlab" / "quiz_questions.json").read_text(encoding="utf-8"))["questions"]


def _option_text(question: dict, option_id: str) -> str:
    return next(o["text"] for o in question["options"] if o["id"] == option_id)


def test_quiz_scores_and_restores_answers_after_a_restart(lab):
    questions = _quiz_questions()
    # Seven right answers and, for the last question, a wrong one.
    chosen = [_option_text(q, q["answer"]) for q in questions[:-1]]
    last = questions[-1]
    chosen.append(next(o["text"] for o in last["options"] if o["id"] != last["answer"]))
    assert len(questions) == 8, "the quiz has eight questions (COURSE_SPEC.md)"
    right = 7
    total = "7/8 (88%) - passed"

    with open_notebook(lab, "07_quiz.ipynb") as nb:
        page = nb.page
        json_before = {p.name for p in nb.file.parent.glob("*.json")}
        nb.run_all()
        assert not nb.errors(), f"cells raised in the browser: {nb.errors()}"

        def question_box(question):
            # The radio group whose options are this question's options (not relying on order).
            return page.locator(".widget-radio-box").filter(
                has=page.get_by_label(question["options"][0]["text"], exact=True)
            )

        for question, text in zip(questions, chosen):
            box = question_box(question)
            expect(box).to_have_count(1, timeout=WAIT_MS)
            box.get_by_label(text, exact=True).check()

        page.locator("button.jupyter-button", has_text="Check answers").click()
        # The total is a widget under the button (the notebook's markdown quotes it too).
        result = page.locator(".jp-OutputArea-output .widget-html").filter(has_text=total).first
        expect(result).to_be_visible(timeout=WAIT_MS)
        nb.screenshot("quiz_after_check.png", result)

        saved = {p.name for p in nb.file.parent.glob("*.json")} - json_before
        assert saved, "no answers file appeared next to the quiz notebook"

        nb.restart_kernel()
        nb.clear_outputs()
        expect(page.locator(".widget-radio-box")).to_have_count(0, timeout=WAIT_MS)
        nb.run_all()
        assert not nb.errors(), f"cells raised after the restart: {nb.errors()}"
        for question, text in zip(questions, chosen):
            box = question_box(question)
            expect(box).to_have_count(1, timeout=WAIT_MS)
            expect(box.get_by_label(text, exact=True)).to_be_checked(timeout=WAIT_MS)
        nb.screenshot("quiz_after_restart.png", question_box(questions[0]))

        # The grade cell scores the saved answers, not the widgets: it must agree.
        scored = [
            "".join(out["data"]["text/plain"])
            for cell in nb.model()["cells"]
            if cell["cell_type"] == "code" and "grade_saved_answers" in "".join(cell["source"])
            for out in cell.get("outputs", [])
            if out.get("output_type") == "execute_result"
        ]
        assert scored == [str(right)], f"the quiz's score cell shows {scored}, expected [{right!r}] points"
