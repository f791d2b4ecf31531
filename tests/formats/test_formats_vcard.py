"""The vCard reader, feature by feature on small inline cards, and the vCard 4.0 writer."""

from __future__ import annotations

import codecs
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notebook.formats import FormatError, read_vcard_file, read_vcards, write_vcards
from notebook.formats._fields import clean_emails
from notebook.records import Person


def card(*lines: str, version: str = "3.0", newline: str = "\r\n") -> str:
    return newline.join(("BEGIN:VCARD", f"VERSION:{version}", *lines, "END:VCARD", ""))


def one(data: bytes | str) -> Person:
    [person] = read_vcards(data.encode("utf-8") if isinstance(data, str) else data, "t.vcf")
    return person


# -- encodings -----------------------------------------------------------------------------------

ACCENTED = card("FN:Zoë Müller-Łukasiewicz", "ORG:Société Générale")


@pytest.mark.parametrize(
    "encoding",
    ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"],
)
def test_unicode_encodings_with_and_without_bom(encoding: str) -> None:
    person = one(ACCENTED.encode(encoding))
    assert (person.name, person.company) == ("Zoë Müller-Łukasiewicz", "Société Générale")


def test_utf16_be_without_bom() -> None:
    data = ACCENTED.encode("utf-16-be")
    assert not data.startswith(codecs.BOM_UTF16_BE)
    assert one(data).name == "Zoë Müller-Łukasiewicz"


@pytest.mark.parametrize("newline", ["\r\n", "\n", "\r", "\r\r\n"])
def test_line_endings(newline: str) -> None:
    text = card(
        "FN:Ann Lee", "NOTE:first\\nsecond", "PHOTO;ENCODING=b:AAAA", " BBBB", newline=newline
    )
    person = one(text)
    assert (person.name, person.notes) == ("Ann Lee", "first\nsecond")


def test_cr_cr_lf_folding_is_not_broken_by_a_phantom_blank_line() -> None:
    person = one(card("NOTE:one long", "  line", "FN:Ann Lee", newline="\r\r\n"))
    assert person.notes == "one long line"


def test_fold_just_before_a_space() -> None:
    assert one(card("FN:Ann", "NOTE:two", "  ", "  spaces")).notes == "two  spaces"


def test_raw_windows_1252_without_charset() -> None:
    data = card("FN:Ren\xe9 L\xe4mmer", "TITLE:Café € manager", version="2.1").encode("cp1252")
    person = one(data)
    assert (person.name, person.title) == ("René Lämmer", "Café € manager")


def test_raw_latin_2_guessed_from_the_letters() -> None:
    text = card("FN:Łukasz Świątek", "ORG:Żabka Polska", version="2.1")
    person = one(text.encode("iso-8859-2"))
    assert (person.name, person.company) == ("Łukasz Świątek", "Żabka Polska")


def test_quoted_printable_soft_breaks_windows_1252_declared() -> None:
    person = one(
        card(
            "FN:Ralf Rastral",
            "NOTE;CHARSET=Windows-1252;ENCODING=QUOTED-PRINTABLE:L=E4mmerweg 12=0D=0A=",
            "98765 Kleindorf, caf=E9 =",
            "=80",
            version="2.1",
        )
    )
    assert person.notes == "Lämmerweg 12\n98765 Kleindorf, café €"


def test_quoted_printable_without_charset_utf8_or_legacy() -> None:
    utf8 = one(card("FN;ENCODING=QUOTED-PRINTABLE:Jos=C3=A9 N=C3=BA=", "=C3=B1ez", version="2.1"))
    assert utf8.name == "José Núñez"
    legacy = one(card("FN;ENCODING=QUOTED-PRINTABLE:Jos=E9 N=FA=", "=F1ez", version="2.1"))
    assert legacy.name == "José Núñez"


def test_quoted_printable_lowercase_hex_and_bare_parameter() -> None:
    person = one(card("FN;QUOTED-PRINTABLE;CHARSET=UTF-8:=c3=a9mile Zola", version="2.1"))
    assert person.name == "émile Zola"


def test_declared_charset_that_does_not_fit_falls_back() -> None:
    # Declared UTF-8 but one stray byte (as in AOSP's John_Doe_ANDROID.vcf): keep the rest.
    person = one(card("FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=91=C3=91=80", version="2.1"))
    assert person.name == "ÑÑ\ufffd"
    person = one(card("FN;CHARSET=us-ascii:Andr\xe9", version="2.1").encode("latin-1"))
    assert person.name == "André"


