"""The seed articles are untouched copies, each has exactly one gold file, and their origin is documented."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest


def _checksums(seeds_dir: Path) -> dict[str, str]:
    """``SHA256SUMS`` as {file name: hex digest}, in ``sha256sum`` format (``*`` marks binary mode)."""
    sums: dict[str, str] = {}
    for line in (seeds_dir / "SHA256SUMS").read_text(encoding="ascii").splitlines():
        if not line.strip():
            continue
        digest, name = line.split(maxsplit=1)
        name = name.lstrip("*")
        assert name not in sums, f"{name} listed twice in SHA256SUMS"
        assert len(digest) == 64 and all(c in "0123456789abcdef" for c in digest), line
        sums[name] = digest
    return sums


def _seed_ids(seeds_dir: Path) -> list[str]:
    return sorted(p.stem for p in seeds_dir.glob("*.txt"))


def test_there_are_seeds(seeds_dir: Path) -> None:
    assert len(_seed_ids(seeds_dir)) >= 5


def test_checksums_list_exactly_the_seed_files(seeds_dir: Path) -> None:
    listed = set(_checksums(seeds_dir))
    present = {p.name for p in seeds_dir.glob("*.txt")}
    assert listed == present, f"not in SHA256SUMS: {sorted(present - listed)}; missing files: {sorted(listed - present)}"


@pytest.mark.parametrize("name", sorted(_checksums(Path(__file__).resolve().parent.parent / "seeds")))
def test_seed_matches_its_checksum(seeds_dir: Path, name: str) -> None:
    digest = hashlib.sha256((seeds_dir / name).read_bytes()).hexdigest()
    assert digest == _checksums(seeds_dir)[name], f"seeds/{name} was modified: seeds are byte-for-byte copies"


def test_every_seed_has_a_gold_file_and_vice_versa(seeds_dir: Path, gold_dir: Path) -> None:
    seeds = set(_seed_ids(seeds_dir))
    gold = {p.stem for p in gold_dir.glob("*.yaml")}
    assert seeds - gold == set(), "seeds without gold"
    assert gold - seeds == set(), "gold without a seed"


def test_readme_documents_every_article(seeds_dir: Path) -> None:
    readme = seeds_dir / "README.md"
    assert readme.is_file(), "seeds/README.md is missing"
    text = readme.read_text(encoding="utf-8")
    missing = [i for i in _seed_ids(seeds_dir) if i not in text]
    assert missing == [], f"seeds/README.md does not mention {missing}"
    assert "SHA256SUMS" in text
    assert "byte-for-byte" in text
