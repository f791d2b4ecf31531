"""A generated, deterministic network: the demo notebook and the benchmark tiers.

The same seed and `today` always give the same file, so screenshots and snapshots are stable.
Documents go to the store in one batch: the large tier (30,000 people) must build in seconds.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from .records import FollowUp, Interaction, Person, ReferralAsk, Tie
from .search import fold
from .store import Store


@dataclass(frozen=True)
class Tier:
    people: int
    interactions: int
    ties: int
    companies: int


DEMO = Tier(people=60, interactions=200, ties=90, companies=10)
TYPICAL = Tier(people=1_000, interactions=5_000, ties=2_000, companies=60)
LARGE = Tier(people=30_000, interactions=50_000, ties=30_000, companies=900)
# The large tier's proportions at 100,000 people: where a notebook that grew for years ends up.
HUGE = Tier(people=100_000, interactions=166_000, ties=100_000, companies=3_000)

FIRST = (
    "Dana Sam Maria Omar Priya Lukas Chen Aisha Tomás Ingrid Kwame Sofia Ravi Hannah Mateo "
    "Yuki Fatima Jonas Elena Marcus Zoë Andrés Leila Noah Amara Felix Nadia Hugo Mei Daniel "
    "Grace Emeka Olga Pablo Sinead Tariq Lena Diego Anika Victor Rosa Kenji Ada Ibrahim "
    "Clara Joon Beatriz Stefan Imani Luca Freya Arjun Camille Malik Astrid Rafael Nora Theo "
    "Ngozi Björn Lucía Owen"
).split()
LAST = (
    "Okafor Lindqvist García Nakamura Patel Schmidt Haddad O'Brien Novak Mensah Rossi "
    "Kowalski Dubois Tanaka Fernández Hughes Nguyen Müller Costa Ivanova Abebe Silva Jensen "
    "Moreau Kim Bauer Achebe Larsen Romero Chowdhury Walsh Eriksen Mwangi Petrov Yilmaz "
    "Santos Fischer Brennan Cruz Andersson Delgado Osei Bianchi Horvat Park Reyes Sato Weber "
    "Kaur Nilsen"
).split()
COMPANY_STEMS = (
    "Acme Robotics, Inc.|Northwind Traders|Globex Corporation|Initech|Contoso Ltd|Fabrikam|"
    "Tailspin Toys|Wide World Importers|Blue Yonder Airlines|Litware GmbH|Proseware|Adatum|"
    "Coho Winery|Fourth Coffee|Lamna Healthcare|Margie's Travel|Trey Research|Wingtip Toys|"
    "Humongous Insurance|Alpine Ski House|Graphic Design Institute|Southridge Video|"
    "VanArsdel|Woodgrove Bank|Relecloud|Munson's Pickles|Nod Publishers|Bellows College|"
    "Lucerne Publishing|Consolidated Messenger"
).split("|")
TITLES = (
    "Engineering Manager|Software Engineer|Senior Software Engineer|Product Manager|Designer|"
    "Data Scientist|Recruiter|Technical Recruiter|Hiring Manager|Director of Engineering|"
    "Staff Engineer|Head of People|Account Executive|Marketing Lead|Operations Manager|CTO|"
    "Founder|QA Engineer|Support Lead|Talent Partner"
).split("|")
TAGS = (
    "former colleague|recruiter|mentor|neighbour|college friend|meetup|hiring manager|"
    "resume writer|bootcamp|climbing gym|conference|parent at school"
).split("|")
RELATIONS = (
    "former colleague|sister|brother|college friend|neighbour|ex-manager|teammate|partner|"
    "cousin|mentor|climbing partner|old flatmate"
).split("|")
PLACES = (
    "the bakery on Elm St|Fourth Coffee|the climbing gym|a meetup at the library|Zoom|phone|"
    "the school gate|a conference hallway|the farmers' market|their office|the park"
).split("|")
HOW_MET = (
    "worked together at {company}|met at a meetup about hiring|introduced by a friend|"
    "neighbours for years|met at a conference|college|the climbing gym|"
    "she reviewed my resume|kids at the same school"
).split("|")
TOPICS = (
    "talked about the team's hiring plans|they're moving to a new role next month|"
    "gave me feedback on my resume|said their team might open a backend role in spring|"
    "caught up about old times; they asked how the search is going|"
    "offered to introduce me to their manager|shared a lead on a contract role|"
    "suggested I look at the platform team|talked about salary bands in the industry|"
    "asked me to send a short summary of what I'm looking for"
).split("|")
FOLLOW_UPS = (
    "send my resume|ask about the platform team opening|thank them for the intro|"
    "share the article we talked about|send a short summary of what I'm looking for|"
    "check in after their interview loop"
).split("|")
KINDS = ("in person", "chance meeting", "coffee", "call", "video", "message", "email", "event")


def sentence(text: str) -> str:
    """Capitalised and full-stopped, leaving the rest alone ("I" stays upper case)."""
    return text[0].upper() + text[1:] + "."


def company_names(count: int) -> list[str]:
    """Distinct company names; past the stems, numbered divisions keep them distinct."""
    names = list(COMPANY_STEMS[:count])
    n = 2
    while len(names) < count:
        names.extend(f"{stem.split(',')[0]} {n}" for stem in COMPANY_STEMS[: count - len(names)])
        n += 1
    return names


def generate(store: Store, tier: Tier = DEMO, *, today: date, seed: int = 7) -> None:
    """Fill an empty store with a network of the tier's size, dated relative to `today`."""
    if any(store.rows("people")):
        raise ValueError("the generator fills an empty notebook only")
    rng = random.Random(seed)
    # Uids from a generator of their own: random-looking like every new person's, the same on
    # every run, and without shifting the draws the rest of the network is made from.
    uids = random.Random(f"uids {seed}")
    companies = company_names(tier.companies)
    stamp = datetime.combine(today - timedelta(days=400), time(9)).isoformat()
    large = tier.people > 5_000
    people: list[dict[str, object]] = []
    for n in range(tier.people):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        slug = fold(f"{first}.{last}").replace("'", "")
        company = rng.choice(companies)
        imported = large and rng.random() < 0.8
        past = rng.sample(companies, k=rng.choice((0, 0, 1, 1, 2)))
        person = Person(
            name=f"{first} {last}",
            company=company if rng.random() < 0.9 else "",
            title=rng.choice(TITLES),
            past_companies=tuple(c for c in past if c != company),
            emails=(f"{slug}{n}@example.com",),
            phones=() if imported else (f"+1 555 {rng.randrange(1000, 9999)}",),
            location=rng.choice(("Berlin", "Lisbon", "Toronto", "Austin", "Leeds", "")),
            tags=tuple(rng.sample(TAGS, k=rng.choice((0, 1, 1, 2)))),
            how_met="" if imported else rng.choice(HOW_MET).format(company=rng.choice(companies)),
            notes="" if imported or rng.random() < 0.6 else sentence(rng.choice(TOPICS)),
            cadence_days=rng.choice((None,) * 8 + (14, 30, 60)),
            connected_on=today - timedelta(days=rng.randrange(30, 2500))
            if rng.random() < 0.5
            else None,
            linkedin_url=f"https://www.linkedin.com/in/{slug.replace('.', '-')}-{n}",
            source="linkedin" if imported else "demo",
            created_at=stamp,
            updated_at=stamp,
            uid=str(uuid.UUID(int=uids.getrandbits(128), version=4)),
        )
        people.append(person.to_doc())

    # A core of people you see often, so cadences can be inferred and the stale list has depth.
    core = max(1, tier.people // 4)
    interactions: list[dict[str, object]] = []
    followups: list[dict[str, object]] = []
    for n in range(tier.interactions):
        pid = (
            rng.randrange(1, core + 1) if rng.random() < 0.7 else rng.randrange(1, tier.people + 1)
        )
        who = [pid]
        if rng.random() < 0.15:
            who.append(rng.randrange(1, tier.people + 1))
        when = today - timedelta(days=int(rng.expovariate(1 / 120)) + (0 if n % 7 else 1))
        interactions.append(
            Interaction(
                when=when,
                people=tuple(dict.fromkeys(who)),
                kind=rng.choice(KINDS),
                place=rng.choice(PLACES),
                summary=sentence(rng.choice(TOPICS)),
                created_at=stamp,
            ).to_doc()
        )
        if rng.random() < 0.12:
            due = when + timedelta(days=rng.choice((3, 7, 14, 30)))
            followups.append(
                FollowUp(
                    people=(pid,),
                    text=rng.choice(FOLLOW_UPS),
                    due=due,
                    by="me" if rng.random() < 0.75 else "them",
                    done_at=stamp if due < today - timedelta(days=20) else None,
                    interaction=n + 1,
                    created_at=stamp,
                ).to_doc()
            )

    ties: dict[tuple[int, int], dict[str, object]] = {}
    while len(ties) < min(tier.ties, tier.people * (tier.people - 1) // 2):
        a = rng.randrange(1, tier.people + 1)
        b = rng.randrange(1, tier.people + 1)
        if a == b:
            continue
        pair = (min(a, b), max(a, b))
        ties[pair] = Tie(
            a=pair[0], b=pair[1], relation=rng.choice(RELATIONS), strength=rng.randint(1, 5)
        ).to_doc()

    asks = [
        ReferralAsk(
            target=rng.choice(companies[:5]),
            person=rng.randrange(1, core + 1),
            asked_on=today - timedelta(days=rng.randrange(2, 30)),
            status=rng.choice(("asked", "asked", "agreed", "referred", "interview")),
            updated_at=stamp,
        ).to_doc()
        for _ in range(max(1, tier.people // 20))
    ]

    # Every record's uid from the seed too, so that the same demo is the same file.
    for doc in (*interactions, *followups, *ties.values(), *asks):
        doc["uid"] = str(uuid.UUID(int=uids.getrandbits(128), version=4))
    with store.batch():
        store.insert_many("people", people)
        store.insert_many("interactions", interactions)
        store.insert_many("followups", followups)
        store.insert_many("ties", list(ties.values()))
        store.insert_many("asks", asks)


def build(path: Path, tier: Tier = DEMO, *, today: date, seed: int = 7) -> Path:
    """Write a fresh generated notebook at path."""
    with Store.open(path, backups=0) as store:
        generate(store, tier, today=today, seed=seed)
    return path
