"""8-bit text without a declared charset, and raw bytes inside a card, on small hand-made
files (tests/data/contacts-charsets, see its README.md) and on real ones."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from notebook import cli
from notebook.formats import FormatError, detect_format, read_people, read_vcard_file, read_vcards
from notebook.formats._text import decode_text, decode_text_guessing, guess_legacy_charset
from notebook.records import Person
from notebook.viewmodel import Notebook

DATA = Path(__file__).resolve().parents[1] / "data"
CHARSETS = DATA / "contacts-charsets"
CORPUS = DATA / "contacts-corpus"


def fields(person: Person) -> dict[str, object]:
    """The person's fields that hold something."""
    names = ("name", "company", "title", "emails", "phones", "location", "tags", "notes")
    return {name: getattr(person, name) for name in names if getattr(person, name)}


def test_greek_windows_1253() -> None:
    people = read_vcard_file(CHARSETS / "greek-windows-1253.vcf")
    assert [fields(p) for p in people] == [
        {
            "name": "Γιώργος Παπαδόπουλος",
            "company": "Τράπεζα Πειραιώς",
            "title": "Διευθυντής Πωλήσεων",
            "phones": ("+30 690 000 0001",),
            "location": "Αθήνα, Ελλάδα",
            "notes": "Γνωριστήκαμε στο συνέδριο.",
        },
        {
            "name": "Άννα Ιωάννου",  # Ά is where ISO-8859-7 has a quote mark
            "emails": ("anna@example.gr",),
            "location": "Θεσσαλονίκη, Ελλάδα",
        },
    ]
    assert people.notes == ["charset guessed as windows-1253 for 2 cards"]


def test_cyrillic_windows_1251() -> None:
    people = read_vcard_file(CHARSETS / "cyrillic-windows-1251.vcf")
    assert [fields(p) for p in people] == [
        {
            "name": "Дмитрий Иванов",
            "company": "ООО Ромашка",
            "title": "Менеджер по продажам",
            "emails": ("dmitry@example.ru",),
            "location": "Москва, Россия",
        },
        {
            "name": "Ольга Смирнова",
            "location": "Санкт-Петербург, Россия",
            "notes": "позвонить в понедельник",
        },
        {"name": "Олена Коваленко", "location": "Київ, Україна", "tags": ("колеги", "Київ")},
    ]
    assert people.notes == ["charset guessed as windows-1251 for 3 cards"]


def test_hebrew_windows_1255() -> None:
    people = read_vcard_file(CHARSETS / "hebrew-windows-1255.vcf")
    assert [fields(p) for p in people] == [
        {
            "name": "דוד כהן",
            "company": 'חברת הייטק בע"מ',
            "title": "מנהל מכירות",
            "phones": ("+972 50 000 0001",),
            "location": "תל אביב, ישראל",
        },
        {"name": "שרה לוי", "emails": ("sara@example.co.il",)},
    ]
    assert people.notes == ["charset guessed as windows-1255 for 2 cards"]


def test_czech_windows_1250() -> None:
    # Windows-1252 reads these bytes as "Jiøí Dvoøák" and "Èenìk Øehoø": letters no Western
    # language writes there (ø after a vowel, ì inside a word).
    people = read_vcard_file(CHARSETS / "czech-windows-1250.vcf")
    assert [fields(p) for p in people] == [
        {
            "name": "Jiří Dvořák",
            "company": "Strojírny Třebíč",
            "title": "Vedoucí vývoje",
            "phones": ("+420 600 000 001",),
            "location": "Třebíč, Česká republika",
            "notes": "Potkali jsme se na veletrhu v Brně.",
        },
        {"name": "Čeněk Řehoř", "emails": ("cenek@example.cz",), "location": "Plzeň, Česko"},
        {"name": "Kateřina Řezníčková", "title": "Účetní", "location": "Brno, Česko"},
    ]
    assert people.notes == ["charset guessed as windows-1250 for 3 cards"]


def test_slovak_windows_1250() -> None:
    people = read_vcard_file(CHARSETS / "slovak-windows-1250.vcf")
    assert [fields(p) for p in people] == [
        {
            "name": "Róbert Dobrovič",
            "company": "Strojárne Trenčín",
            "title": "Obchodný zástupca",
            "location": "Trenčín, Slovensko",
            "notes": "Stretli sme sa v Prešove.",
        },
        {"name": "Tomáš Kováčik", "emails": ("tomas@example.sk",), "location": "Trnava, Slovensko"},
        {"name": "Ivana Šimečková", "location": "Prešov, Slovensko"},
    ]
    assert people.notes == ["charset guessed as windows-1250 for 3 cards"]


