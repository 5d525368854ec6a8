"""Runs the shell steps of planalign's GitHub Action, or of a GitLab job, on this machine as
the CI service would, so that CI tries them for real (GitHub's and GitLab's runners cannot run
here).

    python run_ci_steps.py action ACTION_YML RUNNER_TEMP NAME=VALUE...
    python run_ci_steps.py gitlab GITLAB_CI_YML JOB NAME=VALUE...

For the Action, NAME=VALUE are its inputs; each `run` step runs with bash as a GitHub runner
runs it (`bash -e -o pipefail`), with GITHUB_ACTION_PATH, RUNNER_TEMP, GITHUB_PATH,
GITHUB_OUTPUT and GITHUB_STEP_SUMMARY (RUNNER_TEMP/summary.md) set, the folders written to
GITHUB_PATH put first on the PATH of later steps, and `${{ inputs.X }}`,
`${{ runner.temp }}` and `${{ steps.ID.outputs.X }}` filled in. A `uses` step (the code
scanning upload) is named and skipped: it needs GitHub. Any other expression stops the run, so
that nothing is quietly left out. For a GitLab job, NAME=VALUE replace its variables, and its
before_script and script run in one `sh -e`, as GitLab runs them, with CI_PROJECT_DIR the
current folder.
"""

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def fill(text, context):
    def value(match):
        name = match.group(1)
        if name not in context:
            sys.exit(f"run_ci_steps: cannot fill in ${{{{ {name} }}}}")
        return context[name]

    return EXPRESSION.sub(value, str(text))


def run_action(action_yml, runner_temp, inputs):
    action = yaml.safe_load(Path(action_yml).read_text())
    temp = Path(runner_temp)
    temp.mkdir(parents=True, exist_ok=True)
    context = {"runner.temp": str(temp)}
    for name, spec in action.get("inputs", {}).items():
        if name in inputs:
            context[f"inputs.{name}"] = inputs.pop(name)
        elif spec.get("required"):
            sys.exit(f"run_ci_steps: the input {name} is required")
        else:
            context[f"inputs.{name}"] = str(spec.get("default", ""))
    if inputs:
        sys.exit(f"run_ci_steps: the Action has no inputs {sorted(inputs)}")
    github_path = temp / "github_path"
    github_path.touch()
    env = dict(os.environ)
    env.update(
        GITHUB_ACTION_PATH=str(Path(action_yml).resolve().parent),
        RUNNER_TEMP=str(temp),
        GITHUB_PATH=str(github_path),
        GITHUB_STEP_SUMMARY=str(temp / "summary.md"),
    )
    for step in action["runs"]["steps"]:
        name = step.get("name", step.get("id", "a step"))
        if "uses" in step:
            print(f"run_ci_steps: skipped `{name}` ({step['uses']} needs GitHub)")
            continue
        if "if" in step:
            sys.exit(f"run_ci_steps: `{name}` has a condition, which this runner does not read")
        if step.get("shell") != "bash":
            sys.exit(f"run_ci_steps: `{name}` must give shell: bash")
        output = temp / f"output-{len(list(temp.glob('output-*')))}"
        output.touch()
        step_env = dict(env, GITHUB_OUTPUT=str(output))
        step_env.update({k: fill(v, context) for k, v in step.get("env", {}).items()})
        added = [line for line in github_path.read_text().splitlines() if line]
        step_env["PATH"] = os.pathsep.join([*reversed(added), env["PATH"]])
        print(f"run_ci_steps: `{name}`", flush=True)
        with tempfile.NamedTemporaryFile("w", suffix=".sh", delete=False) as script:
            script.write(fill(step["run"], context))
        done = subprocess.run(["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", script.name], env=step_env)
        if done.returncode != 0:
            sys.exit(f"run_ci_steps: `{name}` exited with {done.returncode}")
        for line in output.read_text().splitlines():
            key, _, value = line.partition("=")
            context[f"steps.{step.get('id')}.outputs.{key}"] = value


def run_gitlab(gitlab_ci_yml, job_name, variables):
    job = yaml.safe_load(Path(gitlab_ci_yml).read_text())[job_name]
    env = dict(os.environ, CI_PROJECT_DIR=os.getcwd())
    env.update({k: str(v) for k, v in job.get("variables", {}).items()})
    env.update(variables)
    lines = [*job.get("before_script", []), *job["script"]]
    done = subprocess.run(["sh", "-e", "-x", "-c", "\n".join(lines)], env=env)
    if done.returncode != 0:
        sys.exit(f"run_ci_steps: the GitLab job {job_name} exited with {done.returncode}")


def main():
    kind, file, where, *pairs = sys.argv[1:]
    values = dict(pair.split("=", 1) for pair in pairs)
    if kind == "action":
        run_action(file, where, values)
    else:
        run_gitlab(file, where, values)


main()
