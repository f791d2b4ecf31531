"""The vCard reader on real files from real clients (tests/data/contacts-real, see SOURCES.md)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from notebook.formats import read_vcard_file, read_vcards, write_vcards
from notebook.records import Person

REAL = Path(__file__).resolve().parents[1] / "data" / "contacts-real"
VCARDS = sorted((REAL / "vcard").glob("*.vcf"))

# sha256 prefixes from SOURCES.md: a checkout that rewrote line endings (or an editor that
# "fixed" a file) would make these tests pass on data that no client ever wrote.
SHA256 = {
    "vcard/AnsiIssue.vcf": "29a584260004907a",
    "vcard/John_Doe_ANDROID.vcf": "0e747d41e7d1fe71",
    "vcard/John_Doe_BLACK_BERRY.vcf": "a97ebd01386f606c",
    "vcard/John_Doe_GMAIL.vcf": "6c65e9cc557a3739",
    "vcard/John_Doe_IPHONE.vcf": "eadcfd3abbf632c5",
    "vcard/John_Doe_LOTUS_NOTES.vcf": "d413940bbc5119c8",
    "vcard/John_Doe_MAC_ADDRESS_BOOK.vcf": "f252ea3e57f52a87",
    "vcard/John_Doe_MS_OUTLOOK.vcf": "5f0cebe760c1c22e",
    "vcard/WhatsAppIssue.vcf": "c33252e1201ed5ed",
    "vcard/apple.vcf": "345907fdee5d2025",
    "vcard/gmail-single2.vcf": "2728c1a1394efd63",
    "vcard/outlook-2007.vcf": "5c6055a0466f734e",
    "vcard/thunderbird-MoreFunctionsForAddressBook-extension.vcf": "bbec6083cdcd92b4",
    "vcard/v21_invalid_comment_line.vcf": "12b630f43532fd33",
    "vcard/v21_winmo_65.vcf": "d29cb0becefff574",
    "vcard/v3Utf16Bom.vcf": "69effd12793a7b00",
    "google/gmail.csv": "74d1a8966a14f292",
    "outlook/outlook.csv": "41c5245bdfe123be",
    "thunderbird/tb_plain.csv": "ff5523b01406afb0",
    # Not the hash in SOURCES.md: its one real row was replaced by four fictional ones
    # (SOURCES.md says so above the table).
    "linkedin/Connections.csv": "5d6ff6fff395dc7b",
}

LICENCE_START = 'THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND'
LICENCE_END = "EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE."
CHECKED = ("name", "company", "title", "emails", "phones", "location", "tags", "linkedin_url")


def check(person: Person, notes: str | None = None, **expected: Any) -> None:
    """Every checked field equals `expected` (empty when not given); notes when given."""
    for name in CHECKED:
        default: Any = () if isinstance(getattr(person, name), tuple) else ""
        assert getattr(person, name) == expected.get(name, default), name
    if notes is not None:
        assert person.notes == notes


def read(name: str) -> list[Person]:
    return read_vcard_file(REAL / "vcard" / name)


def test_copies_are_byte_for_byte() -> None:
    assert sorted(SHA256) == sorted(
        path.relative_to(REAL).as_posix() for path in REAL.rglob("*.*") if path.suffix != ".md"
    )
    for name, prefix in SHA256.items():
        assert hashlib.sha256((REAL / name).read_bytes()).hexdigest()[:16] == prefix, name


def test_iphone_cr_cr_lf_item_groups_and_photo() -> None:
    [person] = read("John_Doe_IPHONE.vcf")
    check(
        person,
        notes="",
        name="Mr. John Richter James Doe Sr.",
        company="IBM",  # "ORG:IBM;Accounting": Accounting is the department
        title="Money Counter",
        emails=("john.doe@ibm.com",),
        phones=(
            "905-555-1234",
            "905-666-1234",
            "905-777-1234",
            "905-888-1234",
            "905-999-1234",
            "905-111-1234",
            "905-222-1234",  # item2.TEL, labelled AssistantPhone
        ),
        location="New York, United States of America",  # the type=pref ADR
    )
    assert person.source == "vcard:John_Doe_IPHONE.vcf"


def test_mac_address_book_mixed_line_endings_and_escaped_comma() -> None:
    [person] = read("John_Doe_MAC_ADDRESS_BOOK.vcf")
    check(
        person,
        name="Mr. John Richter,James Doe Sr.",  # FN:Mr. John Richter\,James Doe Sr.
        company="IBM",
        title="Money Counter",
        emails=("john.doe@ibm.com",),
        phones=(
            "905-777-1234",
            "905-666-1234",
            "905-555-1234",
            "905-888-1234",
            "905-999-1234",
            "905-111-1234",
            "905-222-1234",
        ),
        location="New York, United States of America",
    )
    assert person.notes.startswith(LICENCE_START)
    assert person.notes.endswith(LICENCE_END + "\nFavotire Color: Blue")


def test_apple_organisation_card_with_empty_n() -> None:
    [person] = read("apple.vcf")
    check(
        person,
        notes="",
        name="Apple Computer AG",
        company="Apple Computer AG",
        location="Wallisellen-Zürich, Switzerland",
    )


def test_gmail_unescaped_comma_in_fn() -> None:
    [person] = read("John_Doe_GMAIL.vcf")
    check(
        person,
        name="Mr. John Richter, James Doe Sr.",
        company="IBM",
        title="Money Counter",
        emails=("john.doe@ibm.com",),
        phones=("905-555-1234", "905-666-1234"),
        # The whole address is in one ADR component: the street line goes, the rest is kept.
        location="Nice Area, Albaney, New York 12345, United States of America",
    )
    assert person.notes.startswith(LICENCE_START)
    assert "WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE" in person.notes  # \, unescaped
    assert "PROFITS; OR BUSINESS" in person.notes  # \; unescaped, folds joined
    assert person.notes.endswith(LICENCE_END + "\nFavotire Color: Blue")


def test_gmail_single2_many_emails_phones_addresses() -> None:
    [person] = read("gmail-single2.vcf")
    check(
        person,
        notes="note line 1\nnote line 2\nCustomField: field value",
        name="VCard Test",
        company="TheCompany",
        title="TheJobTitle",
        emails=(
            "email@example.com",
            "homeemail@example.com",
            "workemail@example.com",
            "otheremail@example.com",
            "customcategory@example.com",
        ),
        phones=tuple(f"55555511{n}" for n in range(11, 22)),
        location="NY, New York",
    )


def test_android_six_cards_quoted_printable_and_no_names() -> None:
    people = read("John_Doe_ANDROID.vcf")
    assert len(people) == 6
    n = "Ñ"
    # Cards 1 and 2 have only an e-mail: the address names them. "My Contacts" is Google's
    # everyone-group, not a tag.
    check(people[0], notes="", name="john.doe@company.com", emails=("john.doe@company.com",))
    check(people[1], notes="", name="jane.doe@company.com", emails=("jane.doe@company.com",))
    check(people[2], notes="", name=" ".join([n] * 5), phones=("123456789",))
    check(
        people[3],
        # A QP soft break joins "…=C3=91=" to "=20=C3=91…" with nothing between.
        notes=" ".join([n] * 8) + " ".join([n] * 8) + " ".join([n] * 5),
        name=" ".join([n] * 11),
        phones=("123456", "234567", "3456789", "45678901"),
    )
    check(
        people[4],
        notes="",
        name=" ".join([n] * 4),
        company=n * 12,
        emails=("bob@company.com",),  # the other EMAIL is 14 Ñ, not an address
        phones=("123456",),  # the same number three times
    )
    check(
        people[5],
        notes="",
        name=n * 4,
        company=n * 44,  # soft breaks, then a blank line ending the value
        emails=("henry@company.com",),
        phones=("55556666",),
    )


def test_ms_outlook_quoted_printable_label_and_photo() -> None:
    [person] = read("John_Doe_MS_OUTLOOK.vcf")
    check(
        person,
        name="Mr. John Richter James Doe Sr.",
        company="IBM",
        title="Money Counter",
        emails=("john.doe@ibm.cm",),
        phones=("(905) 555-1234", "(905) 666-1234"),
        location="Albaney, New York, United States of America",
    )
    assert person.notes.startswith("THIS SOFTWARE IS PROVIDED BY GEORGE EL-HADDAD ''AS IS''")
    assert person.notes.endswith(LICENCE_END)


def test_outlook_2007_qp_note_with_tab_key_and_photo() -> None:
    [person] = read("outlook-2007.vcf")
    check(
        person,
        notes=(
            "This is the NOTE field\t\n"
            "I assume it encodes this text inside a NOTE vCard type.\n"
            "But I'm not sure because there's text formatting going on here.\n"
            "It does not preserve the formatting"
        ),
        name="Mr. Michael Angstadt Jr.",
        company="TheCompany",
        title="TheJobTitle",
        emails=("mike.angstadt@gmail.com",),
        phones=("(111) 555-1111", "(111) 555-2222", "(111) 555-4444", "(111) 555-3333"),
        location="New York, NY, USA",
    )


def test_ansi_issue_windows_1252_and_empty_parameter() -> None:
    [person] = read("AnsiIssue.vcf")
    check(person, notes="", name="Ralf Rastral", location="Kleindorf, Deutschland")


def test_ansi_issue_raw_8bit_street_decodes_as_windows_1252() -> None:
    # The street is not a Person field, so show the decoding on the file's own bytes: the
    # ADR line with its raw 0xE4, read without CHARSET, as the whole location.
    data = (REAL / "vcard" / "AnsiIssue.vcf").read_bytes()
    data = data.replace(b";Kleindorf;;98765;Deutschland", b";;;;")
    data = data.replace(b"LABEL;", b"X-LABEL;")
    [person] = read_vcards(data)
    assert person.location == "Lämmerweg 12"


def test_utf16_le_with_bom_two_cards() -> None:
    folker, kms = read("v3Utf16Bom.vcf")
    check(
        folker,
        notes="",
        name="Folker Kinzel",
        emails=("email1@wumms.de", "email2@folker-kinzel.de"),
        phones=("0123-45678",),
        location="Halle, DE",
    )
    check(
        kms,
        notes="",
        name="KMS Außenstelle",
        company="KMS Außenstelle",  # item2.ORG
        emails=("blablö@blub.com",),  # the value starts with a space
        phones=("03443-303776", "03443-333440"),
    )


def test_winmo_agent_and_empty_values() -> None:
    [person] = read("v21_winmo_65.vcf")
    check(person, notes="", name="Example")


def test_comment_lines_and_qp_soft_break_before_hash() -> None:
    [person] = read("v21_invalid_comment_line.vcf")
    check(person, name="Conference Call")
    assert person.notes == (
        "This is an (sharp ->#<- sharp) example. This message must NOT be ignored."
    )


def test_blackberry_single_line_photo_and_empty_note() -> None:
    [person] = read("John_Doe_BLACK_BERRY.vcf")
    check(person, notes="", name="John Doe", company="Acme Solutions", phones=("+96123456789",))


def test_lotus_notes_obsolete_properties() -> None:
    [person] = read("John_Doe_LOTUS_NOTES.vcf")
    check(
        person,
        name="Mr. Doe John I Johny",
        company="IBM",
        title="Generic Accountant",
        emails=("john.doe@ibm.com", "billy_bob@gmail.com"),
        phones=("+1 (212) 204-34456", "00-1-212-555-7777"),
        location="New York, U.S.A.",
    )
    assert person.notes.startswith(
        'THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS"\nAND'
    )
    assert person.notes.endswith("\n POSSIBILITY OF SUCH DAMAGE.")


def test_thunderbird_charset_in_v3_and_escaped_category_commas() -> None:
    [person] = read("thunderbird-MoreFunctionsForAddressBook-extension.vcf")
    check(
        person,
        notes=(
            "This is the notes field.\nSecond Line\n\nFourth Line\n"
            'You can put anything in the "note" field; even curse words.'
        ),
        name="John Doe",
        company="TheOrganization",
        title="TheTitle",
        emails=(
            "doe.john@hotmail.com",
            "additional-email@company.com",
            "additional-email1@company.com",
            "additional-email2@company.com",
            "additional-email3@company.com",
        ),
        phones=("555-555-1111", "555-555-2222", "555-555-5555", "555-555-3333", "555-555-4444"),
        location="New York, NY, USA",
        tags=("category1", "category2", "category3"),
    )


def test_whatsapp_unknown_type_and_repeated_number() -> None:
    [person] = read("WhatsAppIssue.vcf")
    check(person, notes="PERLA\nmadrid", name="zzMad Perla 45", phones=("7yy-zzz-xxx",))


def test_every_real_file_is_covered() -> None:
    tested = {
        "John_Doe_IPHONE.vcf",
        "John_Doe_MAC_ADDRESS_BOOK.vcf",
        "apple.vcf",
        "John_Doe_GMAIL.vcf",
        "gmail-single2.vcf",
        "John_Doe_ANDROID.vcf",
        "John_Doe_MS_OUTLOOK.vcf",
        "outlook-2007.vcf",
        "AnsiIssue.vcf",
        "v3Utf16Bom.vcf",
        "v21_winmo_65.vcf",
        "v21_invalid_comment_line.vcf",
        "John_Doe_BLACK_BERRY.vcf",
        "John_Doe_LOTUS_NOTES.vcf",
        "thunderbird-MoreFunctionsForAddressBook-extension.vcf",
        "WhatsAppIssue.vcf",
    }
    assert {path.name for path in VCARDS} == tested


@pytest.mark.parametrize("path", VCARDS, ids=lambda path: path.name)
def test_round_trip_through_vcard_4(path: Path) -> None:
    people = read_vcard_file(path)
    exported = write_vcards(people)
    again = read_vcards(exported.encode("utf-8"), path.name)
    assert len(again) == len(people)
    for before, after in zip(people, again, strict=True):
        for name in ("name", "company", "title", "emails", "phones", "tags", "notes", "location"):
            assert getattr(after, name) == getattr(before, name), name
    lines = exported.split("\r\n")
    assert "\n" not in exported.replace("\r\n", "")
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