def test_western_windows_1252_is_not_taken_for_central_european() -> None:
    people = read_vcard_file(CHARSETS / "western-windows-1252.vcf")
    assert [fields(p) for p in people] == [
        {
            "name": "Tomás Ñúñez",
            "company": "Citroën España",
            "title": "Director de ventas",
            "location": "Madrid, España",
            "notes": "Nos conocimos en la feria.",
        },
        {"name": "François Lefèvre", "company": "Société Générale", "location": "Genève, Suisse"},
        {"name": "Jürgen Müller", "location": "München, Deutschland"},
        {"name": "Søren Østergaard", "location": "København, Danmark"},
        {"name": "João Estêvão", "location": "São Paulo, Brasil"},
        {"name": "Mònica Pàmies", "location": "Girona, Catalunya"},
    ]
    assert people.notes == ["charset guessed as windows-1252 for 6 cards"]


def test_a_close_call_says_to_check_the_names(tmp_path: Path) -> None:
    # "Přemysl Novák" in Windows-1250 reads as a Danish-looking "Pøemysl" in Windows-1252 too:
    # no letter rule tells them apart, so the commoner code page is taken, and the summary says
    # the guess was close.
    path = tmp_path / "close.vcf"
    czech = "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Přemysl Novák\r\nEND:VCARD\r\n"
    path.write_bytes(czech.encode("cp1250") + (CHARSETS / "greek-windows-1253.vcf").read_bytes())
    people = read_vcard_file(path)
    assert [p.name for p in people] == ["Pøemysl Novák", "Γιώργος Παπαδόπουλος", "Άννα Ιωάννου"]
    assert people.notes == [
        "charset guessed as windows-1253 for 2 cards, windows-1252 for 1 card (check the names)"
    ]


def test_a_charset_declared_on_one_property_reads_the_whole_card() -> None:
    data = (CHARSETS / "charset-on-one-property.vcf").read_bytes()
    [person] = people = read_vcards(data, "one.vcf")
    assert fields(person) == {
        "name": "Győző Kovács",  # FN and NOTE declare nothing; ORG says windows-1250
        "company": "Győri Keksz Kft.",
        "notes": "Ő ajánlott.",
    }
    assert people.notes == []  # declared, not guessed
    # Without the declaration the bytes alone must decide, and the summary says so.
    guessed = read_vcards(data.replace(b";CHARSET=WINDOWS-1250", b""), "one.vcf")
    assert len(guessed.notes) == 1 and guessed.notes[0].startswith("charset guessed as ")


def test_polish_quoted_printable_decided_with_the_rest_of_its_card() -> None:
    # The note's "Gdańsku" alone reads as Spanish "Gdañsku" in Windows-1252; the ł of the name
    # (a symbol there) decides the card, quoted-printable or not.
    [person] = people = read_vcard_file(CHARSETS / "polish-quoted-printable.vcf")
    assert fields(person) == {
        "name": "Paweł Nowiński",
        "phones": ("+48 600 000 001",),
        "location": "Gdańsk, Polska",
        "notes": "Spotkanie w Gdańsku",
    }
    assert people.notes == ["charset guessed as windows-1250 for 1 card"]


def test_real_outlook_label_in_quoted_printable_windows_1250() -> None:
    # Outlook 2003 wrote the home address's LABEL in quoted-printable Windows-1250, declaring
    # nothing: read it without the ADR lines, so the LABEL is what the location comes from.
    path = (
        CORPUS
        / "ical4j__ical4j-vcard"
        / "src__test__resources__samples__vcard-antoni-outlook2003.vcf"
    )
    data = path.read_bytes().replace(b"\nADR;", b"\nX-ADR;").replace(b"LABEL;WORK", b"X-LABEL")
    [person] = people = read_vcards(data, path.name)
    assert person.location == "Kraków, małopolskie 30-072, Polen"
    assert people.notes == ["charset guessed as windows-1250 for 1 card"]