def test_unknown_charset_name_is_ignored() -> None:
    assert one(card("FN;CHARSET=x-klingon:Worf")).name == "Worf"


# -- syntax --------------------------------------------------------------------------------------


def test_escapes() -> None:
    person = one(
        card(
            "FN:Doe\\, Jane",
            "TITLE:Head of R&D\\; Ops",
            "NOTE:line\\nnext\\Nthird \\\\ back \\: colon \\, comma",
            "URL:https\\://www.linkedin.com/in/jane-doe",
        )
    )
    assert person.name == "Doe, Jane"
    assert person.title == "Head of R&D; Ops"
    assert person.notes == "line\nnext\nthird \\ back : colon , comma"
    assert person.linkedin_url == "https://www.linkedin.com/in/jane-doe"


def test_unescaped_comma_in_fn_keeps_the_whole_name() -> None:
    assert one(card("FN:Mr. John Richter, James Doe Sr.")).name == "Mr. John Richter, James Doe Sr."


def test_item_groups_and_labels() -> None:
    person = one(
        card(
            "FN:Ann Lee",
            "item1.EMAIL;type=INTERNET:ann@example.com",
            "item1.X-ABLabel:_$!<Other>!$_",
            "item2.TEL:+1 555 0100",
            "item2.X-ABLabel:",
            "item3.URL:linkedin.com/in/ann-lee",
            "item3.X-ABLabel:LinkedIn",
            "item4.ORG:Acme",
        )
    )
    assert person.emails == ("ann@example.com",)
    assert person.phones == ("+1 555 0100",)
    assert person.company == "Acme"
    assert person.linkedin_url == "https://linkedin.com/in/ann-lee"


def test_parameters_bare_type_lists_lower_case_and_empty() -> None:
    person = one(
        card(
            "FN:Ann Lee",
            "TEL;CELL:111",
            "TEL;TYPE=HOME,VOICE:222",
            "TEL;type=work;type=pref:333",
            'TEL;TYPE="cell,text";PREF=1:444',
            "ADR;HOME;PREF;:;;Main St 1;Basel;;4000;Switzerland",
            version="2.1",
        )
    )
    # Preferred numbers first, the rest in file order.
    assert person.phones == ("333", "444", "111", "222")
    assert person.location == "Basel, Switzerland"


def test_quoted_parameter_value_with_colon() -> None:
    person = one(card('EMAIL;X-NOTE="a:b;c":ann@example.com', "FN:Ann"))
    assert person.emails == ("ann@example.com",)


def test_mixed_case_begin_and_names() -> None:
    assert one("begin:vCard\r\nversion:3.0\r\nfn:Ann Lee\r\nEnd:VCard\r\n").name == "Ann Lee"


def test_comment_lines_are_skipped_but_qp_continuations_are_data() -> None:
    person = one(
        card(
            "# a comment",
            "FN:Ann Lee",
            "#FN:Not this",
            "NOTE;ENCODING=QUOTED-PRINTABLE:price =",
            "#1 and =",
            "# counting",
            version="2.1",
        )
    )
    assert (person.name, person.notes) == ("Ann Lee", "price #1 and # counting")


def test_base64_blocks_are_skipped() -> None:
    big = "A" * 2048
    person = one(
        card(
            "FN:Ann Lee",
            f"PHOTO;ENCODING=BASE64;JPEG:{big}",  # one long line (BlackBerry)
            "",
            "KEY;X509;ENCODING=BASE64:",  # indented, ending with a blank line (Outlook)
            " MIIB/jCCAWugAwIBAgIQ",
            " DdkWkvA2cqtGkw==",
            "",
            "X-MS-CARDPICTURE;TYPE=JPEG;ENCODING=BASE64:",
            "/9j/4AAQSkZJRgABAQEAYABg",  # not indented at all
            "AAD/2wBDAAcFBQYFBAcG==",
            "",
            "PHOTO;BASE64:",  # Apple's bare parameter, two-space indent
            "  /9j/4AAQ",
            "  SkZJRg==",
            "TITLE:Analyst",
            version="2.1",
        )
    )
    assert (person.name, person.title) == ("Ann Lee", "Analyst")


