// The header search with Pagefind, in a dialog like Material's (overrides/partials/pagefind-search.html).
//
// Pagefind's index lives in <site>/pagefind/ (tools/reading_archive/plugin/pagefind.py); a query
// loads only the chunks of its words, then the fragments of the results shown. Keys as in
// Material: "/", "s" or "f" opens the dialog, arrow keys move between the query and the results,
// Enter opens the focused (or first) result, Escape closes. Result text is Pagefind's copy of
// seed text: it is only ever inserted as text, never parsed into the page as markup.

const RESULTS_SHOWN = 20;
const DEBOUNCE_MS = 200;

const dialog = document.querySelector("[data-archive-search]");
const toggle = document.getElementById("__search");
const form = dialog.querySelector("form");
const input = dialog.querySelector(".archive-search__input");
const meta = dialog.querySelector(".archive-search__meta");
const list = dialog.querySelector(".archive-search__list");
const filterBox = dialog.querySelector(".archive-search__filters");
const selects = [...dialog.querySelectorAll("select[data-filter]")];
// The 404 page's base URL is "/" where the other pages' is relative (MkDocs, without site_url),
// so its root reads "//": a URL of no host. One slash is the root it means.
const siteRoot = new URL(dialog.dataset.siteRoot.replace(/^\/{2,}/, "/"), document.baseURI);

let pagefind = null;
let loading = null;
let latest = 0; // number of the latest key typed or search run; an older search that finishes later is dropped
let timer = 0;

function loadPagefind() {
  loading ??= (async () => {
    const bundle = new URL("pagefind/", siteRoot);
    const parts = fetch(new URL("archive-parts.json", bundle))
      .then((response) => (response.ok ? response.json() : []))
      .catch(() => []);
    const module = await import(new URL("pagefind.js", bundle).href);
    await module.options({ baseUrl: siteRoot.pathname, excerptLength: 30 });
    await module.init();
    // A large archive is indexed in parts (plugin/pagefind.py): each query searches them all.
    for (const part of await parts) {
      await module.mergeIndex(new URL(part, bundle).href, { baseUrl: siteRoot.pathname });
    }
    pagefind = module;
    await fillFilters();
    return module;
  })().catch((error) => {
    loading = null;
    meta.textContent = "Search is not available: its index is missing or cannot be loaded.";
    console.warn("archive search:", error);
  });
  return loading;
}

async function fillFilters() {
  const available = await pagefind.filters();
  for (const select of selects) {
    const counts = available[select.dataset.filter] || {};
    const values = Object.keys(counts).sort();
    if (select.dataset.filter === "year") values.reverse();
    for (const value of values) {
      select.append(new Option(`${value} (${counts[value]})`, value));
    }
  }
  filterBox.hidden = selects.every((select) => select.options.length <= 1);
}

function chosenFilters() {
  const filters = {};
  for (const select of selects) {
    if (select.value) filters[select.dataset.filter] = select.value;
  }
  return filters;
}

function open() {
  if (!toggle.checked) toggle.click(); // a click, so that Material sees the change as a reader's
  input.focus();
  input.select();
  loadPagefind();
}

function close() {
  if (toggle.checked) toggle.click();
  input.blur();
}

function schedule() {
  latest++; // a search still running is for an older query: its results are dropped
  list.setAttribute("aria-busy", "true");
  clearTimeout(timer);
  timer = setTimeout(search, DEBOUNCE_MS);
}

// The list is aria-busy from a key typed (or a filter chosen) until the results of the whole query show.
function settle(number) {
  if (number === latest) list.setAttribute("aria-busy", "false");
}

async function search() {
  const number = ++latest;
  list.setAttribute("aria-busy", "true");
  const query = input.value.trim();
  if (!query) {
    list.replaceChildren();
    meta.textContent = "Type to start searching";
    return settle(number);
  }
  await loadPagefind();
  if (!pagefind || number !== latest) return settle(number);
  const response = await pagefind.search(query, { filters: chosenFilters() });
  const shown = response.results.slice(0, RESULTS_SHOWN);
  const data = await Promise.all(shown.map((result) => result.data()));
  if (number !== latest) return;
  const count = response.results.length;
  meta.textContent =
    count === 0 ? "No matching articles" : count === 1 ? "1 matching article" : `${count.toLocaleString("en")} matching articles`;
  if (count > shown.length) meta.textContent += `, the first ${shown.length} shown`;
  list.replaceChildren(...data.map(resultItem));
  settle(number);
}

// A result as Material shows one (link, icon, title, date · publisher, excerpt), in the dialog's own classes.
function resultItem(data) {
  const item = element("li", "archive-search__item");
  const link = element("a", "archive-search__link");
  link.href = data.url;
  link.tabIndex = -1;
  const article = element("article", "archive-search__article");
  const icon = element("div", "archive-search__result-icon");
  const title = element("h1");
  title.textContent = data.meta.title || data.url;
  article.append(icon, title);
  const about = [data.meta.date, data.meta.publisher].filter(Boolean).join(" · ");
  if (about) {
    const line = element("p", "archive-search__about");
    line.textContent = about;
    article.append(line);
  }
  const excerpt = element("p");
  appendExcerpt(excerpt, data.excerpt);
  article.append(excerpt);
  link.append(article);
  item.append(link);
  return item;
}

// Pagefind's excerpt is HTML: escaped text with <mark> around the words found. Parsed in an inert
// document (no script runs, nothing loads); only its text and the marks are copied.
function appendExcerpt(target, excerpt) {
  const parsed = new DOMParser().parseFromString(excerpt, "text/html").body;
  for (const node of parsed.childNodes) {
    if (node.nodeName === "MARK") {
      target.append(element("mark"));
      target.lastChild.textContent = node.textContent;
    } else {
      target.append(document.createTextNode(node.textContent));
    }
  }
}

function element(name, className) {
  const created = document.createElement(name);
  if (className) created.className = className;
  return created;
}

function resultLinks() {
  return [...list.querySelectorAll(".archive-search__link")];
}

function isTyping(target) {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName));
}

document.addEventListener("keydown", (event) => {
  if (event.metaKey || event.ctrlKey || event.altKey) return;
  if (!toggle.checked) {
    if (["/", "s", "f"].includes(event.key) && !isTyping(event.target)) {
      event.preventDefault();
      open();
    }
    return;
  }
  const links = resultLinks();
  const at = links.indexOf(document.activeElement);
  if (event.key === "Escape") {
    event.preventDefault();
    close();
  } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    if (event.target instanceof HTMLSelectElement) return; // the select's own arrows
    event.preventDefault();
    const next = event.key === "ArrowDown" ? at + 1 : at - 1;
    if (next < 0 || links.length === 0) input.focus();
    else links[Math.min(next, links.length - 1)].focus();
  } else if (event.key === "Enter" && document.activeElement === input) {
    event.preventDefault();
    links[0]?.click();
  }
});

input.addEventListener("focus", open);
// The header's magnifier (a label of the toggle, on small screens) opens the dialog without the keyboard.
toggle.addEventListener("change", () => {
  if (toggle.checked) {
    input.focus();
    loadPagefind();
  }
});
input.addEventListener("input", schedule);
for (const select of selects) select.addEventListener("change", search);
form.addEventListener("submit", (event) => event.preventDefault());
form.addEventListener("reset", () => {
  input.value = "";
  search();
  input.focus();
});
// A result opens in place (Material's instant navigation may load it): the dialog closes.
list.addEventListener("click", (event) => {
  if (event.target.closest("a")) close();
});