def test_cards_from_two_machines_in_one_file_are_each_read_right() -> None:
    people = read_vcard_file(CHARSETS / "greek-and-polish.vcf")
    assert [(p.name, p.location) for p in people] == [
        ("Γιώργος Παπαδόπουλος", "Αθήνα, Ελλάδα"),
        ("Άννα Ιωάννου", "Θεσσαλονίκη, Ελλάδα"),
        ("Paweł Nowiński", "Gdańsk, Polska"),
        ("Łukasz Wiśniewski", "Kraków, Polska"),
    ]
    assert people.notes == ["charset guessed as windows-1253 for 2 cards, windows-1250 for 2 cards"]


def test_utf8_is_never_guessed() -> None:
    text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ζωή Дмитриевна Łódź 東京\r\nEND:VCARD\r\n" * 2000
    data = text.encode("utf-8")
    assert guess_legacy_charset(data) is None
    people = read_vcards(data, "big.vcf")
    assert len(people) == 2000 and people[0].name == "Ζωή Дмитриевна Łódź 東京"
    assert people.notes == []


def test_a_utf8_file_with_one_legacy_card_guesses_for_that_card_only() -> None:
    utf8 = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ζωή Łódź\r\nEND:VCARD\r\n".encode()
    legacy = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Дмитрий Иванов\r\nEND:VCARD\r\n".encode("cp1251")
    people = read_vcards(utf8 + legacy + utf8, "mixed.vcf")
    assert [p.name for p in people] == ["Ζωή Łódź", "Дмитрий Иванов", "Ζωή Łódź"]
    assert people.notes == ["charset guessed as windows-1251 for 1 card"]


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("Γιώργος Παπαδόπουλος, Αθήνα", "cp1253"),
        ("Νίκος", "cp1253"),
        ("Άννα Ιωάννου", "iso8859-7"),
        ("Дмитрий Иванов, Москва", "cp1251"),
        ("Дмитрий Иванов", "koi8-r"),
        ("Дмитрий Иванов", "iso8859-5"),
        ("позвонить в понедельник", "cp1251"),
        ("Олена Коваленко, Київ", "cp1251"),
        ("ИВАНОВ ИВАН ПЕТРОВИЧ", "cp1251"),
        ("דוד כהן", "cp1255"),
        ("משה", "cp1255"),
        ("שרה לוי", "iso8859-8"),
        ("محمد علي", "cp1256"),
        ("Łukasz Wiśniewski", "cp1250"),
        ("Łukasz Świątek", "iso8859-2"),
        ("Jiří Dvořák", "cp1250"),
        ("Příliš žluťoučký kůň", "iso8859-2"),
        # Central European names whose Windows-1252 reading has no symbol in it, only letters
        # no Western language writes there.
        ("Čeněk Řehoř", "cp1250"),
        ("Čeněk Řehoř", "iso8859-2"),
        ("Dvořák", "cp1250"),
        ("Tomáš Kočí", "cp1250"),
        ("Petr Kříž, Plzeň", "cp1250"),
        ("Růžena Králová", "cp1250"),
        ("Vojtěch Žák", "cp1250"),
        ("Bořivoj Čech", "cp1250"),
        ("Michal Očenáš, Prešov", "cp1250"),
        ("Jozef Kňažko", "cp1250"),
        ("Miroslav Ďuriš", "cp1250"),
        ("Tóth Zoltán, Győr", "cp1250"),
        ("Ivan Horvat, Čakovec", "cp1250"),
        ("Petrović Đorđe", "cp1250"),
        ("Ćwikliński", "cp1250"),
        ("Jānis Bērziņš", "cp1257"),
        ("Ayşe Yılmaz, İstanbul", "cp1254"),
        ("Vilnius, Lietuva. Ąžuolų g. 5", "cp1257"),
        ("René Lämmer, Café €", "cp1252"),
        ("Hélène Dupré, François Lefèvre", "cp1252"),
        ("José Núñez, España", "cp1252"),
        ("O’Brien Müller, Straße", "cp1252"),
        # Western names whose letters read as letters in other code pages too.
        ("Tomás Ñúñez", "cp1252"),
        ("Íñigo Ibáñez", "cp1252"),
        ("Citroën", "cp1252"),
        ("Zoë Noël", "cp1252"),
        ("Mònica Pàmies", "cp1252"),
        ("Niccolò Machiavelli", "cp1252"),
        ("João Estêvão, Conceição", "cp1252"),
        ("Bjørn Ødegaard, Tromsø", "cp1252"),
        ("Ångström", "cp1252"),
        ("Þór Guðmundsdóttir", "cp1252"),
        ("Cœur, Lætitia", "cp1252"),
        ("Màiri MacLeòid", "cp1252"),
        ("Fañch Le Goff", "cp1252"),
    ],
)
def test_the_guess_reads_names_in_their_own_script(text: str, codec: str) -> None:
    data = text.encode(codec)
    guessed = guess_legacy_charset(data)
    assert guessed is not None
    assert data.decode(guessed) == text


