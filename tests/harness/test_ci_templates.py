"""The CI templates in ci/: each passes its platform's schema (GitHub's and GitLab's workflow
schemas through check-jsonschema, Kubernetes' through kubernetes-validate, all offline), and
each walks shard K of N on N machines and merges them after, with options `walkthrough`
takes."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from walkthrough import cli
from walkthrough.session import ROOT

CI = ROOT / "ci"
GITHUB, GITLAB, K8S = CI / "github-actions.yml", CI / "gitlab-ci.yml", CI / "k8s-indexed-job.yaml"
BIN = Path(sys.executable).parent


def _lint(template: Path) -> subprocess.CompletedProcess[str]:
    if template.suffix == ".yaml":
        command = [str(BIN / "kubernetes-validate"), "--strict", str(template)]
    else:
        schema = "vendor.github-workflows" if "github" in template.name else "vendor.gitlab-ci"
        command = [str(BIN / "check-jsonschema"), "--builtin-schema", schema, str(template)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("template", [GITHUB, GITLAB, K8S], ids=lambda p: p.name)
def test_the_template_passes_its_linter(template: Path) -> None:
    done = _lint(template)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(("template", "mistake"), [
    (GITHUB, ("runs-on:", "runs_on:")),
    (GITLAB, ("when: always  # the verdict", "when: sometimes  # the verdict")),
    (K8S, ("completionMode: Indexed", "completionMod: Indexed")),
    (K8S, ("completions: 3", "completions: three")),
], ids=["github", "gitlab", "k8s-key", "k8s-value"])
def test_the_linter_finds_a_mistake(template: Path, mistake: tuple[str, str],
                                    tmp_path: Path) -> None:
    text = template.read_text(encoding="utf-8")
    assert mistake[0] in text
    broken = tmp_path / template.name
    broken.write_text(text.replace(mistake[0], mistake[1]), encoding="utf-8")
    assert _lint(broken).returncode != 0


def _parses(command: str, values: dict[str, str]) -> Any:
    """The `walkthrough` command a template runs, its variables filled, read by the real
    command-line parser."""
    for name, value in values.items():
        command = command.replace(name, value)
    words = shlex.split(command)
    start = next(i for i, w in enumerate(words) if w.endswith("walkthrough"))
    end = next((i for i, w in enumerate(words[start:], start) if w.endswith(";")), len(words))
    words = words[start + 1:end + 1]
    if words and words[-1].endswith(";"):
        words[-1] = words[-1][:-1]
    return cli._parser().parse_args(words)


def test_github_actions_walks_a_matrix_of_shards_then_merges() -> None:
    flow = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))
    total = int(flow["env"]["SHARDS"])
    shard_job, merge_job = flow["jobs"]["shard"], flow["jobs"]["merge"]
    assert shard_job["strategy"]["matrix"]["shard"] == list(range(1, total + 1))
    assert shard_job["strategy"]["fail-fast"] is False
    walk = next(s["run"] for s in shard_job["steps"] if "walkthrough run" in s.get("run", ""))
    for k in range(1, total + 1):
        args = _parses(walk, {"${{ matrix.shard }}": str(k), "${SHARDS}": str(total),
                              "${{ github.run_id }}": "7", "${{ github.run_attempt }}": "1",
                              "${{ github.sha }}": "abc"})
        assert (args.shard.index, args.shard.total) == (k, total)
        assert args.campaign == "7-1" and str(args.reports) == f"shard-{k}"
    upload = next(s for s in shard_job["steps"] if "upload-artifact" in s.get("uses", ""))
    assert upload["with"]["path"] == "shard-${{ matrix.shard }}"
    assert merge_job["needs"] == "shard" and "cancelled()" in merge_job["if"]
    download = next(s for s in merge_job["steps"] if "download-artifact" in s.get("uses", ""))
    pattern = download["with"]["pattern"]
    assert re.fullmatch(pattern.replace("*", ".*"), upload["with"]["name"].replace(
        "${{ matrix.shard }}", "2"))
    merge = next(s["run"] for s in merge_job["steps"] if "walkthrough merge" in s.get("run", ""))
    args = _parses(merge, {})
    assert args.command == "merge" and args.folders == [Path(download["with"]["path"]) /
                                                        pattern]


def test_gitlab_ci_walks_parallel_shards_then_merges() -> None:
    flow = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    walk, merge = flow["walk"], flow["merge"]
    total = walk["parallel"]
    assert isinstance(total, int) and total > 1
    assert flow["stages"].index(walk["stage"]) < flow["stages"].index(merge["stage"])
    command = " ".join(walk["script"])
    for k in range(1, total + 1):
        args = _parses(command, {"${CI_NODE_INDEX}": str(k), "${CI_NODE_TOTAL}": str(total),
                                 "${CI_PIPELINE_ID}": "42", "${CI_COMMIT_SHORT_SHA}": "abc"})
        assert (args.shard.index, args.shard.total) == (k, total)
        assert args.campaign == "42"
        assert any(str(args.reports).startswith(p.rstrip("/"))
                   for p in walk["artifacts"]["paths"])
    assert walk["artifacts"]["when"] == "always"
    assert merge["when"] == "always"
    assert merge["needs"] == [{"job": "walk", "artifacts": True}]
    args = _parses(" ".join(merge["script"]), {})
    assert args.command == "merge" and args.folders == [Path("shards/*")]


def test_the_kubernetes_indexed_job_walks_each_index_then_merges() -> None:
    documents = [d for d in yaml.safe_load_all(K8S.read_text(encoding="utf-8")) if d]
    jobs = {d["metadata"]["name"]: d for d in documents if d["kind"] == "Job"}
    shards_job, merge_job = jobs["walkthrough-shards"], jobs["walkthrough-merge"]
    spec = shards_job["spec"]
    assert spec["completionMode"] == "Indexed"
    total = spec["completions"]
    assert spec["parallelism"] == total
    container = spec["template"]["spec"]["containers"][0]
    env = {e["name"]: e for e in container["env"]}
    assert env["SHARDS"]["value"] == str(total)
    assert "controller-uid" in env["CAMPAIGN"]["valueFrom"]["fieldRef"]["fieldPath"]
    script = container["args"][0]
    assert "JOB_COMPLETION_INDEX + 1" in script
    for index in range(total):  # Kubernetes counts from 0, shards from 1
        k = index + 1
        command = script.replace("$((JOB_COMPLETION_INDEX + 1))", str(k)).replace(
            "$shard", str(k)).replace("$SHARDS", str(total)).replace("$CAMPAIGN", "uid")
        args = _parses(command, {})
        assert (args.shard.index, args.shard.total) == (k, total)
        assert str(args.reports) == f"/reports/shards/{k}"
    wait = merge_job["spec"]["template"]["spec"]["initContainers"][0]["command"]
    assert "--for=condition=complete" in wait and "job/walkthrough-shards" in wait
    merge = merge_job["spec"]["template"]["spec"]["containers"][0]
    args = _parses(merge["args"][0], {})
    assert args.command == "merge" and args.folders == [Path("/reports/shards/*")]
    claims = {v["persistentVolumeClaim"]["claimName"]
              for job in (shards_job, merge_job) for v in job["spec"]["template"]["spec"]
              ["volumes"]}
    assert claims == {d["metadata"]["name"] for d in documents
                      if d["kind"] == "PersistentVolumeClaim"}


def test_the_kubernetes_shard_passes_a_verdict_and_fails_on_a_broken_run(
        tmp_path: Path) -> None:
    """A shard below the target has walked (its pod succeeds, the verdict is merge's); a
    usage mistake or a broken environment fails the pod."""
    documents = [d for d in yaml.safe_load_all(K8S.read_text(encoding="utf-8")) if d]
    job = next(d for d in documents if d["metadata"]["name"] == "walkthrough-shards")
    script = job["spec"]["template"]["spec"]["containers"][0]["args"][0]
    fake = tmp_path / ".venv" / "bin" / "walkthrough"
    fake.parent.mkdir(parents=True)
    for code, pod in ((0, 0), (1, 0), (2, 2), (3, 3)):
        fake.write_text(f"#!/bin/sh\necho \"$@\" > {tmp_path}/args\nexit {code}\n")
        fake.chmod(0o755)
        done = subprocess.run(["/bin/bash", "-c", script], cwd=tmp_path, timeout=30,
                              env={"JOB_COMPLETION_INDEX": "1", "SHARDS": "3",
                                   "CAMPAIGN": "uid", "PATH": "/usr/bin:/bin"})
        assert done.returncode == pod, code
    assert (tmp_path / "args").read_text().split()[:3] == ["run", "--shard", "2/3"]
