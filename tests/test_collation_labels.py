"""The glossary page in the page's language: its labels, its A-Z order and letter groups."""

from __future__ import annotations

import pytest

from glossary_plugin.core.collation import OTHER, collation, in_language_order
from glossary_plugin.core.labels import BUILT_IN, LABEL_KEYS, built_in_language, labels_for, text_direction


def order(names: list[str], language: str, readings: dict[str, str] | None = None) -> list[tuple[str, list[str]]]:
    readings = readings or {}
    return in_language_order(names, lambda name: name, language, readings.get)


def flat(groups: list[tuple[str, list[str]]]) -> list[str]:
    return [name for _, names in groups for name in names]


# -- labels ----------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "fr", "de", "es", "pt", "zh", "ja", "ko", "fa", "ar"])
def test_every_promised_language_has_every_label_translated(language: str) -> None:
    labels = BUILT_IN[language]
    for key in LABEL_KEYS:
        text = getattr(labels, key)
        assert text.strip(), key
        if language != "en":
            assert text != getattr(BUILT_IN["en"], key) or key == "link_to", (language, key)
    assert "{name}" in labels.link_to and "{name}" in labels.not_in_glossary
    assert "{shown}" in labels.matches and "{total}" in labels.matches


@pytest.mark.parametrize(
    ("language", "built_in"),
    [
        ("pt_BR", "pt"),
        ("pt-BR", "pt"),
        ("zh_TW", "zh-hant"),
        ("zh-Hant", "zh-hant"),
        ("zh-Hans", "zh"),
        ("FR", "fr"),
        ("nl", "en"),
        ("", "en"),
        (None, "en"),
    ],
)
def test_a_language_name_finds_its_labels_as_the_i18n_plugin_and_themes_write_it(
    language: str | None, built_in: str
) -> None:
    assert built_in_language(language) == built_in


def test_a_site_overrides_labels_per_language_and_the_regional_override_wins() -> None:
    overrides = {"pt": {"used_on": "Aparece em"}, "pt_BR": {"see_also": "Ver também"}}
    brazil = labels_for("pt-BR", overrides)
    assert (brazil.used_on, brazil.see_also, brazil.also) == ("Aparece em", "Ver também", "Também")
    assert labels_for("pt", overrides).see_also == "Veja também"
    assert labels_for("fr", overrides) == BUILT_IN["fr"]


def test_labels_fill_in_the_term_name() -> None:
    assert labels_for("fr").not_in_glossary_term("jeton") == "« jeton » n’est pas dans le glossaire"
    assert labels_for("ja").link_to_term("トークン") == "トークン へのリンク"


@pytest.mark.parametrize(
    ("language", "direction"),
    [("fa", "rtl"), ("ar", "rtl"), ("ar_EG", "rtl"), ("he", "rtl"), ("fr", "ltr"), ("ja", "ltr"), (None, "ltr")],
)
def test_right_to_left_languages(language: str | None, direction: str) -> None:
    assert text_direction(language) == direction


# -- order and letter groups -------------------------------------------------------


def test_french_files_accented_letters_with_their_base_letter() -> None:
    groups = order(["étiquette", "Zéro", "entraînement", "Échantillon", "école", "apprentissage"], "fr")
    assert [letter for letter, _ in groups] == ["A", "E", "Z"]
    assert dict(groups)["E"] == ["Échantillon", "école", "entraînement", "étiquette"]


def test_german_umlauts_file_with_their_base_letter_and_sharp_s_as_ss() -> None:
    assert flat(order(["Übersetzung", "Abfrage", "Ärger", "Straße", "Strasse", "Ubahn"], "de")) == [
        "Abfrage",
        "Ärger",
        "Strasse",
        "Straße",
        "Ubahn",
        "Übersetzung",
    ]


def test_spanish_n_with_tilde_is_a_letter_of_its_own_after_n() -> None:
    groups = order(["ñandú", "nube", "nzeta", "oro", "Ñu"], "es")
    assert groups == [("N", ["nube", "nzeta"]), ("Ñ", ["ñandú", "Ñu"]), ("O", ["oro"])]
    # Elsewhere ñ is an n with a mark.
    assert [letter for letter, _ in order(["ñandú", "nube"], "en")] == ["N"]