def test_nested_agent_card_is_not_a_person() -> None:
    text = card("FN:Ann Lee", "AGENT:", "BEGIN:VCARD", "FN:Her Assistant", "END:VCARD", "ORG:Acme")
    person = one(text)
    assert (person.name, person.company) == ("Ann Lee", "Acme")


def test_several_cards_and_text_between_them() -> None:
    text = "garbage before\r\n" + card("FN:Ann") + "\r\n\r\n" + card("FN:Bob") + "trailing\r\n"
    assert [p.name for p in read_vcards(text.encode())] == ["Ann", "Bob"]


def test_vcard_4_values() -> None:
    person = one(
        card(
            "FN:Ann Lee",
            "TEL;VALUE=uri;TYPE=cell:tel:+1-555-555-0100",
            "EMAIL:mailto:ann@example.com",
            'ADR;LABEL="Bahnhofstrasse 1^n8001 Zürich^nSwitzerland":;;;;;;',
            "X-SOCIALPROFILE;TYPE=linkedin:https://www.linkedin.com/in/ann-lee",
            version="4.0",
        )
    )
    assert person.phones == ("+1-555-555-0100",)
    assert person.emails == ("ann@example.com",)
    assert person.location == "8001 Zürich, Switzerland"
    assert person.linkedin_url == "https://www.linkedin.com/in/ann-lee"


# -- mapping -------------------------------------------------------------------------------------


def test_missing_fn_builds_the_name_from_n() -> None:
    assert one(card("N:Doe;John;Richter,James;Dr.;Jr.")).name == "Dr. John Richter James Doe Jr."
    assert one(card("N:Doe;Jane;;;")).name == "Jane Doe"
    assert one(card("N:;Cher;;;")).name == "Cher"


def test_missing_fn_and_n_falls_back_to_org() -> None:
    person = one(card("N:;;;;", "ORG:Acme Robotics\\, Inc.;Hiring"))
    assert (person.name, person.company) == ("Acme Robotics, Inc.", "Acme Robotics, Inc.")


def test_no_name_at_all_falls_back_to_email_then_phone() -> None:
    assert one(card("EMAIL:x@example.com")).name == "x@example.com"
    assert one(card("TEL:+1 555 0100")).name == "+1 555 0100"
    assert read_vcards(card("NOTE:nothing to call it").encode()) == []


def test_org_departments_title_role_categories_notes() -> None:
    person = one(
        card(
            "FN:Ann Lee",
            "ORG:Globex;R&D;Robotics",
            "ROLE:Hiring manager",
            "CATEGORIES:recruiter,Conference 2024",
            "CATEGORIES:My Contacts",
            "NOTE:first",
            "NOTE:second",
            "EMAIL:not-an-address",
            "EMAIL;TYPE=pref:ann@globex.example",
            "EMAIL:ANN@globex.example",
        )
    )
    assert person.company == "Globex"
    assert person.title == "Hiring manager"  # no TITLE: the ROLE is the next best thing
    assert person.tags == ("recruiter", "Conference 2024")
    assert person.notes == "first\nsecond"
    assert person.emails == ("ann@globex.example",)


def test_location_prefers_pref_address_then_label() -> None:
    person = one(
        card(
            "FN:Ann",
            "ADR;TYPE=home:;;1 Main St;Springfield;;;USA",
            "ADR;TYPE=work,pref:;;2 Office Rd;Zürich;ZH;8000;Switzerland",
        )
    )
    assert person.location == "Zürich, ZH, Switzerland"
    labelled = one(card("FN:Ann", "LABEL:5 Rue Lepic\\n75018 Paris\\nFrance"))
    assert labelled.location == "75018 Paris, France"


def test_control_characters_are_cleaned() -> None:
    person = one(card("FN:Ann\x1b[31m Lee\u202e", "NOTE:a\x07b\\nc"))
    assert (person.name, person.notes) == ("Ann Lee", "ab\nc")


def test_source_names_the_file_not_its_folder() -> None:
    [person] = read_vcards(card("FN:Ann").encode(), "/home/me/Downloads/contacts.vcf")
    assert person.source == "vcard:contacts.vcf"
    assert read_vcards(card("FN:Ann").encode())[0].source == "vcard"


# -- malformed -----------------------------------------------------------------------------------


