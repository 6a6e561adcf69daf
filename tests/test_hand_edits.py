"""Hand edits of generated pages: refused with a pointer to where the change belongs, and
replaced by `archive convert --force` only after a backup outside the docs."""

from __future__ import annotations

from pathlib import Path

from conftest import SEED, run_archive

PAGE = "content/articles/2021/12/putin-says-russia-has-right-to-defend-its-security.md"
BACKUPS = ".cache/reading-archive/backups"
BACKUP = f"{BACKUPS}/articles/2021/12/putin-says-russia-has-right-to-defend-its-security.md.bak"
SIDECAR = "seeds/" + SEED.stem + ".yml"


def edit(path: Path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert old in text
    edited = text.replace(old, new)
    path.write_text(edited, encoding="utf-8")
    return edited


def test_refusal_says_to_move_the_change_into_the_sidecar(project: Path) -> None:
    assert run_archive(project, "convert").returncode == 0
    edited = edit(project / PAGE, "claims Moscow denies", "claims Moscow denied")
    result = run_archive(project, "convert")
    assert result.returncode == 1
    [message] = [line for line in result.stderr.splitlines() if line.startswith(PAGE)]
    assert message == (
        f"{PAGE}: error: was edited by hand, so it was not overwritten with the page generated "
        f"from seeds/{SEED.name}; move the change into the seed's sidecar file {SIDECAR} "
        "(corrections of the metadata, tags, summary, annotations) or, for the article text "
        f"itself, into seeds/{SEED.name}, then run `archive convert --force`, which copies this "
        f"page into {BACKUPS}/ and replaces it"
    )
    assert (project / PAGE).read_text(encoding="utf-8") == edited
    assert not (project / BACKUPS).exists()


def test_refusal_for_a_glossary_page_points_at_the_glossary_file(project: Path) -> None:
    assert run_archive(project, "convert").returncode == 0
    edit(project / "content/glossary/donbas.md", "Donbas", "Donbass")
    result = run_archive(project, "convert")
    assert result.returncode == 1
    [message] = [
        line for line in result.stderr.splitlines() if line.startswith("content/glossary/donbas.md")
    ]
    assert "move the change into glossary/donbas.md, then run `archive convert --force`" in message


def test_force_keeps_a_backup_outside_the_docs_then_replaces_the_page(project: Path) -> None:
    assert run_archive(project, "convert").returncode == 0
    generated = (project / PAGE).read_text(encoding="utf-8")

    first = edit(project / PAGE, "claims Moscow denies", "claims Moscow denied")
    result = run_archive(project, "convert", "--force")
    assert result.returncode == 0, result.stderr
    assert f"copied the hand-edited {PAGE} to {BACKUP}-1" in result.stdout.splitlines()
    assert f"wrote {PAGE}" in result.stdout.splitlines()
    assert (project / PAGE).read_text(encoding="utf-8") == generated
    assert (project / f"{BACKUP}-1").read_text(encoding="utf-8") == first

    # A second edit and --force: a second backup; the first is kept as it was.
    second = edit(project / PAGE, "criminal inaction", "criminal inactivity")
    result = run_archive(project, "convert", "--force")
    assert result.returncode == 0, result.stderr
    assert f"copied the hand-edited {PAGE} to {BACKUP}-2" in result.stdout.splitlines()
    assert (project / f"{BACKUP}-1").read_text(encoding="utf-8") == first
    assert (project / f"{BACKUP}-2").read_text(encoding="utf-8") == second
    assert (project / PAGE).read_text(encoding="utf-8") == generated
    # Nothing was left in the docs, where MkDocs would publish it.
    assert sorted(p.name for p in (project / PAGE).parent.iterdir()) == [
        "index.md",
        Path(PAGE).name,
    ]

    # With nothing edited, --force changes nothing.
    result = run_archive(project, "convert", "--force")
    assert (
        result.returncode == 0
        and "copied" not in result.stdout
        and f"wrote {PAGE}" not in result.stdout
    )


def test_force_leaves_files_people_wrote_among_the_pages(project: Path) -> None:
    notes = project / "content" / "articles" / "notes.md"
    notes.parent.mkdir(parents=True)
    notes.write_text("# My notes\n", encoding="utf-8")
    result = run_archive(project, "convert", "--force")
    assert result.returncode == 0, result.stderr
    assert notes.read_text(encoding="utf-8") == "# My notes\n"
    assert not (project / BACKUPS).exists()


def test_force_without_a_copy_is_never_a_replacement(project: Path) -> None:
    assert run_archive(project, "convert").returncode == 0
    edited = edit(project / PAGE, "claims Moscow denies", "claims Moscow denied")
    (project / ".cache" / "reading-archive").mkdir(parents=True, exist_ok=True)
    (project / BACKUPS).write_text("a file where the backup folder should be", encoding="utf-8")
    result = run_archive(project, "convert", "--force")
    assert result.returncode == 1
    [message] = [line for line in result.stderr.splitlines() if line.startswith(PAGE)]
    assert f"could not be copied into {BACKUPS}/, so it was not overwritten" in message
    assert (project / PAGE).read_text(encoding="utf-8") == edited
