"""load_settings reads mkdocs.yml as `mkdocs build` does, without MkDocs' whole load_config:
the same Settings from every form of the file MkDocs accepts, and an error naming the file for
each one it rejects in what the converter reads."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from conftest import REPO, run_archive
from reading_archive.settings import Settings, SettingsError, load_settings, settings_for

CONFIG = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
ARCHIVE_BLOCK = re.search(r"^  - archive:\n(?:      .*\n|\s*#.*\n)+", CONFIG, re.M).group(0)  # type: ignore[union-attr]


def site(tmp_path: Path, text: str, **files: str) -> Path:
    """A folder with an mkdocs.yml of `text`, the folders it names, and `files` beside it."""
    for folder in ("content", "overrides", "seeds", "glossary"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    return config


def by_mkdocs(config_file: Path) -> Settings:
    """The settings as the plugin gets them in a build: MkDocs' whole load_config."""
    config = load_config(str(config_file))
    return settings_for(config.plugins["archive"].config, config)  # type: ignore[attr-defined]


def with_plugins(text: str, config: str = CONFIG) -> str:
    """The repo's mkdocs.yml with `text` as its plugins section."""
    return re.sub(r"^plugins:\n.*?\n\n", lambda _: text + "\n", config, count=1, flags=re.M | re.S)


def test_the_archive_block_is_found() -> None:
    assert ARCHIVE_BLOCK.count("\n") > 10 and "publishers:" in ARCHIVE_BLOCK
    assert "- archive" not in with_plugins(
        "plugins:\n  - search\n"
    ) and "markdown_extensions" in with_plugins("")


DICT_FORM = "plugins:\n" + re.sub(
    r"^  ", "", ARCHIVE_BLOCK.replace("  - archive:", "  archive:"), flags=re.M
).replace("archive:", "  archive:", 1)

ACCEPTED = {
    "the repo's": CONFIG,
    "plugins as a mapping": with_plugins(DICT_FORM),
    "plugins as a mapping, with the plugin's options empty": with_plugins(
        "plugins:\n  search:\n  archive:\n"
    ),
    "the plugin without options": with_plugins("plugins:\n  - archive\n  - search\n"),
    "the plugin named /archive": CONFIG.replace("  - archive:\n", "  - /archive:\n"),
    "the plugin disabled": CONFIG.replace("enabled: !ENV [ARCHIVE_PLUGIN, true]", "enabled: false"),
    "a site_url": CONFIG.replace(
        "site_url: !ENV [SITE_URL]", "site_url: https://example.org/archive"
    ),
    "use_directory_urls: false": CONFIG + "use_directory_urls: false\n",
    "docs_dir from !ENV with a default": CONFIG.replace(
        "docs_dir: content", "docs_dir: !ENV [ARCHIVE_TEST_DOCS, content]"
    ),
    "!relative in a Markdown extension": CONFIG.replace(
        "      permalink: true", "      permalink: true\n      title: !relative $config_dir"
    ),
    "an unknown setting": CONFIG + "colour: blue\n",
    "other options": CONFIG.replace(
        "      link_every_mention: false",
        "      link_every_mention: true\n      cache_dir: elsewhere",
    )
    .replace("k: 5", "k: 3")
    .replace("w_text: 0.8", "w_text: 1"),
}