def test_empty_file() -> None:
    for data in (b"", b"  \r\n\r\n", codecs.BOM_UTF8, codecs.BOM_UTF16_LE):
        with pytest.raises(FormatError) as caught:
            read_vcards(data, "contacts.vcf")
        assert str(caught.value) == "contacts.vcf: the file is empty"
        assert caught.value.line is None


def test_not_a_vcard() -> None:
    with pytest.raises(FormatError) as caught:
        read_vcards(b"\n\nName,Email\nAnn,ann@example.com\n", "contacts.vcf")
    assert str(caught.value) == "contacts.vcf, line 3: not a vCard (no BEGIN:VCARD)"
    assert (caught.value.path, caught.value.line) == ("contacts.vcf", 3)


def test_binary_file() -> None:
    with pytest.raises(FormatError, match=r"^photo\.vcf: not a contact file \(binary data\)$"):
        read_vcards(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)), "photo.vcf")


def test_truncated_card_with_a_name_is_refused_whole(tmp_path: Path) -> None:
    # Its e-mail address is cut mid-word: read as far as it goes, it would update Bob with it.
    path = tmp_path / "cut.vcf"
    path.write_text(card("FN:Ann") + "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bob Cut\r\nEMAIL:bob@exa")
    with pytest.raises(FormatError) as caught:
        read_vcard_file(path)
    assert caught.value.line == 5
    assert "has no END:VCARD (is the file cut short?)" in str(caught.value)
    path.write_text(card("FN:Ann") + card("FN:Bob"))
    assert [p.name for p in read_vcard_file(path)] == ["Ann", "Bob"]


def test_truncated_card_without_a_name_names_the_line() -> None:
    text = card("FN:Ann") + "BEGIN:VCARD\r\nVERSION:3.0\r\nTEL:+1 555"
    with pytest.raises(FormatError) as caught:
        read_vcards(text.encode(), "cut.vcf")
    assert caught.value.line == 5
    assert str(caught.value) == (
        "cut.vcf, line 5: the card that starts here has no END:VCARD (is the file cut short?)"
    )


# -- writing -------------------------------------------------------------------------------------


def test_write_vcard_4() -> None:
    person = Person(
        name="Dr. Ana María de la Cruz",
        company="Acme; Sons, Ltd.",
        title="VP, Engineering; Platform",
        past_companies=("Globex, Inc.", "Initech; Labs"),
        emails=("ana@acme.example", "ana@home.example"),
        phones=("+34 600 000 000",),
        location="Madrid, Spain",
        tags=("recruiter", "madrid"),
        how_met="PyCon 2024; the hallway track",
        notes="Met at PyCon.\nLikes chess; ask about Q3.",
        linkedin_url="https://www.linkedin.com/in/ana-cruz",
        connected_on=date(2024, 5, 1),
        uid="urn:uuid:5f0b8a3e-2c1d-4e6f-9a7b-0c1d2e3f4a5b",
        cadence_days=30,
        met_via=7,
    )
    text = write_vcards([person])
    assert text.split("\r\n") == [
        "BEGIN:VCARD",
        "VERSION:4.0",
        "UID:urn:uuid:5f0b8a3e-2c1d-4e6f-9a7b-0c1d2e3f4a5b",
        "FN:Dr. Ana María de la Cruz",
        "N:Cruz;Ana;María de la;Dr.;",
        "ORG:Acme\\; Sons\\, Ltd.",  # ORG is compound (name;unit): its semicolon is escaped
        "TITLE:VP\\, Engineering; Platform",  # TITLE is not: only the comma is
        "EMAIL;PREF=1:ana@acme.example",
        "EMAIL:ana@home.example",
        "TEL:+34 600 000 000",
        "ADR:;;;Madrid;;;Spain",
        "URL:https://www.linkedin.com/in/ana-cruz",
        "CATEGORIES:recruiter,madrid",
        "NOTE:Met at PyCon.\\nLikes chess; ask about Q3.",
        "X-NOTEBOOK-HOW-MET:PyCon 2024; the hallway track",
        "X-NOTEBOOK-CONNECTED-ON:2024-05-01",
        "X-NOTEBOOK-PAST-COMPANY:Globex\\, Inc.",
        "X-NOTEBOOK-PAST-COMPANY:Initech; Labs",
        "END:VCARD",
        "",
    ]
    # Everything but what vCard cannot hold (cadence, who introduced them) comes back.
    [again] = read_vcards(text.encode())
    assert again == replace(person, cadence_days=None, met_via=None, source="vcard")


