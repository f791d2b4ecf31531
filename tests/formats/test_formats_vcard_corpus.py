"""Every vCard in tests/data/contacts-corpus (other parsers' test files, see SOURCES.tsv) read
field by field: the people each file makes, the cards it skips, and what the reader notes.

Fields a person record leaves empty are not listed. Where a file needs a word on why a value is
right, it is beside the file's entry.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from notebook.formats import read_vcards, write_vcards
from notebook.records import Person

CORPUS = Path(__file__).resolve().parents[1] / "data" / "contacts-corpus"
FILES = sorted(path.relative_to(CORPUS).as_posix() for path in CORPUS.rglob("*.vcf"))
FIELDS = (
    "name",
    "company",
    "title",
    "emails",
    "phones",
    "location",
    "tags",
    "notes",
    "uid",
    "linkedin_url",
)

# Where the files come from (see SOURCES.tsv).
AOSP = "CyanogenMod__android_frameworks_opt_vcard/tests__res__raw__"
ICAL4J = "ical4j__ical4j-vcard/src__test__resources__samples__"
JEROEN = "jeroendesloovere__vcard/"
NODE_VCF = "jhermsmeier__node-vcf/test__data__"
SABRE = "sabre-io__vobject/tests__VObject__"
VOBJECT = "py-vobject__vobject/test_files__"

# file: (each person's non-empty fields, skipped cards, the reader's notes)
EXPECTED: dict[str, tuple[list[dict[str, Any]], list[tuple[str, str]], list[str]]] = {
    # The second ADR runs on over lines ended by a backslash, which no version allows;
    # the first ADR is whole.
    AOSP + "v21_adr_multiple_line.vcf": (
        [
            {"name": "bogus", "location": "Hamburg, Deutschland"},
        ],
        [],
        [],
    ),
    AOSP + "v21_android_custom_prop.vcf": (
        [],
        [("card at line 1", "no name")],
        [],
    ),
    # Backslash escapes are undone in every version: 2.1 knows only `\;`, but 2.1
    # writers use 3.0's escapes too.
    AOSP + "v21_backslash.vcf": (
        [
            {"name": "A;B\\C;D:E\\"},
        ],
        [],
        [],
    ),
    AOSP + "v21_base64_no_2_crlf.vcf": (
        [
            {"name": "fullname"},
        ],
        [],
        [],
    ),
    AOSP + "v21_blackberry_photo.vcf": (
        [
            {
                "name": "boogie",
                "emails": ("forrestgump@walladalla.com",),
                "phones": ("+5555555", "+5555556"),
            },
        ],
        [],
        [],
    ),
    AOSP + "v21_complicated.vcf": (
        [
            {
                "name": "Joe Due",
                "company": "Gump Shrimp Co.",
                "title": "Shrimp Man",
                "emails": ("forrestgump@walladalla.com", "cell@example.com"),
                "phones": (
                    "(111) 555-1212",
                    "(404) 555-1212",
                    "0311111111",
                    "0322222222",
                    "0333333333",
                ),
                "location": "Baytown, LA, United States of America",
                "notes": (
                    "The following note is the example from RFC 2045.\n"
                    "Now's the time for all folk to come to the aid of their country."
                ),
            },
        ],
        [],
        [],
    ),
    AOSP + "v21_im.vcf": (
        [],
        [("card at line 1", "no name")],
        [],
    ),
    # EMAIL is `"Omega"` folded onto `<omega@example.com>`: the address is kept.
    AOSP + "v21_invalid_multiple_line.vcf": (
        [
            {"name": "Omega", "emails": ("omega@example.com",)},
        ],
        [],
        [],
    ),
    # Shift_JIS, declared. The home ADR has a street and a postcode only.
    AOSP + "v21_japanese_2.vcf": (
        [
            {"name": "安藤 ロイド 1", "location": "150-8512", "notes": "メモ"},
        ],
        [],
        [],
    ),
    AOSP + "v21_japanese_3.vcf": (
        [
            {"name": "伊能 圭一 伊予"},
        ],
        [],
        [],
    ),
    AOSP + "v21_malformed_photo.vcf": (
        [
            {"name": "fullname"},
        ],
        [],
        [],
    ),
    AOSP + "v21_multiple_entry.vcf": (
        [
            {"name": "安藤ロイド3", "phones": ("9", "10", "11", "12")},
            {"name": "安藤ロイド4", "phones": ("13", "14", "15", "16")},
            {"name": "安藤ロイド5", "phones": ("17", "18", "19", "20")},
        ],
        [],
        [],
    ),
    AOSP + "v21_nest.vcf": (
        [
            {"name": "parent", "phones": ("1",)},
        ],
        [],
        [],
    ),
    AOSP + "v21_org_before_title.vcf": (
        [
            {"name": "Normal Guy", "company": "Company", "title": "Excellent Janitor"},
        ],
        [],
        [],
    ),
    AOSP + "v21_pref_handling.vcf": (
        [
            {
                "name": "Smith",
                "company": "Company",
                "title": "Engineer",
                "emails": ("test@example.com", "test2@examination.com"),
                "phones": ("2", "1", "3"),
            },
        ],
        [],
        [],
    ),
    AOSP + "v21_simple_1.vcf": (
        [
            {"name": "Roid Ando"},
        ],
        [],
        [],
    ),
    AOSP + "v21_simple_2.vcf": (
        [
            {"name": "Ando Roid"},
        ],
        [],
        [],
    ),
    AOSP + "v21_simple_3.vcf": (
        [
            {"name": "Ando Roid"},
        ],
        [],
        [],
    ),
    AOSP + "v21_sip.vcf": (
        [
            {"name": "Android"},
        ],
        [],
        [],
    ),
    AOSP + "v21_title_before_org.vcf": (
        [
            {"name": "Nice Guy", "company": "Marverous", "title": "Cool Title"},
        ],
        [],
        [],
    ),
    AOSP + "v21_x_android_custom_after_photo.vcf": (
        [
            {"name": "Roid Ando"},
        ],
        [],
        [],
    ),
    AOSP + "v21_x_param.vcf": (
        [
            {
                "name": "Roid Ando",
                "emails": ("email@example.com", "email2@example.com"),
                "phones": ("1", "2"),
                "location": "street",
            },
        ],
        [],
        [],
    ),
    AOSP + "v30_comma_separated.vcf": (
        [
            {"name": "G M F", "phones": ("1",)},
        ],
        [],
        [],
    ),
    AOSP + "v30_japanese.vcf": (
        [
            {"name": "伊能 圭一 伊予"},
        ],
        [],
        [],
    ),
    AOSP + "v30_multibyte_param.vcf": (
        [
            {"name": "G M F", "phones": ("1",)},
        ],
        [],
        [],
    ),
    AOSP + "v30_pager.vcf": (
        [
            {"name": "G M F", "phones": ("6101231234@pagersample.com",)},
        ],
        [],
        [],
    ),
    AOSP + "v30_pause_wait.vcf": (
        [
            {"name": "Pause Wait", "phones": ("p1234p5678w9",)},
        ],
        [],
        [],
    ),
    AOSP + "v30_simple.vcf": (
        [
            {"name": "And Roid", "company": "Open", "phones": ("0300000000",)},
        ],
        [],
        [],
    ),
    AOSP + "v30_sip.vcf": (
        [
            {"name": "Android"},
        ],
        [],
        [],
    ),
    AOSP + "v40_sip.vcf": (
        [
            {"name": "安藤 ロイド", "phones": ("1", "sip:example@example.com")},
        ],
        [],
        [],
    ),
    AOSP + "v40_sort_as.vcf": (
        [
            {"name": "安藤 ロイド", "company": "グーグル"},
        ],
        [],
        [],
    ),
    ICAL4J + "4b62872a-849-0.vcf": (
        [
            {
                "name": "Herr Franz M. Branntwein",
                "emails": ("franz.m.branntwein@example.com",),
                "phones": ("0221 12345678",),
                "location": "Köln, Nordrhein-Westfalen, Deutschland",
                "uid": "4b62872a-849-0",
            },
        ],
        [],
        [],
    ),
    ICAL4J + "invalid__vcard-dirk-whitespaceafterbegin.vcf": (
        [
            {
                "name": "Dirk",
                "emails": ("dirk@sap.com",),
                "location": "Szczecin",
                "notes": "The canonical Dirk",
            },
        ],
        [],
        [],
    ),
    ICAL4J + "invalid__vcard-incompletenproperty.vcf": (
        [
            {
                "name": "Antoni Mylka",
                "emails": ("antoni@mylka.pl",),
                "location": "Szczecin",
                "notes": "Antoni Mylka from Aperture project",
            },
        ],
        [],
        [],
    ),
    ICAL4J + "valid__Denis_Hennessy.vcf": (
        [
            {
                "name": "Denis Hennessy",
                "company": "ISOCOR",
                "emails": ("denis.hennessy@isocor.com",),
                "phones": ("+353-1-676-0366", "+353-1-676-0856"),
                "location": "Dublin 2, Ireland",
            },
        ],
        [],
        [],
    ),
    ICAL4J + "valid__Frank_Dawson.vcf": (
        [
            {
                "name": "Frank Dawson",
                "company": "Lotus Development Corporation",
                "emails": ("Frank_Dawson@Lotus.com", "fdawson@earthlink.net"),
                "phones": ("+1-919-676-9515", "+1-919-676-9564"),
                "location": "Raleigh, NC, USA",
            },
        ],
        [],
        [],
    ),
    ICAL4J + "valid__Simon_Perreault.vcf": (
        [
            {
                "name": "Simon Perreault",
                "company": "Viagenie",
                "emails": ("simon.perreault@viagenie.ca",),
                "phones": ("+1-418-656-9254;ext=102", "+1-418-262-6501", "+1-418-656-9257"),
                "location": "Quebec, QC, Canada",
            },
        ],
        [],
        [],
    ),
    ICAL4J + "valid__Simon_Perreault_03.vcf": (
        [
            {
                "name": "Simon Perreault",
                "company": "Viagenie",
                "emails": ("simon.perreault@viagenie.ca",),
                "phones": ("+1-418-656-9254;ext=102", "+1-418-656-9257"),
                "location": "Quebec, QC, Canada",
            },
        ],
        [],
        [],
    ),
    ICAL4J + "valid__Tony_Small.vcf": (
        [
            {
                "name": "Tony Small",
                "company": "XpertSite.Com",
                "emails": ("tony@xpertsite.com",),
                "phones": ("+1-206-937-9972", "+1-206-936-7329"),
                "location": "Seattle, WA, USA",
            },
        ],
        [],
        [],
    ),
    ICAL4J + "valid__vcard-group.vcf": (
        [],
        [("card at line 1", "no name")],
        [],
    ),
    ICAL4J + "valid__vcard-lowercase.vcf": (
        [
            {"name": "xy@zz.com", "emails": ("xy@zz.com",)},
        ],
        [],
        [],
    ),
    ICAL4J + "valid__vcard-url.vcf": (
        [],
        [("card at line 1", "no name")],
        [],
    ),
    ICAL4J + "vcard-antoni-cardpicture.vcf": (
        [
            {
                "name": "Antoni Mylka",
                "company": "AM Services",
                "emails": ("antoni@amservices.pl",),
                "phones": ("(043) 7245-7234", "0634 272 451", "(012) 7234-8012"),
                "location": "Poland",
            },
        ],
        [],
        [],
    ),
    ICAL4J + "vcard-antoni-kontact.vcf": (
        [
            {
                "name": "Antoni Mylka",
                "company": "Aperture Project",
                "title": "Chief Information Officer",
                "emails": (
                    "antoni.mylka.kde@somedomain.com",
                    "antoni.mylka.otherkde@otherdomain.com",
                ),
                "phones": ("+48 91 3 177 6584", "+48 12 617 23 34", "+48 691 723 056"),
                "location": "Police, zachodniopomorskie, Polska",
                "notes": "These are some notes about Antoni",
                "uid": "BHTRsCvcmd",
            },
        ],
        [],
        [],
    ),
    ICAL4J + "vcard-antoni-outlook2003-valueurl.vcf": (
        [
            {
                "name": "Antoni Jozef Mylka jun.",
                "company": "DFKI",
                "title": "Intern",
                "emails": ("antoni_mylka@somedomain.com",),
                "phones": ("49 631 234 341", "48 691 342 341", "48 91 3 175 234"),
                "location": "Kaiserslautern, Rheinland-Pfalz, Deutschland",
                "notes": "These are some notes about antoni.",
            },
        ],
        [],
        ["charset guessed as windows-1250 for 1 card"],
    ),
    # The home LABEL is quoted-printable Windows-1250 with no CHARSET (Kraków,
    # małopolskie); the location comes from the work ADR.
    ICAL4J + "vcard-antoni-outlook2003.vcf": (
        [
            {
                "name": "Antoni Jozef Mylka jun.",
                "company": "DFKI",
                "title": "Intern",
                "emails": ("antoni_mylka@somedomain.com",),
                "phones": ("49 631 234 341", "48 691 342 341", "48 91 3 175 234"),
                "location": "Kaiserslautern, Rheinland-Pfalz, Deutschland",
                "notes": "These are some notes about antoni.",
            },
        ],
        [],
        ["charset guessed as windows-1250 for 1 card"],
    ),
    ICAL4J + "vcard-dirk.vcf": (
        [
            {"name": "Dirk", "emails": ("dirk@sap.com",), "notes": "The canonical Dirk"},
        ],
        [],
        [],
    ),
    ICAL4J + "vcard-rfc2426.vcf": (
        [
            {
                "name": "Frank Dawson",
                "company": "Lotus Development Corporation",
                "emails": ("Frank_Dawson@Lotus.com", "fdawson@earthlink.net"),
                "phones": ("+1-919-676-9515", "+1-919-676-9564"),
                "location": "Raleigh, NC, U.S.A.",
            },
            {
                "name": "Tim Howes",
                "company": "Netscape Communications Corp.",
                "emails": ("howes@netscape.com",),
                "phones": ("+1-415-937-3419", "+1-415-528-4164"),
                "location": "Mountain View, CA, U.S.A.",
            },
        ],
        [],
        [],
    ),
    # Raw Windows-1252 without CHARSET on seven cards (Spaßlund, Günther, Müller);
    # one TEL holds only a `§`, kept as the file gives it.
    ICAL4J + "vcard-vCards-SAP.vcf": (
        [
            {
                "name": "Gwendolina Brown",
                "emails": ("Gwendolina.Brown@sap.com",),
                "tags": ("Demo", "Nepomuk(SAP)"),
            },
            {
                "name": "Peter Smalholtz",
                "company": "SAP",
                "emails": ("Peter.Smalholtz@sap.com",),
                "phones": ("§",),
                "tags": ("Demo", "Nepomuk(SAP)"),
            },
            {
                "name": "Kristina Krull",
                "company": "SAP",
                "emails": ("Kristina.Krull@sap.com",),
                "tags": ("Demo", "Nepomuk(SAP)"),
            },
            {
                "name": "Rutger Dreger",
                "company": "SAP",
                "emails": ("Rutger.Dreger@sap.com",),
                "tags": ("Demo", "Nepomuk(SAP)"),
            },
            {
                "name": "Karlsruhe Travel",
                "company": "Karlsruhe Travel",
                "emails": ("Frida.Tocken@karlsruhetravel.com",),
                "tags": ("Demo", "Nepomuk(SAP)"),
            },
            {
                "name": "Ulla Bernadotte",
                "emails": ("Ullis@yahoo.com",),
                "tags": ("Demo", "Nepomuk(SAP)"),
            },
            {
                "name": "Albert Aubrey",
                "company": "SAP",
                "emails": ("Albert.Aubrey@sap.com",),
                "tags": ("Demo", "Nepomuk(SAP)"),
            },
            {
                "name": "Helmut Meyer",
                "company": "SAP",
                "emails": ("Helmut.Meyer@sap.com",),
                "tags": ("Demo", "Nepomuk(SAP)"),
            },
            {
                "name": "Marco Andriotti",
                "company": "SAP",
                "emails": ("Marco.Andriotti@sap.com",),
                "phones": ("+44 28 90930084",),
                "location": "Newtownabbey, United Kingdom",
                "tags": ("Demo", "Nepomuk(SAP)"),
            },
            {
                "name": "Ingrid Spaßlund",
                "company": "Nike",
                "emails": ("Ingrid.Spasslund@nikesport.com",),
                "tags": ("Demo", "Nepomuk(SAP)"),
            },
            {
                "name": "Adam Atkins",
                "company": "SAP",
                "emails": ("Adam.Atkins@sap.com",),
                "tags": ("Demo", "Nepomuk(SAP)"),
            },
            {
                "name": "Martin Williams",
                "company": "SAP",
                "emails": ("Martin.Williams@sap.com",),
                "phones": ("+61 7 3259 9599",),
                "location": "Brisbane, Australia",
                "tags": ("Demo", "Nepomuk(SAP)"),
            },
            {
                "name": "Margit Stern",
                "phones": ("+4978432748392",),
                "location": "Siegertsbrunn, Deutschland",
                "tags": ("Demo", "Nepomuk(SAP)"),
            },
            {
                "name": "Frederica Fuchs",
                "emails": ("Frederica_64@hotmail.com",),
                "tags": ("Demo", "Nepomuk(SAP)"),
            },
            {
                "name": "Günther Blümchen",
                "company": "Oracle",
                "emails": ("Guenther.Bluemchen@oracle.com",),
                "phones": ("+1.650.506.7000",),
                "location": "Redwood Shores, United States of America",
                "tags": ("Demo", "Nepomuk(SAP)"),
            },
            {
                "name": "Hans Kohler",
                "company": "SAP",
                "emails": ("Hans.Kohler@sap.com",),
                "tags": ("Demo", "Nepomuk(SAP)"),
            },
            {
                "name": "Fritz Lang",
                "company": "SAP",
                "emails": ("Fritz.Lang@sap.com",),
                "tags": ("Demo", "Nepomuk(SAP)"),
            },
            {
                "name": "Claudia Stern",
                "company": "SAP",
                "emails": ("claudi-1@csc.kth.se",),
                "phones": ("+49(721)123456", "+49(175)1234567"),
                "location": "Karlsruhe, Germany",
                "tags": ("Demo", "Nepomuk(SAP)"),
            },
            {
                "name": "Harald Treutiger",
                "company": "Siemens",
                "emails": ("Harald.Treutiger@siemens.de",),
                "phones": ("+94 (0800) 2255337",),
                "location": "Augsburg, Deutschland",
                "tags": ("Demo", "Nepomuk(SAP)"),
            },
            {
                "name": "Berit Müller",
                "company": "SAP",
                "emails": ("Berit.Mueller@sap.com",),
                "tags": ("Demo", "Nepomuk(SAP)"),
            },
            {
                "name": "Mathilde Wolf",
                "company": "SAP",
                "emails": ("Mathilde.Wolf@sap.com",),
                "tags": ("Demo", "Nepomuk(SAP)"),
            },
            {
                "name": "Dirk Hageman",
                "company": "SAP",
                "emails": ("dirk-1@csc.kth.se",),
                "phones": ("+49(721)847932", "+49(175)9876543"),
                "location": "Karlsruhe, Germany",
                "tags": ("Demo", "Nepomuk(SAP)"),
            },
            {
                "name": "Daniel Wimmerman",
                "emails": ("Daniel.Wimmerman@sap.com",),
                "tags": ("Demo", "Nepomuk(SAP)"),
            },
            {
                "name": "Daniel Kurtz",
                "company": "SAP",
                "emails": ("Daniel.Kurtz@sap.com",),
                "tags": ("Demo", "Nepomuk(SAP)"),
            },
            {
                "name": "Caspar Schnurrbart",
                "emails": ("Caspar.Schnurrbart@sap.com",),
                "tags": ("Demo", "Nepomuk(SAP)"),
            },
            {
                "name": "Monika Setter",
                "company": "SAP",
                "emails": ("Monika.Setter@sap.com",),
                "tags": ("Demo", "Nepomuk(SAP)"),
            },
            {
                "name": "Heinrich Glans",
                "company": "SAP",
                "emails": ("Heinrich.Glans@sap.com",),
                "tags": ("Demo", "Nepomuk(SAP)"),
            },
            {
                "name": "Ambrosia Fischer",
                "company": "SAP",
                "emails": ("Ambrosia.Fischer@sap.com",),
                "phones": ("+49(721)894763", "+49(175)74632934"),
                "location": "Karlsruhe, Germany",
                "tags": ("Demo", "Nepomuk(SAP)"),
            },
            {
                "name": "Markus Sprung",
                "company": "SAP",
                "emails": ("Markus.Sprung@sap.com",),
                "tags": ("Demo", "Nepomuk(SAP)"),
            },
            {
                "name": "Diana Smith",
                "company": "SAP",
                "emails": ("Diana.Smith@sap.com",),
                "tags": ("Demo", "Nepomuk(SAP)"),
            },
        ],
        [],
        ["charset guessed as windows-1252 for 7 cards"],
    ),
    JEROEN + "examples__assets__contacts.vcf": (
        [
            {
                "name": "Thies-Tillman Jacobsen",
                "tags": ("Sportverein",),
                "notes": "Lieblingsfarbe: Violett",
            },
            {
                "name": "Lenn Biernoth",
                "title": "Strassenreiniger",
                "emails": ("lenn@lbi.net",),
                "tags": ("Familie",),
                "notes": (
                    "Interessen: Internet trollen, Kekse backen, Videos schneiden\n"
                    "Lieblingsessen: Chillibrot mit Kartoffelpuffer"
                ),
            },
            {
                "name": "Ludwig-Götz Graßl",
                "title": "Rentner",
                "emails": ("ludwig-goetz@ludwig-goetz-grassl.org",),
                "tags": ("Piratenpartei",),
                "notes": "Interessen: Stofftiere, Basketball\nLieblingsessen: Reiberouladen",
            },
            {
                "name": "Marita Kreutzer",
                "title": "Rentnerin",
                "tags": ("CCC",),
                "notes": "Interessen: Handarbeiten\nLieblingsfarbe: Weiß\nLieblingsessen: Orangen",
            },
            {
                "name": "Kathi Hoelzl",
                "emails": ("kathi.hoelzl@alhilal.net",),
                "tags": ("Piratenpartei",),
            },
        ],
        [],
        [],
    ),
    JEROEN + "tests__example.vcf": (
        [
            {"name": "Jeroen Desloovere", "emails": ("site@example.com",)},
        ],
        [],
        [],
    ),
    JEROEN + "tests__invalid_encoding.vcf": (
        [
            {"name": "Jeroen Desloovere", "emails": ("site@example.com",)},
        ],
        [],
        [],
    ),
    NODE_VCF + "empty-lines.vcf": (
        [
            {
                "name": "Dr. Erika Mustermann",
                "company": "Wikimedia",
                "title": "Redaktion & Gestaltung",
                "emails": ("erika@mustermann.de",),
                "phones": ("+49 221 9999123", "+49 221 1234567"),
                "location": "Köln, Germany",
            },
        ],
        [],
        [],
    ),
    NODE_VCF + "multiple.vcf": (
        [
            {
                "name": "Dr. Erika Mustermann",
                "company": "Wikimedia",
                "title": "Redaktion & Gestaltung",
                "emails": ("erika@mustermann.de",),
                "phones": ("+49-221-9999123", "+49-221-1234567"),
                "location": "Köln, Germany",
            },
            {
                "name": "Dr. Erika Mustermann",
                "company": "Wikimedia",
                "title": "Redaktion & Gestaltung",
                "emails": ("erika@mustermann.de",),
                "phones": ("(0221) 9999123", "(0221) 1234567"),
                "location": "Koeln, Deutschland",
            },
            {
                "name": "Dr. Erika Mustermann",
                "company": "Wikimedia",
                "title": "Redaktion & Gestaltung",
                "emails": ("erika@mustermann.de",),
                "phones": ("+49 221 9999123", "+49 221 1234567"),
                "location": "Köln, Germany",
            },
        ],
        [],
        [],
    ),
    NODE_VCF + "photo-base64.vcf": (
        [],
        [("card at line 1", "no name")],
        [],
    ),
    NODE_VCF + "quoted-list.vcf": (
        [
            {"name": "+1-555-555-5555;ext=5555", "phones": ("+1-555-555-5555;ext=5555",)},
        ],
        [],
        [],
    ),
    NODE_VCF + "vcard-2.1.vcf": (
        [
            {
                "name": "Forrest Gump",
                "company": "Bubba Gump Shrimp Co.",
                "title": "Shrimp Man",
                "emails": ("forrestgump@example.com",),
                "phones": ("(111) 555-1212", "(404) 555-1212"),
                "location": "Baytown, LA, United States of America",
            },
        ],
        [],
        [],
    ),
    NODE_VCF + "vcard-3.0.vcf": (
        [
            {
                "name": "Forrest Gump",
                "company": "Bubba Gump Shrimp Co.",
                "title": "Shrimp Man",
                "emails": ("forrestgump@example.com",),
                "phones": ("(111) 555-1212", "(404) 555-1212"),
                "location": "Baytown, LA, United States of America",
            },
        ],
        [],
        [],
    ),
    NODE_VCF + "vcard-4.0.vcf": (
        [
            {
                "name": "Forrest Gump",
                "company": "Bubba Gump Shrimp Co.",
                "title": "Shrimp Man",
                "emails": ("forrestgump@example.com",),
                "phones": ("+11115551212", "+14045551212", "+14045551213"),
                "location": "Baytown, LA, United States of America",
            },
        ],
        [],
        [],
    ),
    NODE_VCF + "xing.vcf": (
        [
            {
                "name": "Hans-Peter Mustermann",
                "company": "Example GmbH",
                "title": "CTO",
                "location": "City Name, Country",
                "tags": ("Consulting",),
                "notes": "17.02.2016, 19:18 - XING - http://www.xing.com/profile/Hans-Peter-Mustermann",
                "uid": "XING-UID-XXXXXXXX",
            },
        ],
        [],
        [],
    ),
    VOBJECT + "radicale-1587.vcf": (
        [
            {"name": "Given Family"},
        ],
        [],
        [],
    ),
    SABRE + "issue153.vcf": (
        [
            {"name": "Test Benutzer"},
        ],
        [],
        [],
    ),
    SABRE + "issue64.vcf": (
        [],
        [("card at line 1", "no name")],
        [],
    ),
}


def filled(person: Person) -> dict[str, Any]:
    return {name: getattr(person, name) for name in FIELDS if getattr(person, name)}


def test_every_file_is_covered() -> None:
    assert sorted(EXPECTED) == FILES


@pytest.mark.parametrize("name", FILES)
def test_read_field_by_field(name: str) -> None:
    people, skipped, notes = EXPECTED[name]
    contacts = read_vcards((CORPUS / name).read_bytes(), Path(name).name)
    assert [filled(person) for person in contacts] == people
    assert contacts.skipped == skipped
    assert contacts.notes == notes
    assert all(person.source == f"vcard:{Path(name).name}" for person in contacts)


@pytest.mark.parametrize("name", FILES)
def test_exported_again_reads_the_same(name: str) -> None:
    people = read_vcards((CORPUS / name).read_bytes(), Path(name).name)
    exported = write_vcards(people)
    if not people:
        assert exported == ""  # nobody to write
        return
    again = read_vcards(exported.encode("utf-8"), Path(name).name)
    assert [filled(person) for person in again] == [filled(person) for person in people]
    assert write_vcards(again) == exported
