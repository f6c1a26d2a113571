"""The words the glossary puts on a page, in the page's language.

Built in for the languages of most translated documentation; a site may
override any label for any language (`labels:` in the config). A language
is named as the i18n plugin or the theme names it (``fr``, ``pt_BR``,
``zh-Hant``); the most specific name with built-in labels wins, then the
primary language, then English.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

RIGHT_TO_LEFT = frozenset({"ar", "fa", "he", "ur", "ps", "ckb", "yi", "dv", "sd", "ug"})


@dataclass(frozen=True)
class Labels:
    """Every label, with `{name}`, `{shown}` and `{total}` where the text takes them."""

    glossary: str
    glossary_index: str
    filter_glossary: str
    filter_terms: str
    see_also: str
    used_on: str
    also: str
    link_to: str
    not_in_glossary: str
    open_in_glossary: str
    no_match: str
    matches: str

    def link_to_term(self, name: str) -> str:
        return self.link_to.replace("{name}", name)

    def not_in_glossary_term(self, name: str) -> str:
        return self.not_in_glossary.replace("{name}", name)


LABEL_KEYS = tuple(field.name for field in fields(Labels))

BUILT_IN: dict[str, Labels] = {
    "en": Labels(
        glossary="Glossary",
        glossary_index="Glossary index",
        filter_glossary="Filter the glossary",
        filter_terms="Filter terms",
        see_also="See also",
        used_on="Used on",
        also="Also",
        link_to="Link to {name}",
        not_in_glossary="'{name}' is not in the glossary",
        open_in_glossary="Open in glossary",
        no_match="No term matches.",
        matches="{shown} of {total} terms",
    ),
    "fr": Labels(
        glossary="Glossaire",
        glossary_index="Index du glossaire",
        filter_glossary="Filtrer le glossaire",
        filter_terms="Filtrer les termes",
        see_also="Voir aussi",
        used_on="Employé dans",
        also="Aussi",
        link_to="Lien vers {name}",
        not_in_glossary="« {name} » n’est pas dans le glossaire",
        open_in_glossary="Ouvrir dans le glossaire",
        no_match="Aucun terme ne correspond.",
        matches="{shown} termes sur {total}",
    ),
    "de": Labels(
        glossary="Glossar",
        glossary_index="Glossar-Index",
        filter_glossary="Glossar filtern",
        filter_terms="Begriffe filtern",
        see_also="Siehe auch",
        used_on="Verwendet in",
        also="Auch",
        link_to="Link zu {name}",
        not_in_glossary="„{name}“ steht nicht im Glossar",
        open_in_glossary="Im Glossar öffnen",
        no_match="Kein Begriff passt.",
        matches="{shown} von {total} Begriffen",
    ),
    "es": Labels(
        glossary="Glosario",
        glossary_index="Índice del glosario",
        filter_glossary="Filtrar el glosario",
        filter_terms="Filtrar términos",
        see_also="Véase también",
        used_on="Se usa en",
        also="También",
        link_to="Enlace a {name}",
        not_in_glossary="«{name}» no está en el glosario",
        open_in_glossary="Abrir en el glosario",
        no_match="Ningún término coincide.",
        matches="{shown} de {total} términos",
    ),
    "pt": Labels(
        glossary="Glossário",
        glossary_index="Índice do glossário",
        filter_glossary="Filtrar o glossário",
        filter_terms="Filtrar termos",
        see_also="Veja também",
        used_on="Usado em",
        also="Também",
        link_to="Link para {name}",
        not_in_glossary="“{name}” não está no glossário",
        open_in_glossary="Abrir no glossário",
        no_match="Nenhum termo corresponde.",
        matches="{shown} de {total} termos",
    ),
    "zh": Labels(
        glossary="术语表",
        glossary_index="术语表索引",
        filter_glossary="筛选术语表",
        filter_terms="筛选术语",
        see_also="另请参阅",
        used_on="出现于",
        also="又称",
        link_to="链接到 {name}",
        not_in_glossary="“{name}”不在术语表中",
        open_in_glossary="在术语表中打开",
        no_match="没有匹配的术语。",
        matches="{shown} / {total} 个术语",
    ),
    "zh-hant": Labels(
        glossary="術語表",
        glossary_index="術語表索引",
        filter_glossary="篩選術語表",
        filter_terms="篩選術語",
        see_also="另請參閱",
        used_on="出現於",
        also="又稱",
        link_to="連結到 {name}",
        not_in_glossary="「{name}」不在術語表中",
        open_in_glossary="在術語表中開啟",
        no_match="沒有符合的術語。",
        matches="{shown} / {total} 個術語",
    ),
    "ja": Labels(
        glossary="用語集",
        glossary_index="用語集の索引",
        filter_glossary="用語集を絞り込む",
        filter_terms="用語を絞り込む",
        see_also="関連項目",
        used_on="使用箇所",
        also="別名",
        link_to="{name} へのリンク",
        not_in_glossary="「{name}」は用語集にありません",
        open_in_glossary="用語集で開く",
        no_match="一致する用語はありません。",
        matches="{total} 件中 {shown} 件",
    ),
    "ko": Labels(
        glossary="용어집",
        glossary_index="용어집 색인",
        filter_glossary="용어집 필터",
        filter_terms="용어 필터",
        see_also="참고",
        used_on="사용된 곳",
        also="다른 이름",
        link_to="{name} 링크",
        not_in_glossary="‘{name}’은(는) 용어집에 없습니다",
        open_in_glossary="용어집에서 열기",
        no_match="일치하는 용어가 없습니다.",
        matches="{total}개 중 {shown}개",
    ),
    "fa": Labels(
        glossary="واژه‌نامه",
        glossary_index="فهرست واژه‌نامه",
        filter_glossary="پالایش واژه‌نامه",
        filter_terms="پالایش واژه‌ها",
        see_also="همچنین ببینید",
        used_on="به کار رفته در",
        also="نام‌های دیگر",
        link_to="پیوند به {name}",
        not_in_glossary="«{name}» در واژه‌نامه نیست",
        open_in_glossary="باز کردن در واژه‌نامه",
        no_match="هیچ واژه‌ای پیدا نشد.",
        matches="{shown} از {total} واژه",
    ),
    "ar": Labels(
        glossary="مسرد المصطلحات",
        glossary_index="فهرس المسرد",
        filter_glossary="تصفية المسرد",
        filter_terms="تصفية المصطلحات",
        see_also="انظر أيضًا",
        used_on="مستخدم في",
        also="أسماء أخرى",
        link_to="رابط إلى {name}",
        not_in_glossary="«{name}» غير موجود في المسرد",
        open_in_glossary="فتح في المسرد",
        no_match="لا يوجد مصطلح مطابق.",
        matches="{shown} من أصل {total}",
    ),
}

# Traditional Chinese as the locales that write it are named.
_ALIASES = {"zh-tw": "zh-hant", "zh-hk": "zh-hant", "zh-mo": "zh-hant", "zh-hans": "zh", "zh-cn": "zh", "zh-sg": "zh"}


def normalise_language(language: str | None) -> str:
    """``pt_BR`` -> ``pt-br``: the case and separator language names are compared in."""
    return (language or "").strip().replace("_", "-").lower()


def primary(language: str | None) -> str:
    """The primary subtag: ``pt`` for ``pt-BR``."""
    return normalise_language(language).split("-", 1)[0]


def built_in_language(language: str | None) -> str:
    """The language whose built-in labels a page in `language` gets: English when none is built in."""
    name = normalise_language(language)
    name = _ALIASES.get(name, name)
    while name:
        if name in BUILT_IN:
            return name
        name = name.rpartition("-")[0]
    return "en"


def labels_for(language: str | None, overrides: Mapping[str, Mapping[str, str]] | None = None) -> Labels:
    """The labels of a page in `language`: built in, then the site's overrides for that language.

    `overrides` maps a language name to label key -> text (checked by the
    options); a site's overrides for ``pt`` apply to ``pt-BR`` pages too,
    and ``pt-BR``'s own win over them.
    """
    labels = BUILT_IN[built_in_language(language)]
    if not overrides:
        return labels
    wanted = normalise_language(language)
    by_language = {normalise_language(name): texts for name, texts in overrides.items()}
    for name in (primary(wanted), wanted):
        texts = by_language.get(name)
        if texts:
            labels = replace(labels, **{key: text for key, text in texts.items() if key in LABEL_KEYS})
    return labels


def is_right_to_left(language: str | None) -> bool:
    return primary(language) in RIGHT_TO_LEFT


def text_direction(language: str | None) -> str:
    """The ``dir`` attribute value for text in `language`."""
    return "rtl" if is_right_to_left(language) else "ltr"