@pytest.mark.parametrize(
    ("name", "n"),
    [
        ("Mustermann, Heiko", "Mustermann;Heiko;;;"),
        ("de la Cruz, Ana María", "de la Cruz;Ana;María;;"),
        ("Mustermann, Dr. Heiko", "Mustermann;Heiko;;Dr.;"),
        ("Lee, Ann, PhD", "Lee;Ann;;;PhD"),
        ("John Smith, Jr.", "Smith;John;;;Jr."),
        ("Ann Lee PhD", "Lee;Ann;;;PhD"),
        ("Heiko Mustermann", "Mustermann;Heiko;;;"),
        ("Cher", ";Cher;;;"),
        ("Mr. John Richter, James Doe Sr.", "Doe;John;Richter James;Mr.;Sr."),
        ("Mustermann;Heiko", ";Mustermann\\;Heiko;;;"),  # one word: a given name
        ("García Márquez, Gabriel", "García Márquez;Gabriel;;;"),
        ("John Smith, PhD", "Smith;John;;;PhD"),
        ("Prof. Dr. Hans Müller", "Müller;Hans;;Prof. Dr.;"),  # titles, however many
        ("John Smith Jr. PhD", "Smith;John;;;Jr. PhD"),
        # A name with nothing to split is all family name, not an empty N.
        ("@mention", "@mention;;;;"),
        ("ann@example.com", "ann@example.com;;;;"),
        ("Dr.", ";Dr.;;;"),
    ],
)
def test_write_structured_name(name: str, n: str) -> None:
    lines = write_vcards([Person(name=name)]).split("\r\n")
    assert lines[3] == f"N:{n}"
    assert one(write_vcards([Person(name=name)])).name == name


def test_write_escapes_as_rfc_6350_says() -> None:
    # Backslash, comma and newline are escaped in every text value; a semicolon only in the
    # components of N, ADR and ORG and in the items of CATEGORIES, where it would split one.
    person = Person(
        name="A;B, C\\D",
        company="X;Y",
        title="T;U",
        location="Semi;colon, Back\\slash, Land",
        tags=("a;b", "c,d"),
        notes="n;o\\p,q",
        emails=("a,b@example.com",),
        phones=("+1 555; ext, 9",),
    )
    lines = write_vcards([person]).split("\r\n")
    assert "FN:A;B\\, C\\\\D" in lines
    assert "N:A\\;B;C\\\\D;;;" in lines  # "Family, Given"
    assert "ORG:X\\;Y" in lines
    assert "TITLE:T;U" in lines
    assert "ADR:;;;Semi\\;colon;Back\\\\slash;;Land" in lines
    assert "CATEGORIES:a\\;b,c\\,d" in lines
    assert "NOTE:n;o\\\\p\\,q" in lines
    assert "EMAIL:a\\,b@example.com" in lines
    assert "TEL:+1 555; ext\\, 9" in lines
    assert one(write_vcards([person])) == replace(person.validated(), source="vcard:t.vcf")


def test_write_uid_as_it_is_and_none_when_empty() -> None:
    assert "UID:6f1c2a4e-6b1d-4c55-9a53-2f3e1d0b7c84\r\n" in write_vcards(
        [Person(name="Ann", uid="6f1c2a4e-6b1d-4c55-9a53-2f3e1d0b7c84")]
    )
    assert "UID" not in write_vcards([Person(name="Ann")])


def test_write_folds_at_75_octets_without_splitting_characters() -> None:
    notes = "ü" * 100 + " " + "x" * 200
    text = write_vcards([Person(name="Ann", notes=notes)])
    lines = text.split("\r\n")
    assert max(len(line.encode("utf-8")) for line in lines) == 75
    start = next(i for i, line in enumerate(lines) if line.startswith("NOTE:"))
    end = lines.index("END:VCARD")
    assert end - start > 3
    assert all(line.startswith(" ") for line in lines[start + 1 : end])
    assert one(text).notes == notes


