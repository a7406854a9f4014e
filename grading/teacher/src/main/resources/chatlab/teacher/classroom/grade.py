#!/usr/bin/env python3
"""Chat Lab Kit: grades labs of a student's checkout with the kit's tests, test by test.

Written by the kit's `grading/release` (see grading/README.md in the teacher's kit). Two uses:

* Plain GitHub Actions (`.github/workflows/grade.yml` of the student edition):
      python3 .github/scripts/grade.py lab01-sockets lab02-single-client
  runs each lab's tests in student mode, writes a score table (to $GITHUB_STEP_SUMMARY when set)
  and exits 1 unless every lab has full marks.

* Classroom 50 per-assignment autograder (`CLASSROOM/autograders/ASSIGNMENT/autograder.py`, with
  kit.json and kit/ beside it): the runner starts it with the student's checkout as working
  folder. It first puts back the kit's own files (root pom, Maven wrapper, grading support, the
  lab's pom and public tests), so only the student's src/main counts, then grades the lab named in
  kit.json and writes Classroom 50's result.json (schema classroom50/result/v1) and
  release-body.md. Partial credit: one row per test, worth the test's @Points.

Points always come from kit.json (or, without it, from the lab's result.json): a test earns its
points only if it is known and PASSED, so no score goes above the maximum.

Only the Python standard library is used. Environment: CHATLAB_MAVEN_ARGS adds Maven options
(e.g. "-o" to run offline); CHATLAB_LAB_TIMEOUT is the limit for one lab's build (seconds).
"""

import datetime
import json
import os
import pathlib
import shutil
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
LAB_TIMEOUT = int(os.environ.get("CHATLAB_LAB_TIMEOUT", "600"))
REASON_LIMIT = 400
# The table's own words, in the language of the lab's result.json (the kit's grading.lang: an
# Italian edition writes "language": "it", and the tests' names and reasons are Italian too).
WORDS = {
    "en": {"points": "points", "result": "result", "test": "test", "pass": "PASS", "fail": "FAIL",
           "wrong": "What went wrong:", "not_run": "not run",
           "timeout": "the tests did not finish within %d s (something blocks or loops forever)",
           "no_test": "no test ran: does the code compile? See the build's output in the log"},
    "it": {"points": "punti", "result": "esito", "test": "test", "pass": "OK", "fail": "KO",
           "wrong": "Che cosa non va:", "not_run": "non eseguito",
           "timeout": "i test non sono terminati entro %d s (qualcosa si blocca o gira all'infinito)",
           "no_test": "nessun test eseguito: il codice compila? Guarda l'output della build nel log"},
}
# Files a student's checkout may hold but never decide: the kit's bundle copy replaces them.
KIT_OWNED = ("pom.xml", "mvnw", "mvnw.cmd", ".mvn", "grading/support")


def main(argv):
    manifest_file = HERE / "kit.json"
    checkout = pathlib.Path.cwd()
    if manifest_file.is_file():
        manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
        restore_kit(HERE / "kit", checkout, manifest["lab"])
        lab = grade_lab(checkout, manifest["lab"], manifest["tests"])
        write_classroom50(checkout, lab)
        print(table([lab]))
        return 0
    labs = [grade_lab(checkout, name, None) for name in argv]
    report = table(labs)
    print(report)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as out:
            out.write(report + "\n")
    return 0 if labs and all(lab["score"] == lab["max"] for lab in labs) else 1


def restore_kit(kit, checkout, lab_name):
    """Puts the kit's copy of every file that is not the student's work over the checkout."""
    for relative in KIT_OWNED + (lab_name + "/pom.xml", lab_name + "/src/test"):
        target = checkout / relative
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        elif target.exists() or target.is_symlink():
            target.unlink()
        source = kit / relative
        if source.is_dir():
            shutil.copytree(source, target)
        elif source.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    (checkout / "mvnw").chmod(0o755)