@pytest.mark.parametrize("text", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_same_settings_as_mkdocs(tmp_path: Path, text: str) -> None:
    config = site(tmp_path, text)
    settings = load_settings(config)
    assert settings == by_mkdocs(config)
    assert settings.root == tmp_path.resolve() and settings.docs_dir == tmp_path / "content"


def test_site_url_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = site(tmp_path, CONFIG)
    assert load_settings(config).site_url == ""
    monkeypatch.setenv("SITE_URL", "https://example.org/archive")
    settings = load_settings(config)
    assert settings.site_url == "https://example.org/archive/"  # MkDocs' URL option adds the slash
    assert settings == by_mkdocs(config)


def test_absolute_docs_dir_and_a_relative_config_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = tmp_path / "elsewhere"
    docs.mkdir()
    config = site(tmp_path / "project", CONFIG.replace("docs_dir: content", f"docs_dir: {docs}"))
    monkeypatch.chdir(tmp_path)
    settings = load_settings(Path("project/mkdocs.yml"))
    assert settings == by_mkdocs(Path("project/mkdocs.yml")) == by_mkdocs(config)
    assert settings.docs_dir == docs


@pytest.mark.parametrize("form", ["list", "mapping"])
def test_inherit(tmp_path: Path, form: str) -> None:
    """INHERIT: the parent's settings, with the child's merged over them as MkDocs merges them
    (a list replaces the parent's, a mapping is merged key by key)."""
    parent = CONFIG if form == "list" else with_plugins(DICT_FORM)
    plugins = (
        "  - archive:\n      listing_page_size: 7\n"
        if form == "list"
        else "  archive:\n    listing_page_size: 7\n"
    )
    child = f"INHERIT: base.yml\nsite_url: https://example.org/child/\nplugins:\n{plugins}"
    config = site(tmp_path, child, **{"base.yml": parent})
    settings = load_settings(config)
    assert settings == by_mkdocs(config)
    assert settings.listing_page_size == 7 and settings.site_url == "https://example.org/child/"
    assert settings.publishers.get("reuters.com") == (None if form == "list" else "Reuters")


def test_an_unknown_option_is_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    config = site(
        tmp_path,
        CONFIG.replace("      seeds_dir: seeds\n", "      seeds_dir: seeds\n      colour: blue\n"),
    )
    with caplog.at_level(logging.WARNING):
        settings = load_settings(config)
    assert settings == by_mkdocs(config)
    assert (
        f"{config}: warning: Config value 'plugins': Plugin 'archive' option 'colour': "
        "Unrecognised configuration name: colour" in caplog.messages
    )


REJECTED = {
    "an option of the wrong type": CONFIG.replace(
        "listing_page_size: 50", "listing_page_size: fifty"
    ),
    "a search that is not a choice": CONFIG.replace("search: pagefind", "search: lunr"),
    "a related weight of the wrong type": CONFIG.replace("k: 5", "k: five"),
    "the plugin's options not a mapping": CONFIG.replace(
        "  - archive:\n", "  - archive: 3\n  - unused:\n"
    ),
    "plugins not a list": with_plugins("plugins: 3\n"),
    "a missing docs_dir": CONFIG.replace("docs_dir: content", "docs_dir: nowhere"),
    "docs_dir the config's folder": CONFIG.replace("docs_dir: content", "docs_dir: ."),
    "a site_url without a scheme": CONFIG.replace(
        "site_url: !ENV [SITE_URL]", "site_url: example.org/archive/"
    ),
    "use_directory_urls not a boolean": CONFIG + "use_directory_urls: maybe\n",
    "an unknown setting in strict mode": CONFIG.replace(
        "strict: false", "strict: true\ncolour: blue"
    ),
    "an unknown option in strict mode": CONFIG.replace(
        "seeds_dir: seeds", "seeds_dir: seeds\n      colour: blue"
    ).replace("strict: false", "strict: true"),
}


@pytest.mark.parametrize("text", REJECTED.values(), ids=REJECTED.keys())
def test_rejected_as_mkdocs_rejects(
    tmp_path: Path, text: str, caplog: pytest.LogCaptureFixture
) -> None:
    config = site(tmp_path, text)
    with caplog.at_level(logging.WARNING, logger="mkdocs"), pytest.raises(Abort):
        load_config(str(config))
    mkdocs_says = [
        record.getMessage() for record in caplog.records if record.name.startswith("mkdocs")
    ]
    with pytest.raises(SettingsError) as error:
        load_settings(config)
    for line in str(error.value).splitlines():
        assert line.startswith(f"{config}: ")
        message = line.removeprefix(f"{config}: ")
        assert message in mkdocs_says or message.startswith(
            "Aborted with 1 configuration warnings in 'strict' mode"
        ), mkdocs_says


@pytest.mark.parametrize(
    ("replace", "by", "message"),
    [
        (
            "articles_dir: articles",
            "articles_dir: ../outside",
            "archive: articles_dir must be a folder inside docs_dir, not '../outside'",
        ),
        (
            "listing_page_size: 50",
            "listing_page_size: 0",
            "archive: listing_page_size must be at least 1, not 0",
        ),
    ],
)
def test_the_plugin_own_checks(tmp_path: Path, replace: str, by: str, message: str) -> None:
    config = site(tmp_path, CONFIG.replace(replace, by))
    with pytest.raises(PluginError, match=re.escape(message)):
        by_mkdocs(config)
    with pytest.raises(SettingsError) as error:
        load_settings(config)
    assert str(error.value) == f"{config}: {message}"


@pytest.mark.parametrize(
    ("text", "files", "message"),
    [
        (
            CONFIG.replace("docs_dir: content", "docs_dir: [content"),
            {},
            "MkDocs encountered an error parsing the configuration file: ",
        ),
        ("INHERIT: nowhere.yml\n", {}, "Inherited config file 'nowhere.yml' does not exist at "),
        (
            "- a list\n",
            {},
            "The configuration is invalid. Expected a key-value mapping (dict) but received: "
            "<class 'list'>",
        ),
    ],
    ids=["not YAML", "a missing INHERIT file", "not a mapping"],
)
def test_a_file_mkdocs_cannot_read(
    tmp_path: Path, text: str, files: dict[str, str], message: str
) -> None:
    config = site(tmp_path, text, **files)
    with pytest.raises(ConfigurationError) as by_mkdocs_error:
        load_config(str(config))
    with pytest.raises(SettingsError) as error:
        load_settings(config)
    assert str(error.value) == f"{config}: {by_mkdocs_error.value}"
    assert message in str(error.value)


@pytest.mark.parametrize(
    "plugins",
    ["plugins:\n  - search\n", "plugins: []\n", "plugins:\n", ""],
    ids=["another plugin", "none", "empty", "no plugins"],
)
def test_without_the_archive_plugin(tmp_path: Path, plugins: str) -> None:
    config = site(tmp_path, with_plugins(plugins))
    assert "archive" not in load_config(str(config)).plugins
    with pytest.raises(
        SettingsError,
        match=re.escape(f"{config}: the 'archive' plugin is not listed under plugins:"),
    ):
        load_settings(config)


def test_what_only_mkdocs_reads_is_left_to_mkdocs(tmp_path: Path) -> None:
    """The theme, the navigation, other plugins, Markdown extensions: `mkdocs build` checks them."""
    text = CONFIG.replace("  - md_in_html\n", "  - no_such_extension\n").replace(
        "  - archive:\n", "  - no-such-plugin\n  - archive:\n"
    )
    config = site(tmp_path, text, **{"fine.yml": CONFIG})
    (tmp_path / "overrides").rmdir()  # the theme's custom_dir
    with pytest.raises(Abort):
        load_config(str(config))
    assert load_settings(config) == load_settings(tmp_path / "fine.yml")


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(
        SettingsError,
        match=re.escape(
            f"{tmp_path / 'mkdocs.yml'}: cannot read the file: No such file or directory"
        ),
    ):
        load_settings(tmp_path / "mkdocs.yml")


def test_the_command_names_the_file_and_the_problem(tmp_path: Path) -> None:
    config = site(tmp_path, CONFIG.replace("listing_page_size: 50", "listing_page_size: fifty"))
    result = run_archive(tmp_path, "convert")
    assert result.returncode == 2
    assert result.stderr == (
        f"archive: {config}: Config value 'plugins': Plugin 'archive' option 'listing_page_size': "
        "Expected type: <class 'int'> but received: <class 'str'>\n"
    )
    assert not (tmp_path / "content" / "articles").exists()


def test_a_warning_is_one_line_whatever_the_file_is_called(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "site:1: error: x"
    folder.mkdir()
    config = site(
        folder,
        CONFIG.replace("      seeds_dir: seeds\n", "      seeds_dir: seeds\n      colour: blue\n"),
    )
    with caplog.at_level(logging.WARNING):
        load_settings(config)
    expected = f"\"{config}\": warning: Config value 'plugins': Plugin 'archive' option 'colour': "
    assert [m for m in caplog.messages if m.startswith(expected)], caplog.messages