def test_csv_files_are_guessed_the_same_way() -> None:
    text = "First Name,Last Name\nΓιώργος,Παπαδόπουλος\nΆννα,Ιωάννου\n"
    assert decode_text_guessing(text.encode("cp1253")) == (text, "cp1253")
    assert decode_text(text.encode("utf-8")) == text
    connections = (
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Дмитрий,Иванов,,,ООО Ромашка,Менеджер,01 Jan 2025\n"
    ).encode("cp1251")
    [person] = read_people(connections, "Connections.csv")
    assert (person.name, person.company) == ("Дмитрий Иванов", "ООО Ромашка")


# -- raw bytes in a card ---------------------------------------------------------------------


def test_a_photo_of_raw_png_bytes_is_skipped_not_refused() -> None:
    data = (CHARSETS / "raw-png-photo.vcf").read_bytes()
    png = (CHARSETS / "raw-png-photo.png").read_bytes()
    assert png in data and b"\x00" in png and b"\r\n" in png  # NULs and line breaks inside
    assert detect_format(data, "photo.vcf") == "vcard"
    people = read_vcards(data, "photo.vcf")
    assert [fields(p) for p in people] == [
        {"name": "Ann Photo", "emails": ("ann.photo@example.com",), "phones": ("+1 555 0100",)},
        {"name": "Bo Plain", "emails": ("bo@example.com",)},
    ]
    assert people.skipped == [] and people.notes == []


@pytest.mark.parametrize("prop", [b"PHOTO", b"LOGO", b"SOUND", b"KEY", b"item1.PHOTO"])
def test_raw_bytes_in_any_binary_property_are_skipped(prop: bytes) -> None:
    png = (CHARSETS / "raw-png-photo.png").read_bytes()
    data = (
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nN:Lee;Ann\r\n"
        + prop
        + b";ENCODING=8BIT:"
        + png
        + b"\r\nTEL;CELL:+1 555 0100\r\nEND:VCARD\r\n"
    )
    [person] = read_vcards(data, "raw.vcf")
    assert (person.name, person.phones) == ("Ann Lee", ("+1 555 0100",))


def test_raw_bytes_may_start_on_the_line_after_the_property() -> None:
    png = (CHARSETS / "raw-png-photo.png").read_bytes()
    data = (
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Ann Lee\r\nPHOTO;ENCODING=8BIT;TYPE=PNG:\r\n"
        + png
        + b"\r\nEMAIL:ann@example.com\r\nEND:VCARD\r\n"
    )
    [person] = read_vcards(data, "raw.vcf")
    assert (person.name, person.emails) == ("Ann Lee", ("ann@example.com",))


def test_binary_files_are_still_refused(tmp_path: Path) -> None:
    archive = tmp_path / "contacts.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(CHARSETS / "raw-png-photo.vcf", "raw-png-photo.vcf")
    nul_in_text = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann\x00\x00\x00 Lee\r\nEND:VCARD\r\n"
    for name, data in [
        ("photo.png", (CHARSETS / "raw-png-photo.png").read_bytes()),
        ("contacts.zip", archive.read_bytes()),
        ("nul.vcf", nul_in_text),
    ]:
        with pytest.raises(FormatError, match=r": not a contact file \(binary data\)$"):
            read_vcards(data, name)


# -- what the import says --------------------------------------------------------------------


def test_import_reports_the_guess_and_the_cards_without_a_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "contacts.vcf"
    source.write_bytes(
        (CHARSETS / "cyrillic-windows-1251.vcf").read_bytes()
        + b"BEGIN:VCARD\r\nVERSION:3.0\r\nNOTE:nobody\r\nEND:VCARD\r\n"
    )
    db = tmp_path / "nb.json"
    assert cli.main(["--db", str(db), "import", str(source)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "contacts.vcf: 3 created, 0 updated, 0 unchanged, 1 skipped",
        "  charset guessed as windows-1251 for 3 cards",
        "  skipped card at line 24: no name",
    ]
    notebook = Notebook.open(db, read_only=True)
    try:
        assert notebook.people.find_by_name("Дмитрий Иванов")
    finally:
        notebook.close()