def grade_lab(checkout, lab_name, known_tests):
    """Runs one lab's tests in student mode and scores them from the kit's result.json."""
    # Build output committed to the repository (a result.json among it) must never be read back.
    for stale in (checkout / lab_name / "target", checkout / "grading" / "support" / "target"):
        shutil.rmtree(stale, ignore_errors=True)
    command = ["sh", "./mvnw", "-B", "-q", "-pl", lab_name, "-am", "test",
               # Pinned here, not in a pom: a student's pom edit cannot switch the scoring mode.
               "-Dgrading.mode=student"] + os.environ.get("CHATLAB_MAVEN_ARGS", "").split()
    print("grade.py: " + " ".join(command), flush=True)
    try:
        build = subprocess.run(command, cwd=checkout, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, timeout=LAB_TIMEOUT, check=False)
        output = build.stdout.decode("utf-8", errors="replace")
        problem = None
    except subprocess.TimeoutExpired as expired:
        output = (expired.stdout or b"").decode("utf-8", errors="replace")
        problem = "timeout"
    print(output, flush=True)
    result = read_json(checkout / lab_name / "target" / "grading" / "result.json")
    language = (result or {}).get("language") if (result or {}).get("language") in WORDS else edition_language(checkout)
    words = WORDS[language]
    ran = {test.get("id"): test for test in (result or {}).get("tests", []) if isinstance(test, dict)}
    if problem is None and not ran:
        problem = "no_test"
    if problem is not None:
        problem = words[problem] % LAB_TIMEOUT if problem == "timeout" else words[problem]
    tests = []
    for expected in known_tests if known_tests is not None else list(ran.values()):
        points = expected.get("points")
        if not isinstance(points, int) or points < 0:
            continue
        got = ran.get(expected.get("id"), {})
        passed = got.get("status") == "PASSED"
        row = {"id": expected.get("id"), "name": got.get("name") or expected.get("name") or expected.get("id"),
               "passed": passed, "score": points if passed else 0, "max": points}
        if not passed:
            row["reason"] = (got.get("reason") or problem or words["not_run"])[:REASON_LIMIT]
        if "step" in got or "step" in expected:
            row["step"] = got.get("step", expected.get("step"))
        tests.append(row)
    return {"lab": lab_name, "language": language, "tests": tests, "score": sum(t["score"] for t in tests),
            "max": sum(t["max"] for t in tests), "complete": bool(result and result.get("complete")),
            "problem": problem}


def edition_language(checkout):
    """The language the edition's root pom gives the feedback (grading.lang), "en" unless it says "it"."""
    try:
        pom = (checkout / "pom.xml").read_text(encoding="utf-8")
    except OSError:
        return "en"
    return "it" if "<grading.lang>it</grading.lang>" in pom else "en"


def read_json(path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def table(labs):
    """The score table in Markdown: one row per test, then the reason of each failure."""
    lines = []
    for lab in labs:
        words = WORDS[lab.get("language", "en")]
        lines += ["### %s: %d/%d %s" % (lab["lab"], lab["score"], lab["max"], words["points"]), ""]
        if lab["problem"]:
            lines += ["**%s**" % lab["problem"], ""]
        lines += ["| %s | %s | %s |" % (words["result"], words["points"], words["test"]), "|---|---:|---|"]
        for test in lab["tests"]:
            lines.append("| %s | %d/%d | %s |" % (words["pass"] if test["passed"] else words["fail"], test["score"],
                                                 test["max"], cell(test["name"])))
        failed = [test for test in lab["tests"] if not test["passed"]]
        if failed:
            lines += ["", words["wrong"], ""]
            lines += ["- **%s**: %s" % (cell(test["name"]), cell(test["reason"])) for test in failed]
        lines.append("")
    return "\n".join(lines)


def cell(text):
    return str(text).replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def write_classroom50(checkout, lab):
    """Classroom 50's result.json (schema classroom50/result/v1) and the Release's body."""
    env = os.environ
    tests = []
    for test in lab["tests"]:
        row = {"test-name": (lab["lab"] + ": " + test["name"])[:200], "passed": test["passed"],
               "score": test["score"], "max-score": test["max"], "id": test["id"]}
        if "step" in test:
            row["step"] = test["step"]
        if not test["passed"]:
            row["reason"] = test["reason"]
        tests.append(row)
    result = {
        "schema": "classroom50/result/v1",
        "classroom": env.get("CLASSROOM", ""),
        "assignment": env.get("ASSIGNMENT", ""),
        "submission": env.get("SUBMISSION_TAG", ""),
        "commit": env.get("COMMIT_URL", ""),
        "release": env.get("RELEASE_URL", ""),
        "review": env.get("REVIEW_URL") or env.get("COMMIT_URL", ""),
        "datetime": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "score": lab["score"],
        "max-score": lab["max"],
        "tests": tests,
    }
    (checkout / "result.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    (checkout / "release-body.md").write_text(table([lab]) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