def test_persian_follows_the_persian_alphabet_not_code_points() -> None:
    # Code point order would put پ, چ, ژ and گ after every Arabic letter, and ه before و.
    names = ["گراف", "کد", "پردازش", "بردار", "ژرفا", "زبان", "چت", "جمله", "هوش", "واژه", "یادگیری"]
    groups = order(names, "fa")
    assert flat(groups) == ["بردار", "پردازش", "جمله", "چت", "زبان", "ژرفا", "کد", "گراف", "واژه", "هوش", "یادگیری"]
    assert [letter for letter, _ in groups] == ["ب", "پ", "ج", "چ", "ز", "ژ", "ک", "گ", "و", "ه", "ی"]


def test_arabic_follows_the_arabic_alphabet_and_files_variants_with_their_base() -> None:
    groups = order(["وزن", "هدف", "أنموذج", "إدخال", "استدلال", "بيانات"], "ar")
    assert groups == [("ا", ["إدخال", "استدلال", "أنموذج"]), ("ب", ["بيانات"]), ("ه", ["هدف"]), ("و", ["وزن"])]


def test_persian_pages_file_arabic_kaf_and_yeh_with_the_persian_letters() -> None:
    assert order(["كتاب", "کلمه"], "fa") == [("ک", ["كتاب", "کلمه"])]


def test_korean_groups_by_initial_consonant_with_doubled_consonants_under_their_single() -> None:
    groups = order(["토큰", "까마귀", "가중치", "나무", "학습", "모델", "싸움", "사전"], "ko")
    assert groups == [
        ("ㄱ", ["가중치", "까마귀"]),
        ("ㄴ", ["나무"]),
        ("ㅁ", ["모델"]),
        ("ㅅ", ["사전", "싸움"]),
        ("ㅌ", ["토큰"]),
        ("ㅎ", ["학습"]),
    ]


def test_japanese_kana_group_by_gojuon_row_katakana_with_hiragana() -> None:
    groups = order(["トークン", "がくしゅう", "モデル", "かくりつ", "アテンション", "ベクトル", "ワード"], "ja")
    assert groups == [
        ("あ", ["アテンション"]),
        ("か", ["がくしゅう", "かくりつ"]),
        ("た", ["トークン"]),
        ("は", ["ベクトル"]),
        ("ま", ["モデル"]),
        ("わ", ["ワード"]),
    ]


def test_han_terms_file_under_their_reading_when_given_else_in_one_group() -> None:
    readings = {"機械学習": "きかいがくしゅう", "埋め込み": "うめこみ"}
    groups = order(["機械学習", "埋め込み", "推論", "トークン"], "ja", readings)
    assert groups == [("あ", ["埋め込み"]), ("か", ["機械学習"]), ("た", ["トークン"]), ("漢字", ["推論"])]
    pinyin = {"神经网络": "shenjing wangluo", "注意力": "zhuyili"}
    assert order(["注意力", "神经网络", "模型"], "zh", pinyin) == [
        ("S", ["神经网络"]),
        ("Z", ["注意力"]),
        ("汉字", ["模型"]),
    ]


def test_digits_and_symbols_come_first_and_the_page_script_leads() -> None:
    names = ["GPT", "4-bit", "یادگیری", "トークン", "모델", "attention"]
    assert [g for g, _ in order(names, "en")] == [OTHER, "A", "G", "ی", "ㅁ", "た"]
    assert [g for g, _ in order(names, "fa")] == [OTHER, "ی", "A", "G", "ㅁ", "た"]
    assert [g for g, _ in order(names, "ja")] == [OTHER, "A", "G", "ی", "ㅁ", "た"]


def test_the_key_is_stable_for_names_that_differ_only_by_case() -> None:
    assert flat(order(["token", "Token", "TOKEN"], "en")) == ["TOKEN", "Token", "token"]
    assert collation("Token", "en")[1] == "T"