def test_write_round_trips_awkward_values() -> None:
    people = [
        Person(name="Apple Computer AG", company="Apple Computer AG", location="Zürich"),
        Person(name="x@example.com", emails=("x@example.com",)),
        Person(name="Ann\\Lee", tags=("a, b", "c"), location="Springfield, Springfield, USA"),
        Person(name="Bo", location="Unit 4, 12 High St, Leeds, West Yorkshire, UK"),
        Person(name="Cy", notes="\ttabbed\n\n  indented\nlast"),
        Person(name="Di", tags=("one, tag",), location="Paris,"),
        Person(name="Ed", linkedin_url="linkedin.com/in/ed"),
    ]
    people = [person.validated() for person in people]  # as the notebook holds them
    exported = write_vcards(people)
    again = read_vcards(exported.encode())
    assert again[:-1] == [replace(p, source="vcard") for p in people[:-1]]
    assert again[-1].linkedin_url == "https://linkedin.com/in/ed"
    assert write_vcards(again) == exported
    assert "KIND:org" in write_vcards(people[:1])


HOSTILE = [
    Person(
        name="Zoë \\ O’Brien-Łukasiewicz; Jr., PhD",
        company="Ünïcödé, GmbH; & Co. \\ KG",
        title="Head of R&D; \\n not a newline, really",
        past_companies=("Globex; Inc.", "Init,ech \\ Labs", "株式会社テスト"),
        emails=("zoe+tag@example.com", "z,o;e@example.org"),
        phones=("+41 (0)44; ext. 12", "tel:+1-555-0100"),
        location="Zürich; Kreis 4, ZH, Schweiz",
        tags=("needs, a comma", "semi;colon", "back\\slash", "Ελληνικά"),
        how_met="Line one\nline two; with \\ and , and 🎉\n\n  indented",
        notes=("é" * 40 + "\n" + "日本語" * 30 + "\n" + "\\," * 50 + "x" * 300).strip(),
        linkedin_url="https://www.linkedin.com/in/zo%C3%AB-obrien",
        connected_on=date(2019, 2, 28),
        uid="urn:uuid:0b7c84aa-6b1d-4c55-9a53-2f3e1d0b7c84",
    ),
    Person(name="Mustermann, Heiko", company="Mustermann, Heiko", uid="h-1"),
    Person(name="anna@example.com", emails=("anna@example.com",), uid="weird uid; with, stuff"),
]
HOSTILE = [person.validated() for person in HOSTILE]  # as the notebook holds them


def test_export_read_export_is_byte_identical_for_hostile_values() -> None:
    exported = write_vcards(HOSTILE)
    assert "\n" not in exported.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in exported.split("\r\n"))
    again = read_vcards(exported.encode("utf-8"), "people.vcf")
    assert len(again) == len(HOSTILE)
    assert write_vcards(again) == exported
    # Phones keep what the file says, less a tel: URI's scheme.
    assert again[0].phones == ("+41 (0)44; ext. 12", "+1-555-0100")
    assert again[0].past_companies == HOSTILE[0].past_companies
    assert again[0].how_met == HOSTILE[0].how_met
    assert again[2].uid == "weird uid; with, stuff"


# Text as people type it, hostile characters included: every escape, the separators, line
# breaks, non-ASCII of every width (so folding meets multi-byte characters), and spaces.
CHARACTERS = [*"\\,;:\n\t \"'<>=^", *"aZ9", "é", "ß", "Ł", "Ω", "ж", "א", "語", "🎉", "\u00a0"]
TEXT = st.text(st.sampled_from(CHARACTERS), max_size=90)
ONE_LINE = TEXT.map(lambda text: " ".join(text.split()))
ADDRESSES = st.builds(
    lambda local, domain: f"{local}@{domain}.example",
    st.text(st.sampled_from([*"abzAZ09._+-,;\\", "é"]), min_size=1, max_size=12),
    st.text(st.sampled_from([*"abz09-", "ü"]), min_size=1, max_size=12),
)
# As address books write them: plain, as a mailto: URI, or after a display name.
EMAILS = ADDRESSES | ADDRESSES.map("mailto:{}".format) | ADDRESSES.map('"Ann,Lee"<{}>'.format)
PEOPLE = st.builds(
    Person,
    name=ONE_LINE.filter(str.strip),
    company=ONE_LINE,
    title=ONE_LINE,
    past_companies=st.lists(ONE_LINE, max_size=3).map(tuple),
    emails=st.lists(EMAILS, max_size=3).map(tuple),
    phones=st.lists(ONE_LINE | ONE_LINE.map("tel:{}".format), max_size=3).map(tuple),
    location=ONE_LINE,
    tags=st.lists(ONE_LINE | st.sampled_from(["* starred", "My Contacts"]), max_size=4).map(tuple),
    how_met=TEXT,
    notes=TEXT,
    connected_on=st.none() | st.dates(),
    linkedin_url=st.sampled_from(
        ["", "https://www.linkedin.com/in/ann-lee", "linkedin.com/in/bo-park?trk=x,y"]
    ),
    uid=ONE_LINE,
)


