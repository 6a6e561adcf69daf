"""The converter: seeds in, pages and problems out. Reads files; writes nothing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .model import Article, Page, Problem, SeedError
from .publishers import publisher_for, publisher_host
from .read import read_seed
from .render import ArticleContext, render_article
from .settings import Settings
from .slugs import article_slugs

SEED_SUFFIX = ".txt"


@dataclass(frozen=True)
class Conversion:
    articles: tuple[Article, ...]
    pages: tuple[Page, ...]
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")


def seed_files(seeds_dir: Path) -> list[Path]:
    """The seed files, in a stable order; hidden files and other kinds of file are not seeds."""
    if not seeds_dir.is_dir():
        return []
    return sorted(
        path
        for path in seeds_dir.rglob(f"*{SEED_SUFFIX}")
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(seeds_dir).parts)
    )


def read_articles(settings: Settings) -> tuple[list[Article], list[Problem]]:
    """Every seed that parses, and one problem for each that does not."""
    articles: list[Article] = []
    problems: list[Problem] = []
    for path in seed_files(settings.seeds_dir):
        try:
            articles.append(read_seed(path, settings.root))
        except SeedError as error:
            problems.append(error.problem)
    if not articles and not problems:
        problems.append(Problem(_relative(settings.seeds_dir, settings.root), None, f"no seed files (*{SEED_SUFFIX}) found"))
    return articles, problems


def drop_duplicates(articles: Iterable[Article]) -> tuple[list[Article], list[Problem]]:
    """Keep the first copy (by seed name) of each story: same original URL, or same text."""
    kept: list[Article] = []
    problems: list[Problem] = []
    by_url: dict[str, Article] = {}
    by_text: dict[str, Article] = {}
    for article in sorted(articles, key=lambda a: a.seed):
        original = by_url.get(article.original_url) or by_text.get(article.text_hash)
        if original is not None:
            same = "original URL" if original.original_url == article.original_url else "text"
            problems.append(
                Problem(article.seed, None, f"duplicate of {original.seed} (same {same}); remove one of the two files")
            )
            continue
        by_url[article.original_url] = article
        by_text[article.text_hash] = article
        kept.append(article)
    return kept, problems


def convert(settings: Settings) -> Conversion:
    """Read all seeds and render a page for each usable one."""
    articles, problems = read_articles(settings)
    articles, duplicates = drop_duplicates(articles)
    problems += duplicates
    slugs = article_slugs(articles)
    pages = []
    for article in articles:
        publisher = publisher_for(article.original_url, settings.publishers)
        if publisher is None:
            host = publisher_host(article.original_url)
            problems.append(
                Problem(
                    article.seed,
                    None,
                    f"no publisher is named for {host}; add '{host}: <name>' under the archive plugin's "
                    "publishers in mkdocs.yml (the host is shown meanwhile)",
                    "warning",
                )
            )
            publisher = host
        slug = slugs[article.seed]
        path = f"{article.date:%Y/%m}/{slug}.md"
        pages.append(Page(path, render_article(article, ArticleContext(publisher, slug)), article.seed))
    return Conversion(tuple(articles), tuple(pages), tuple(sorted(problems, key=_problem_order)))


def _problem_order(problem: Problem) -> tuple[str, int]:
    return (problem.path, problem.line or 0)


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
