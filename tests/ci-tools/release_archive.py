"""Builds one release archive here, in the layout the release workflow publishes, so that CI
can install it the way users do.

    dist manifest --artifacts=all --output-format=json --no-local-paths |
        python release_archive.py TARGET BINARY OUT_DIR

The archive's name, format and contents come from dist's own plan of the release (the JSON
on standard input), not from this file: the archive gets the binary given (this machine's
build) and the other files the plan names, in a folder named like the archive for a .tar.gz,
at the top for a .zip, with a .sha256 file beside it as dist writes it. It also checks that
the binstall metadata in Cargo.toml names every archive in the plan and the binary's place in
it, and prints the archive's path.
"""

import hashlib
import json
import shutil
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SUFFIXES = {".tar.gz": "tgz", ".zip": "zip"}


def archive_suffix(name):
    for suffix in SUFFIXES:
        if name.endswith(suffix):
            return suffix
    sys.exit(f"release_archive: {name} is neither .tar.gz nor .zip")


def check_binstall(package, archives):
    """Every archive in the plan must be where `cargo binstall` looks for it."""
    binstall = package["metadata"]["binstall"]
    for archive in archives:
        (target,) = archive["target_triples"]
        settings = dict(binstall)
        settings.update(binstall.get("overrides", {}).get(target, {}))
        suffix = archive_suffix(archive["name"])
        windows = "windows" in target
        values = {
            "repo": package["repository"],
            "version": package["version"],
            "name": package["name"],
            "target": target,
            "archive-suffix": suffix,
            "bin": "planalign",
            "binary-ext": ".exe" if windows else "",
        }

        def fill(template):
            for key, value in values.items():
                template = template.replace("{ " + key + " }", value)
            return template

        url = fill(settings["pkg-url"])
        expected = f"{package['repository']}/releases/download/v{package['version']}/{archive['name']}"
        if url != expected:
            sys.exit(f"release_archive: binstall looks for {url}, the release has {expected}")
        if settings["pkg-fmt"] != SUFFIXES[suffix]:
            sys.exit(f"release_archive: binstall expects {settings['pkg-fmt']} for {archive['name']}")
        executable = next(a["path"] for a in archive["assets"] if a["kind"] == "executable")
        inside = executable if suffix == ".zip" else f"{archive['name'][: -len(suffix)]}/{executable}"
        if fill(settings["bin-dir"]) != inside:
            sys.exit(f"release_archive: binstall looks for {fill(settings['bin-dir'])}, {archive['name']} holds {inside}")


def main():
    target, binary, out_dir = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    plan = json.load(sys.stdin)
    archives = [a for a in plan["artifacts"].values() if a["kind"] == "executable-zip"]
    package = tomllib.loads((ROOT / "Cargo.toml").read_text())["package"]
    check_binstall(package, archives)

    (archive,) = [a for a in archives if a["target_triples"] == [target]]
    name = archive["name"]
    suffix = archive_suffix(name)
    stage = out_dir / "stage" / name[: -len(suffix)]
    stage.mkdir(parents=True)
    for asset in archive["assets"]:
        source = binary if asset["kind"] == "executable" else ROOT / asset["path"]
        shutil.copy2(source, stage / asset["path"])
    path = out_dir / name
    if suffix == ".zip":
        with zipfile.ZipFile(path, "w") as zip_file:
            for file in sorted(stage.iterdir()):
                zip_file.write(file, file.name)
    else:
        with tarfile.open(path, "w:gz") as tar:
            tar.add(stage, arcname=stage.name)
    shutil.rmtree(out_dir / "stage")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    (out_dir / archive["checksum"]).write_text(f"{digest} *{name}\n")
    print(path)


main()