@settings(max_examples=300, deadline=None)
@given(st.lists(PEOPLE, min_size=1, max_size=3))
def test_any_export_reads_back_to_the_same_bytes(people: list[Person]) -> None:
    """Whatever the notebook holds (records as validated() leaves them), exporting, reading
    the export and exporting again gives the same bytes."""
    valid = [p.validated() for p in people]
    exported = write_vcards(valid)
    again = read_vcards(exported.encode("utf-8"))
    assert write_vcards(again) == exported
    assert [p.name for p in again] == [p.name for p in valid]


# -- reading what the notebook writes, and what it could not use ---------------------------------


def test_uid_is_read_as_written_and_cleaned() -> None:
    assert one(card("FN:Ann", "UID:urn:uuid:5f0b8a3e-2c1d")).uid == "urn:uuid:5f0b8a3e-2c1d"
    assert one(card("FN:Ann", "UID:  a\x1b[31mb \\, c  ")).uid == "ab \\, c"
    assert one(card("FN:Ann", "UID:", "UID:second")).uid == "second"
    assert one(card("FN:Ann")).uid == ""


def test_notebook_properties_are_read_back() -> None:
    person = one(
        card(
            "FN:Ann Lee",
            "X-NOTEBOOK-HOW-MET:Hallway\\, PyCon\\nthen lunch",
            "X-NOTEBOOK-CONNECTED-ON:2024-05-01",
            "X-NOTEBOOK-PAST-COMPANY:Globex\\, Inc.",
            "X-NOTEBOOK-PAST-COMPANY:Initech; Labs",
            "x-notebook-past-company:",
            version="4.0",
        )
    )
    assert person.how_met == "Hallway, PyCon\nthen lunch"
    assert person.connected_on == date(2024, 5, 1)
    assert person.past_companies == ("Globex, Inc.", "Initech; Labs")


def test_a_connected_on_that_is_no_date_is_left_out() -> None:
    for value in ("yesterday", "2024-02-30", "", "99999-01-01"):
        assert one(card("FN:Ann", f"X-NOTEBOOK-CONNECTED-ON:{value}")).connected_on is None


@pytest.mark.parametrize(
    "value",
    [
        '"Omega" <omega@example.com>',
        "Omega Example <omega@example.com>",
        "<mailto:omega@example.com>",
        '"Example, Omega" <omega@example.com>',
        '"Omega"\r\n  <omega@example.com>',  # folded, as in AOSP's v21_invalid_multiple_line.vcf
    ],
)
def test_an_address_after_a_display_name_is_kept(value: str) -> None:
    assert one(card("FN:Omega", f"EMAIL;INTERNET:{value}", version="2.1")).emails == (
        "omega@example.com",
    )


def test_the_shared_rule_takes_the_address_out_of_a_display_name() -> None:
    # clean_emails() is what every reader's e-mail columns go through.
    values = ['"Omega" <omega@example.com>', "MAILTO:a@example.com", "Bo <b@example.com >", "<>"]
    assert clean_emails([*values, "not an address", "x@y z", "a<b@example.com"]) == [
        "omega@example.com",
        "a@example.com",
        "b@example.com",
    ]


def test_cards_with_no_name_are_reported_as_skipped() -> None:
    text = card("FN:Ann") + card("NOTE:nobody", "X-GOOGLE-TALK:x@example.com") + card("FN:Bo")
    contacts = read_vcards(text.encode(), "t.vcf")
    assert [p.name for p in contacts] == ["Ann", "Bo"]
    assert contacts.skipped == [("card at line 5", "no name")]
    assert contacts.notes == []


def test_categories_in_4_0_keep_escaped_commas_and_3_0_thunderbird_splits_them() -> None:
    assert one(card("FN:A", "CATEGORIES:one\\, tag", version="4.0")).tags == ("one, tag",)
    assert one(card("FN:A", "CATEGORIES:a\\, b\\, c", version="3.0")).tags == ("a", "b", "c")
    assert one(card("FN:A", "CATEGORIES:x\\, y,z", version="3.0")).tags == ("x, y", "z")
