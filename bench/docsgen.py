"""A benchmark site shaped like real framework documentation (issue 16), beside `sitegen`'s generated prose.

The pages are what Material sites of LLM frameworks are made of: prose that
uses the glossary's terms (and the words that trip a matcher: "access token",
"Pydantic AI", `dspy.Tool`), admonitions and collapsible blocks with titles,
tables with headers, content tabs, and code blocks with a line anchor on
every line (``pymdownx.highlight`` with ``anchor_linenums``), some with
Material's code annotations; one page in ten has a code block of 600 lines,
as the API pages of such sites do. The theme is Material, with the
``pymdownx`` extensions those sites use. The same seed gives the same site.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import yaml
from sitegen import Site

GENERATOR_VERSION = 1
PAGES_PER_SECTION = 25
SECTIONS = ("learn", "tutorials", "api", "deep-dive")

# A glossary of the field's own terms, 49 of them as on the site of the issue.
TERMS: dict[str, dict[str, object]] = {
    "token": {"definition": "The unit of text a model reads.", "not_inside": ["access token", "OAuth token"]},
    "tokenizer": {"definition": "Splits text into tokens."},
    "prompt": {"definition": "The text given to a model."},
    "system prompt": {"definition": "Instructions given before the conversation."},
    "few-shot prompting": {"definition": "Prompting with worked examples."},
    "chain of thought": {"definition": "Reasoning written out step by step."},
    "large language model": {
        "definition": "A neural network trained on a large body of text.",
        "aliases": [{"name": "LLM", "case_sensitive": True}],
    },
    "language model": {"definition": "A model of the probability of text."},
    "embedding": {"definition": "A vector that stands for a piece of text."},
    "vector store": {"definition": "A database of embeddings."},
    "retrieval": {"definition": "Finding passages that answer a query."},
    "retrieval-augmented generation": {"definition": "Generation from retrieved passages.", "aliases": ["RAG"]},
    "AI agent": {"definition": "A model that calls tools in a loop.", "aliases": ["agent"]},
    "tool": {"definition": "A function an agent may call.", "not_inside": ["software tools"]},
    "tool call": {"definition": "A model's request to run a tool."},
    "function calling": {"definition": "Structured tool calls."},
    "structured output": {"definition": "Output that follows a schema."},
    "JSON schema": {"definition": "A description of the shape of JSON data."},
    "signature": {"definition": "The declared inputs and outputs of a module.", "only_on": ["learn/*", "api/*"]},
    "module": {"definition": "A composable unit of a program.", "only_on": ["learn/*", "api/*"]},
    "optimizer": {"definition": "Tunes prompts or weights against a metric."},
    "metric": {"definition": "A function that scores an output."},
    "evaluation": {"definition": "Measuring a program on a data set."},
    "LLM judge": {"definition": "A model that grades another model's answers."},
    "human-in-the-loop": {"definition": "A person approves each step."},
    "fine-tuning": {"definition": "Further training of a pretrained model."},
    "training": {"definition": "Fitting a model's weights to data."},
    "inference": {"definition": "Running a trained model."},
    "temperature": {"definition": "How random sampling is."},
    "sampling": {"definition": "Choosing the next token at random."},
    "context window": {"definition": "How many tokens a model reads at once."},
    "hallucination": {"definition": "A fluent but false output."},
    "guardrail": {"definition": "A check on a model's input or output."},
    "streaming": {"definition": "Sending output as it is produced."},
    "latency": {"definition": "Time until the answer."},
    "throughput": {"definition": "Answers per second."},
    "batch": {"definition": "Several requests at once."},
    "cache": {"definition": "Stored answers for repeated requests."},
    "trace": {"definition": "The record of one run."},
    "span": {"definition": "One step of a trace."},
    "observability": {"definition": "Seeing what a program does."},
    "dependency injection": {"definition": "Handing a function what it needs."},
    "validator": {"definition": "Checks a value against a type."},
    "dataset": {"definition": "Examples to train or evaluate on."},
    "example": {"definition": "One input with its expected output."},
    "teleprompter": {"definition": "An older name of an optimizer."},
    "program": {"definition": "Modules composed to solve a task."},
    "adapter": {"definition": "Turns a signature into a prompt."},
    "MCP": {"definition": "The Model Context Protocol.", "case_sensitive": True},
}
GLOBAL_NOT_INSIDE = ["Pydantic AI", "Pydantic Evals"]

PROSE = (
    "A {t} is what the framework builds on, and most pages come back to it.",
    "When the {t} changes, the {u} changes with it; the tests say by how much.",
    "Before you deploy, check the {t} against the {u} on a small dataset.",
    "Set an access token in the environment; the OAuth token of the CI is read the same way.",
    "Pydantic AI agents and Pydantic Evals share this {t}.",
    "Import `dspy.Tool` or call dspy.Predict directly; pydantic_ai.mcp.MCPToolset wraps the {t}.",
    "Keep a human in the loop while the {t} is new, and log each tool-call.",
    "An LLM-judge grades the JSON-schema of each answer, and sub-LLMs draft it.",
    "We use the usual software tools to measure the {t}, then the {u}.",
    "See the section on the {t} for the details, and the reference for the {u}.",
    "The {t} is cheap, but the {u} is where the latency goes.",
    "Each {t} is logged in the trace, with one span per step.",
)
CODE_LINES = (
    "import dspy",
    "from pydantic_ai import Agent",
    "lm = dspy.LM('openai/gpt-4o-mini', temperature=0.2)",
    "agent = Agent('openai:gpt-4o', system_prompt='Be brief.')",
    "class QA(dspy.Signature):",
    '    """Answer the question in one sentence."""',
    "    question: str = dspy.InputField()",
    "    answer: str = dspy.OutputField()",
    "result = agent.run_sync('What is a token?')  # (1)!",
    "for token in stream:",
    "    print(token, end='')",
    "program = dspy.ChainOfThought(QA)",
    "optimizer = dspy.MIPROv2(metric=exact_match)",
    "tools = [search, fetch]",
)


def _sentence(rng: random.Random, terms: list[str]) -> str:
    template = rng.choice(PROSE)
    return template.format(t=rng.choice(terms), u=rng.choice(terms))


def _paragraph(rng: random.Random, terms: list[str]) -> str:
    return " ".join(_sentence(rng, terms) for _ in range(rng.randint(3, 6)))


def _code(rng: random.Random, lines: int, annotate: bool) -> str:
    body = [rng.choice(CODE_LINES) for _ in range(lines)]
    if annotate:
        body[0] = "result = agent.run_sync('What is a token?')  # (1)!"
    fence = '```python linenums="1"\n' + "\n".join(body) + "\n```\n"
    if annotate:
        fence += "\n1. The agent sends the prompt and returns the answer as a token stream.\n"
    return fence


def _table(rng: random.Random, terms: list[str]) -> str:
    rows = ["| Signature | Token | Description |", "| --- | --- | --- |"]
    for _ in range(rng.randint(3, 8)):
        rows.append(f"| `f(x: {rng.choice(('int', 'str'))})` | {rng.choice(terms)} | {_sentence(rng, terms)} |")
    return "\n".join(rows) + "\n"


def _tabs(rng: random.Random, terms: list[str]) -> str:
    parts = []
    for label in ("Python", "Tool call", "Token stream"):
        parts.append(f'=== "{label}"\n\n')
        parts.append("    " + _code(rng, rng.randint(5, 15), False).replace("\n", "\n    ").rstrip() + "\n\n")
        parts.append("    " + _sentence(rng, terms) + "\n\n")
    return "".join(parts)


def _admonition(rng: random.Random, terms: list[str]) -> str:
    kind = rng.choice(("note", "tip", "warning"))
    marker = rng.choice(("!!!", "???"))
    title = f"About the {rng.choice(terms)}"
    return f'{marker} {kind} "{title}"\n\n    {_paragraph(rng, terms)}\n'


def make_page(number: int, seed: int) -> tuple[str, str]:
    """The path and Markdown of page `number`."""
    rng = random.Random(f"{seed}-{number}")
    section = SECTIONS[(number // PAGES_PER_SECTION) % len(SECTIONS)]
    path = f"{section}/page-{number:04d}.md"
    terms = rng.sample(sorted(TERMS), 8)
    blocks = [f"# Page {number}: the {terms[0]}\n", _paragraph(rng, terms) + "\n"]
    for index in range(5):
        blocks.append(f"## The {terms[index % len(terms)]} in practice\n")
        blocks.append(_paragraph(rng, terms) + "\n")
        blocks.append(_admonition(rng, terms))
        blocks.append(_code(rng, rng.randint(10, 40), annotate=index == 1))
        if index % 2 == 0:
            blocks.append(_table(rng, terms))
        if index == 3:
            blocks.append(_tabs(rng, terms))
    if number % 10 == 0:  # an API page: one long listing
        blocks.append("## Full source\n")
        blocks.append(_code(rng, 600, annotate=False))
    return path, "\n".join(blocks)


def _mkdocs_yml(variant: str) -> str:
    config = {
        "site_name": f"Docs benchmark ({variant})",
        "docs_dir": "docs",
        "site_dir": f"site-{variant}",
        "theme": {"name": "material", "features": ["content.code.annotate", "content.tabs.link"]},
        "markdown_extensions": [
            "admonition",
            "attr_list",
            "md_in_html",
            "tables",
            "pymdownx.details",
            "pymdownx.superfences",
            "pymdownx.inlinehilite",
            {"pymdownx.highlight": {"anchor_linenums": True, "line_spans": "__span", "pygments_lang_class": True}},
            {"pymdownx.tabbed": {"alternate_style": True}},
            {"toc": {"permalink": True}},
        ],
        "plugins": ["search", "glossary"] if variant == "glossary" else ["search"],
    }
    return yaml.safe_dump(config, sort_keys=False)


def glossary_yaml() -> str:
    return yaml.safe_dump({"not_inside": GLOBAL_NOT_INSIDE, "terms": TERMS}, sort_keys=False, allow_unicode=True)


def generate_docs_site(out: Path, pages: int, seed: int) -> Site:
    """Write the site (unless an identical one is already there) and return where it is."""
    root = out / f"docs-n{pages}-s{seed}"
    stamp_data = {"version": GENERATOR_VERSION, "pages": pages, "seed": seed}
    stamp = root / "stamp.json"
    configs = {variant: root / f"mkdocs-{variant}.yml" for variant in ("plain", "glossary")}
    if stamp.exists() and json.loads(stamp.read_text()) == stamp_data:
        return Site(root, pages, len(TERMS), configs)
    if root.exists():
        shutil.rmtree(root)
    (root / "docs").mkdir(parents=True)
    (root / "glossary.yaml").write_text(glossary_yaml(), encoding="utf-8")
    (root / "docs" / "index.md").write_text("# Docs benchmark\n\nPages shaped like framework docs.\n", "utf-8")
    for number in range(pages):
        path, text = make_page(number, seed)
        target = root / "docs" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    for variant, config in configs.items():
        config.write_text(_mkdocs_yml(variant), encoding="utf-8")
    stamp.write_text(json.dumps(stamp_data))
    return Site(root, pages, len(TERMS), configs)
