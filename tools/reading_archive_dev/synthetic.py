"""A deterministic synthetic news corpus: seeds and a glossary to benchmark and evaluate with.

`generate_corpus(n, seed=s)` invents a small news world and writes `n` articles about it, each a
seed file in the exact seed format, labelled with the *story* it belongs to, plus a glossary of
the world's most mentioned people, places and organisations and some topic concepts. The same
arguments always give byte-identical output: all randomness comes from `random.Random(seed)`
(and, for glossary entries nobody mentions, from `random.Random(f"{seed}-glossary")`), never from
the global generator, the clock, or the iteration order of a set.

The world is built so that finding the articles of the same story is realistic, not trivial:

- entities (people, places, organisations) come from pools shared by all stories, drawn with a
  Zipf-like popularity, so popular ones turn up in many unrelated stories;
- about 60 topics each have ~25 words (topics share some); stories choose a main topic with a
  skewed popularity, so many stories share one, and a quarter of the stories are *siblings* of
  an earlier story: same topic, a start within a month of it, often a shared place or person;
- each article mixes its story's topic words and entities with general news filler and words
  and entities of one or two unrelated topics. Of the words that count for similarity
  (`related.article_words`), about half are the story's (mean 51 %, 46–56 % for 80 % of articles),
  13 % unrelated (10–16 %), the rest filler.

The article texts read like (rather repetitive) news prose: sentences of 12–30 words from
templates, paragraphs of 2–4 sentences, quotes, an occasional subheading and
`Related article:` line. Names are ASCII. Everything is fictional.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import itertools
import json
import random
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from reading_archive.base.dates import MONTH_NAMES

__all__ = [
    "Corpus",
    "SyntheticArticle",
    "SyntheticGlossaryTerm",
    "SyntheticStory",
    "generate_corpus",
    "write_corpus",
]


@dataclass(frozen=True)
class SyntheticArticle:
    name: str  # seed file name, e.g. "s00042_3f2a9c1b.txt" (unique)
    text: str  # the seed file text, in the exact seed format
    story: int  # id of the story cluster it belongs to (the label for evaluation)
    url: str  # its original URL (unique)
    copy_of: str | None = None  # for a republished copy: the name of the article it reproduces


@dataclass(frozen=True)
class SyntheticGlossaryTerm:
    id: str
    text: str  # glossary/<id>.md file content in the glossary format


@dataclass(frozen=True)
class SyntheticStory:
    """What a story is about: for analysing mistakes, not needed to use the corpus."""

    id: int
    topic: str  # main topic
    secondary: str | None  # secondary topic, if any
    people: tuple[str, ...]  # full names, the lead first
    places: tuple[str, ...]
    organisations: tuple[str, ...]
    start: dt.date
    days: int  # the articles' dates are start .. start + days
    parent: int | None  # the earlier story this one is a sibling of (same topic, close in time)


@dataclass(frozen=True)
class Corpus:
    articles: tuple[SyntheticArticle, ...]  # in seed-name order
    glossary: tuple[SyntheticGlossaryTerm, ...]  # in id order
    stories: tuple[SyntheticStory, ...] = ()  # by id


# --------------------------------------------------------------------------------------------
# Vocabulary

# topic | concept (a glossary term, also one of the nouns) | nouns | adjectives | participles
_TOPICS_TEXT = """
energy | power grid | electricity, blackout, outage, substation, turbines, generators, tariffs, \
megawatts, utility, transmission lines, power station, heating, coal, fuel, capacity | electric, \
thermal, hydroelectric, overloaded, regional | restored, rationed, disconnected, repaired, upgraded
gas pipelines | gas transit | pipeline, gas, compressor station, transit, gas storage, supplies, \
contract, volumes, cubic metres, shipments, valves, terminal, liquefied gas, suppliers, consumers \
| offshore, long-term, liquefied, underground, reverse | halted, rerouted, suspended, pumped, \
renegotiated
oil market | oil price cap | crude, barrels, refinery, oil, tankers, exports, output, production \
quotas, oilfield, diesel, petrol, buyers, discounts, revenue, price cap | refined, seaborne, \
volatile, discounted, sour | capped, shipped, refined, boosted, slashed
nuclear power | nuclear safety | reactor, nuclear plant, uranium, inspectors, radiation, cooling \
system, fuel rods, shutdown, safety checks, nuclear waste, containment, operators, power unit, \
isotopes, spent fuel | nuclear, radioactive, atomic, civilian, decommissioned | inspected, shut, \
monitored, refuelled, evacuated
grain exports | grain corridor | grain, wheat, barley, maize, harvest, silos, cargo, ports, \
shipments, exporters, freight, bulk carriers, tonnes, export quotas, buyers | agricultural, \
seaborne, bumper, durum, milling | loaded, shipped, stockpiled, exported, inspected
agriculture | farm subsidies | farmers, fields, crops, fertiliser, livestock, tractors, dairy, \
seeds, irrigation, farmland, cooperatives, yields, pesticides, pasture, harvest | rural, organic, \
arable, agricultural, seasonal | planted, harvested, subsidised, ploughed, irrigated
elections | early voting | ballots, voters, turnout, candidates, polling stations, campaign, \
observers, recount, runoff, constituency, electoral commission, precinct, ballot boxes, polls, \
vote | electoral, presidential, municipal, rigged, contested | counted, registered, disqualified, \
nominated, monitored
parliament | draft law | lawmakers, deputies, bill, amendment, legislature, second reading, \
speaker, committee, faction, quorum, decree, session, chamber, legislation, vote | parliamentary, \
legislative, constitutional, procedural, sweeping | passed, debated, vetoed, amended, adopted
sanctions | asset freeze | sanctions, embargo, blacklist, assets, restrictions, exemptions, export \
controls, oligarchs, banks, evasion, sanctions package, designations, penalties, waivers, \
loopholes | punitive, sectoral, secondary, restrictive, financial | imposed, frozen, lifted, \
extended, tightened
military drills | military exercises | troops, drills, manoeuvres, brigades, tanks, artillery, \
paratroopers, battalion, training ground, warplanes, readiness, deployment, reservists, \
commanders, exercises | military, joint, large-scale, tactical, airborne | deployed, mobilised, \
stationed, inspected, rehearsed
navy | naval blockade | warships, fleet, frigate, navy, sailors, patrol boats, harbour, strait, \
submarine, minesweepers, coast guard, vessels, cruiser, blockade, port | naval, maritime, coastal, \
amphibious, territorial | patrolled, blockaded, intercepted, escorted, detained
air defence | air defence | drones, missiles, interceptors, radar, airspace, air raid, sirens, \
launchers, debris, strikes, shelters, batteries, warheads, barrage, air defence systems | aerial, \
ballistic, unmanned, long-range, anti-aircraft | intercepted, launched, downed, shot down, detected
border security | border crossing | border, checkpoint, guards, smugglers, fence, frontier, \
customs officers, patrols, visas, queues, lorries, passports, buffer zone, incursions, crossing | \
cross-border, porous, fortified, illegal, heavily guarded | closed, reopened, guarded, fortified, \
sealed
refugees | refugee status | refugees, asylum, migrants, shelters, displaced families, camps, \
evacuees, humanitarian aid, host communities, permits, registration, relocation, volunteers, \
arrivals, integration | displaced, humanitarian, temporary, undocumented, stateless | resettled, \
evacuated, registered, housed, deported
corruption | anti-corruption investigation | bribes, embezzlement, kickbacks, investigators, \
audit, procurement, tenders, fraud, searches, graft, inquiry, money laundering, contracts, \
whistleblower, shell companies | corrupt, fraudulent, inflated, illicit, offshore | embezzled, \
uncovered, audited, exposed, laundered
courts | appeals court | court, judge, verdict, trial, sentence, defendants, prosecutors, appeal, \
hearing, lawyers, charges, acquittal, jury, custody, testimony | judicial, criminal, lengthy, \
suspended, pre-trial | sentenced, acquitted, charged, convicted, detained
press freedom | foreign agent label | journalists, newspaper, editors, broadcaster, censorship, \
media outlets, reporters, licence, foreign agents, newsroom, bloggers, publication, accreditation, \
channel, press | independent, state-run, critical, banned, online | blocked, censored, labelled, \
raided, shut down
protests | street protests | protesters, rally, demonstration, march, police, detentions, riot \
police, slogans, crowds, organisers, square, placards, tear gas, arrests, picket | peaceful, \
unauthorised, spontaneous, mass, anti-government | dispersed, detained, banned, organised, arrested
inflation | key rate | inflation, interest rate, central bank, prices, rate hike, monetary policy, \
consumer prices, forecast, economists, deposits, lending, borrowing costs, basket, target, \
liquidity | monetary, annual, core, persistent, tight | raised, lowered, held, revised, adjusted
banking | bank bailout | banks, lenders, deposits, loans, bailout, regulators, capital, balance \
sheet, bonds, creditors, default, insolvency, shareholders, mortgages, reserves | insolvent, \
state-owned, systemic, commercial, troubled | recapitalised, nationalised, audited, merged, \
liquidated
currency | exchange rate | currency, rouble, devaluation, reserves, foreign exchange, dollar, \
euro, speculators, capital controls, remittances, exchange offices, banknotes, peg, depreciation, \
volatility | weak, strong, convertible, volatile, official | devalued, pegged, propped up, \
converted, traded
trade | customs tariffs | tariffs, customs, imports, duties, trade deficit, quotas, exporters, \
goods, supply chains, shipments, containers, trade deal, dumping, retaliation, free trade zone | \
bilateral, protectionist, retaliatory, duty-free, cross-border | imposed, negotiated, waived, \
lifted, raised
railways | rail network | railway, trains, locomotives, tracks, rail freight, stations, carriages, \
timetable, derailment, rail link, passengers, depot, gauge, signalling, freight wagons | \
high-speed, suburban, electrified, narrow-gauge, overnight | derailed, electrified, delayed, \
rerouted, modernised
aviation | flight ban | airlines, flights, airport, runway, aircraft, pilots, passengers, air \
traffic control, spare parts, fleet, cancellations, carriers, hangar, cargo planes, routes | \
commercial, domestic, grounded, international, low-cost | grounded, diverted, cancelled, leased, \
certified
internet | internet shutdown | internet, websites, platforms, VPN services, messaging apps, \
providers, bandwidth, servers, connection, blocking, users, operators, mobile data, traffic, \
domain | online, mobile, encrypted, digital, restricted | blocked, throttled, restricted, \
restored, filtered
cyberattacks | cyberattack | hackers, malware, ransomware, servers, breach, networks, databases, \
passwords, intrusion, attribution, phishing, vulnerabilities, backups, outages, cyberattack | \
digital, malicious, state-sponsored, sophisticated, coordinated | hacked, breached, encrypted, \
compromised, leaked
healthcare | hospital reform | hospitals, doctors, nurses, patients, clinics, ambulances, waiting \
lists, medicines, surgery, wards, health insurance, staff shortages, emergency rooms, beds, \
pharmacies | medical, understaffed, rural, emergency, chronic | treated, admitted, discharged, \
hospitalised, underfunded
pandemic | vaccination campaign | vaccines, infections, cases, lockdown, quarantine, masks, virus, \
outbreak, testing, doses, restrictions, variant, intensive care, epidemiologists, immunity | \
contagious, viral, mandatory, daily, infectious | vaccinated, quarantined, infected, tested, \
isolated
education | school curriculum | schools, teachers, pupils, students, universities, curriculum, \
exams, textbooks, classrooms, tuition, lecturers, enrolment, graduates, scholarships, rector | \
academic, secondary, compulsory, vocational, public | enrolled, expelled, graduated, closed, \
accredited
housing | housing programme | apartments, housing, construction, developers, mortgages, rents, \
tenants, building permits, residential blocks, demolition, landlords, homeowners, renovation, \
estates, housing prices | residential, affordable, dilapidated, unfinished, social | demolished, \
renovated, built, rented, rehoused
floods | flood defences | floods, river, dam, rainfall, embankments, evacuations, rescuers, water \
levels, villages, sandbags, flooding, boats, damage, emergency services, storm | torrential, \
flooded, rising, submerged, catastrophic | flooded, evacuated, submerged, washed away, breached
wildfires | forest fires | wildfires, blaze, firefighters, forests, smoke, hectares, water \
bombers, heatwave, drought, arson, flames, villages, fire crews, embers, burned area | dry, \
uncontrolled, scorching, charred, smouldering | extinguished, contained, burned, spread, evacuated
environment | emissions target | pollution, emissions, smog, waste, recycling, landfill, \
factories, environmentalists, carbon, air quality, rivers, toxic spills, climate, chemicals, \
protected areas | toxic, polluted, green, industrial, environmental | polluted, dumped, recycled, \
monitored, contaminated
mining | mining licence | mines, miners, ore, nickel, copper, coal, smelter, quarry, deposits, \
extraction, metals, shafts, tailings, concessions, aluminium | underground, open-pit, rare, \
metallurgical, industrial | mined, extracted, smelted, exported, flooded
space | launch programme | rocket, launch, satellite, cosmodrome, cosmonauts, orbit, space \
station, spacecraft, launch pad, payload, engine, mission, countdown, booster, module | orbital, \
lunar, manned, reusable, commercial | launched, docked, delayed, postponed, orbited
sport | doping scandal | athletes, doping, federation, coaches, championship, football, stadium, \
fans, tournament, medals, referee, league, transfers, Olympics, anti-doping rules | sporting, \
national, professional, banned, international | banned, suspended, disqualified, reinstated, fined
culture | film festival | theatre, directors, actors, festival, premiere, audiences, films, \
orchestra, exhibitions, performances, playwright, cinema, stage, tickets, screenings | cultural, \
artistic, avant-garde, cancelled, acclaimed | staged, premiered, cancelled, screened, banned
religion | church dispute | church, clergy, priests, parishes, monastery, worshippers, bishop, \
cathedral, congregation, religious groups, sermons, icons, pilgrims, religious holidays, diocese | \
religious, orthodox, spiritual, ecclesiastical, secular | consecrated, banned, transferred, \
seized, rebuilt
diplomacy | peace talks | talks, negotiations, diplomats, envoys, ceasefire, summit, delegations, \
mediators, proposals, memorandum, treaty, embassy, ambassador, consultations, agenda | diplomatic, \
bilateral, multilateral, tentative, informal | negotiated, postponed, signed, brokered, mediated
prisoner exchange | prisoner swap | prisoners, exchange, detainees, captives, prisoners of war, \
hostages, lists, releases, families, negotiators, repatriation, bodies, mediators, camps, swap | \
captured, imprisoned, released, wounded, missing | exchanged, released, repatriated, freed, \
transferred
conscription | mobilisation order | conscripts, draft, mobilisation, recruitment offices, summons, \
reservists, military service, deferments, draft dodgers, enlistment, contracts, call-up, \
exemptions, draft boards, volunteers | compulsory, military, partial, alternative, mandatory | \
drafted, summoned, exempted, mobilised, enlisted
arms industry | defence procurement | weapons, ammunition, shells, factories, defence contracts, \
procurement, armoured vehicles, production lines, components, orders, arsenal, arms exports, \
plant, shipments, artillery shells | defence, armoured, precision, domestic, outdated | ordered, \
produced, delivered, assembled, supplied
pensions | pension reform | pensions, pensioners, retirement age, benefits, payments, welfare, \
allowances, social security, contributions, budget, indexation, low-income families, subsidies, \
savings, payouts | social, monthly, minimum, state, retirement | raised, indexed, cut, paid, frozen
labour | labour strike | workers, strike, wages, unions, employers, salaries, layoffs, walkout, \
overtime, dismissals, factory floor, picket lines, shifts, contracts, unemployment | unpaid, \
striking, unionised, overdue, seasonal | laid off, dismissed, hired, paid, furloughed
fisheries | fishing quotas | fishermen, catch, trawlers, fish stocks, salmon, crab, harbour, nets, \
vessels, processing plants, waters, licences, poaching, seafood, fishing quotas | commercial, \
coastal, illegal, frozen, depleted | caught, landed, seized, processed, overfished
forestry | logging ban | timber, logging, forests, sawmills, loggers, lumber, felling, plywood, \
woodland, permits, reforestation, timber exports, trees, logs, pulp mill | illegal, sustainable, \
protected, boreal, commercial | felled, logged, replanted, exported, harvested
tourism | tourist season | tourists, hotels, resorts, visitors, beaches, tour operators, bookings, \
holidaymakers, cruise ships, visas, guesthouses, attractions, sanatoriums, season, charter flights \
| seasonal, coastal, foreign, domestic, popular | booked, cancelled, welcomed, reopened, visited
automotive | car plant | cars, carmakers, assembly line, vehicles, factory, dealers, spare parts, \
electric cars, sales, engines, components, workers, imports, models, plant | automotive, electric, \
foreign, domestic, used | assembled, recalled, imported, produced, localised
water | water supply | water, reservoirs, drought, pipes, taps, treatment plant, shortages, wells, \
canal, rationing, irrigation, aquifer, pumping stations, consumption, water supply | clean, \
scarce, drinking, contaminated, potable | rationed, pumped, cut off, restored, contaminated
privatisation | state assets | privatisation, state companies, stakes, auction, investors, assets, \
shares, holding company, buyers, valuation, monopoly, restructuring, board, dividends, \
conglomerate | state-owned, strategic, private, minority, controlling | privatised, auctioned, \
sold, nationalised, restructured
property seizures | nationalisation | property, seizures, confiscation, factories, owners, assets, \
expropriation, compensation, shareholders, court order, estates, real estate, plants, temporary \
administration, investors | foreign, seized, temporary, confiscated, disputed | seized, \
confiscated, nationalised, transferred, returned
espionage | treason case | spies, espionage, treason, intelligence services, agents, secrets, \
counterintelligence, informants, diplomats, surveillance, classified documents, recruitment, \
handlers, defectors, arrests | secret, classified, foreign, covert, undercover | arrested, \
expelled, recruited, accused, exposed
terrorism | counter-terrorism operation | attack, explosion, militants, security services, \
suspects, bomb, raid, victims, cell, gunmen, hostages, investigation, blast, checkpoints, curfew | \
deadly, armed, extremist, suspected, coordinated | detonated, killed, wounded, detained, neutralised
local government | municipal budget | mayor, city council, councillors, roads, utilities, public \
transport, district, services, municipality, repairs, tenders, residents, governor, \
administration, budget | municipal, local, regional, urban, public | elected, dismissed, \
appointed, funded, repaired
arctic | northern sea route | icebreakers, shipping route, ice, permafrost, tundra, convoys, \
ports, reindeer, settlements, navigation, gas fields, northern shipping, thaw, polar night, ice \
floes | icy, polar, remote, frozen, northern | navigated, escorted, explored, charted, supplied
minority rights | language law | minorities, language, schools, rights, community, quotas, ethnic \
groups, discrimination, citizenship, passports, identity, dialect, census, heritage, language law \
| ethnic, linguistic, indigenous, official, native | discriminated, protected, recognised, \
restricted, taught
heritage | heritage site | museum, monuments, archaeologists, excavation, artefacts, restoration, \
collection, manuscripts, exhibition, curators, churches, ruins, treasures, archives, heritage site \
| historic, ancient, medieval, looted, restored | excavated, restored, looted, returned, catalogued
science | research institute | scientists, research, laboratory, researchers, academy, grants, \
experiments, physicists, journals, discoveries, funding, institutes, telescope, data, patents | \
scientific, academic, experimental, peer-reviewed, fundamental | published, funded, tested, \
discovered, patented
food prices | food prices | bread, sugar, eggs, shoppers, supermarkets, retailers, butter, \
vegetables, shelves, price controls, groceries, milk, imports, shortages, food prices | retail, \
wholesale, staple, imported, seasonal | capped, raised, imported, rationed, stockpiled
technology | tech start-ups | start-ups, software, engineers, developers, venture capital, apps, \
technology, programmers, investors, data centres, chips, semiconductors, artificial intelligence, \
platforms, founders | digital, technological, innovative, homegrown, foreign | developed, \
launched, acquired, funded, relocated
steel | steel mills | steel, mills, blast furnaces, metallurgy, iron ore, plants, output, exports, \
rolled products, scrap, workers, smelting, orders, pig iron, coking coal | metallurgical, heavy, \
industrial, rolled, ferrous | smelted, produced, exported, idled, restarted
ports | port expansion | port, terminals, containers, cranes, dockworkers, berths, logistics, \
warehouses, cargo, freight rates, shipping lines, dredging, quays, customs, throughput | \
logistical, deep-water, congested, automated, inland | loaded, unloaded, dredged, expanded, handled
roads | highway project | highway, bridge, roads, motorway, tunnel, construction, contractors, \
asphalt, potholes, toll, traffic, interchange, engineers, overpass, repairs | paved, unfinished, \
congested, four-lane, ring | paved, built, widened, repaired, tolled
disinformation | propaganda campaign | propaganda, disinformation, fakes, bots, trolls, \
narratives, fact-checkers, posts, accounts, influence operation, audiences, hoax, video, \
messaging, channels | false, coordinated, misleading, viral, anonymous | debunked, spread, \
amplified, removed, flagged
human rights | political prisoners | prisoners, activists, human rights, torture, detention, \
dissidents, penal colony, ombudsman, hunger strike, lawyers, complaints, abuses, petitions, \
monitors, persecution | political, arbitrary, inhumane, solitary, imprisoned | jailed, tortured, \
persecuted, released, transferred
demographics | birth rate | population, families, mortality, emigration, census, maternity, \
children, life expectancy, demographers, ageing, households, villages, decline, benefits, birth \
rate | demographic, declining, rural, urban, ageing | counted, surveyed, projected, encouraged, \
depopulated
taxes | tax code | taxes, budget deficit, revenue, spending, treasury, finance ministry, debt, \
bonds, deficit, borrowing, audit, taxpayers, levies, reserves, tax code | fiscal, progressive, \
federal, windfall, budgetary | taxed, levied, collected, allocated, borrowed
"""

_GENERIC_NOUNS = """government officials ministry statement situation decision meeting region
country plan move question report authorities agency residents experts analysts critics supporters
opposition leadership administration public proposal measures policy crisis process issue concerns
pressure response support reforms changes system sector industry economy market companies business
community sources documents figures interview conference visit agreement deadline schedule
initiative strategy framework project programme priorities interests risks consequences impact
costs funds resources officials ministers campaign controversy debate dispute review assessment
guidelines warning investigation announcement outcome timetable budget negotiators partners
neighbours observers stakeholders operators managers inspectors commission council""".split()

_GENERIC_ADJECTIVES = """important serious significant recent local national major possible
difficult urgent key current former senior official public broader growing immediate limited
long-standing controversial unexpected sharp gradual strong weak direct indirect formal clear
unclear temporary permanent unprecedented modest considerable sweeping fragile tense fresh initial
final central wider complex sensitive political economic domestic""".split()

_GENERIC_VERBS = """announced confirmed criticised described discussed expected questioned rejected
supported welcomed dismissed defended praised condemned reported proposed approved denied
acknowledged promised demanded considered reviewed delayed prepared signalled outlined challenged
backed opposed noted stressed highlighted accepted disputed underlined revealed""".split()

_ADVERBS = """already recently reportedly publicly repeatedly quickly sharply openly strongly
quietly largely partly formally initially previously gradually firmly cautiously widely privately
effectively briefly directly officially fully""".split()

_WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_NUMBERS = [
    n.replace("_", " ")
    for n in "two three four five six seven dozens_of hundreds_of several 12 15 20 30 45 120 "
    "300 1,500 2,000 40,000".split()
]

# Slots: P person, L place, O organisation (written after "the"), N/A/V topic noun, adjective,
# participle, n/a/v/r generic noun, adjective, past tense verb, adverb, D weekday, X number,
# Y year, Q a quotation (quote templates only).
_SENTENCES = [
    "{P} said on {D} that the {N} in {L} had been {V}, a move {r} {v} by the {O}.",
    "Officials in {L} {v} the {A} {N} plan, saying it would leave the {N} exposed to further {N}.",
    "The {O} said that {X} {N} had been {V} in the {n} around {L} since the start of the year.",
    "According to the {O}, the {N} and the {N} were {r} {V} during talks in {L} on {D}.",
    "{P}, who has long {v} the {N}, told reporters in {L} that the {n} was {a}.",
    "The dispute over the {N} has {r} strained relations between {L} and {L}.",
    "Earlier this year, the {O} {v} a {a} report on the {N}, warning of {A} {N} across {L}.",
    "Residents of {L} said the {N} had {r} affected the {n}, with many worried about the {N}.",
    "In a statement released on {D}, the {O} said the {A} {N} would remain in place until the "
    "{N} was {V}.",
    "The {N} comes as {L} faces mounting pressure over the {N}, which critics say has been {V} "
    "without proper oversight.",
    "{P} and {P} met in {L} to discuss the {N}, though neither side {v} any {a} agreement.",
    "Data published by the {O} showed {X} {N} in the first quarter, the {a} figure since {Y}.",
    "The {A} {N} was first {V} in {Y}, when {P} {v} a plan to expand the {N}.",
    "Critics accuse {P} of using the {A} {N} to gain control over the {N} in {L}.",
    "It was not immediately clear whether the {N} would affect the {A} {N} in {L}.",
    "Local media in {L} reported that {X} {N} had been {V} in connection with the {N}.",
    "The {O} has {r} {v} the {N}, calling it a {a} threat to the {n}.",
    "Under the {A} plan, the {N} would be {V} and the {N} handed to the {O}.",
    "{L} officials {v} that the {N} would cost {X} million, {r} more than the {O} had {v}.",
    "Speaking in {L} on {D}, {P} said the {N} showed that the {n} was {r} {a}.",
    "The {n} follows weeks of {A} {N} in {L}, where the {N} has been {V} several times.",
    "{P} {v} the {N} last month, but the {O} has so far refused to comment on the {N}.",
    "Several {N} in {L} were {V} overnight, according to a spokesperson for the {O}.",
    "Experts in {L} say the {N} is unlikely to change the {n}, but it could complicate the {N} "
    "for {P}.",
    "The {A} {N} has become a {a} issue for {P}, whose {n} depends on the {N}.",
    "A report by the {O} found that {X} percent of the {N} in {L} had been {V} by {D}.",
    "{P} {r} {v} the {A} {N}, arguing that the {N} in {L} could not wait any longer.",
    "The {O} is expected to review the {N} and the {A} {N} at a meeting in {L} next week.",
    "Neither {P} nor the {O} would comment on the {A} {N} in {L}.",
    "The {N} in {L} has been {V} twice since {Y}, most recently after the {A} {N}.",
    "Analysts warned that the {A} {N} could spill over into the {N} and hurt {L}.",
    "{L} has {r} {v} the {N}, which its officials describe as a {a} step for the {n}.",
    "Many in {L} blame the {O} for the {N}, saying warnings about the {N} were ignored.",
    "The {N} was {V} on {D} after {X} days of {A} {N} and talks with the {O}.",
    "{P} later {v} that the {N} would be {V} only if the {O} agreed to the {n}.",
    "The {a} {n} is the latest sign of how the {N} has reshaped the {n} in {L}.",
]

_LEDES = [
    "{P} {v} the {A} {N} in {L} on {D}, as the {O} {v} a {a} review of the {N}.",
    "Authorities in {L} said on {D} that the {N} had been {V}, in a {a} blow to {P}.",
    "The {O} {r} {v} the {N} in {L} on {D}, a decision {v} by {P}.",
    "{P} said on {D} that the {A} {N} in {L} would be {V} within weeks.",
]

_QUOTES = [
    "The {N} is a {a} issue for everyone in {L}",
    "We will not allow the {N} to be {V} again",
    "The situation with the {N} remains {a}, and we are watching it closely",
    "Nobody expected the {N} to be {V} so quickly",
    "Our priority is the {N}, not the {N}",
    "We have done everything possible to keep the {N} in {L} under control",
    "People in {L} deserve to know why the {N} was {V}",
    "This is not about the {N}, it is about the {n}",
    "There is no alternative to the {N} for {L}",
    "The {A} {N} will be {V} within weeks, whatever the {O} says",
]

_ATTRIBUTIONS = [
    '"{Q}," {P} said.',
    '"{Q}," {P} told reporters in {L}.',
    '"{Q}," said {P}.',
    '"{Q}," {P} said in a statement on {D}.',
    '"{Q}," the {O} said in a statement.',
    '"{Q}," {P} wrote on social media.',
    '{P} said: "{Q}."',
]

_HEADLINES = [
    "{S} Warns of {H} Crisis in {L}",
    "{S} Rejects Calls to Scrap {H} Plan",
    "{H} Row Deepens Between {L} and {M}",
    "{L} Braces for {A} {H} After {S} Decision",
    "{S} Says {H} Will Be {V} by Year End",
    "New {H} Dispute Hits {L}",
    "{S} and {T} Clash Over {H}",
    "What the {H} Means for {L}",
    "{L} Officials Say {H} Was {V}",
    "{S} Defends {H} Policy as Critics Mount",
    "{L} Residents Protest {H} Plans",
    "{H} and {I} in Focus as {S} Visits {L}",
    "{S} Promises {A} {H} for {L}",
    "Why {L} Is Worried About {H}",
    "{H} Probe Widens in {L}",
    "{S} Vows Action on {H} After {I} Fallout",
]
_ORGANISATION_HEADLINES = [
    "{L} {H} Talks Stall as {O} Balks",
    "{O} Moves to Tighten Rules on {H}",
    "{O} Report Raises Alarm Over {H} in {L}",
    "{H} Crisis: {S} Blames {O}",
]
_SUBHEADINGS = [
    "{H} Fears Grow",
    "Reaction in {L}",
    "What Comes Next",
    "{S} Responds",
    "Questions Remain",
    "Pressure on {S}",
    "{H} Under Scrutiny",
    "Looking Ahead",
    "Mixed Signals",
]
_CAPTIONS = [
    "{F} speaks to reporters in {L}.",
    "A view of {L}.",
    "The {N} on the outskirts of {L}.",
    "{F} at a meeting in {L} earlier this year.",
    "Residents of {L} look on.",
]
_CREDITS = ["Reuters", "AFP", "AP", "kremlin.ru", "Press service", "Social media", "TASS", "EPA"]

_HOSTS = [
    "themoscowtimes.com",
    "reuters.com",
    "apnews.com",
    "kyivindependent.com",
    "meduza.io",
    "rferl.org",
]

_SMALL_WORDS = frozenset("a an and as at but by for in nor of on or the to".split())

# Names
_FIRST_NAMES = """Anatoly Irina Dmitri Olena Mikhail Katarina Pavel Svetlana Andrei Natalia
Oleksandr Yulia Sergei Tamara Viktor Larisa Bogdan Marta Igor Vera Tomas Agnieszka Marek Ilona Radu
Elena Stefan Mila Arvid Liene Janis Rasa Aleksander Oksana Yaroslav Daria Roman Zofia Kirill Alina
Georgi Nadia Emil Sofia Lukas Hanna Matvei Inga Vadim Raisa Gleb Ludmila Timur Aigerim Rustam Leyla
Nikolai Galina Fyodor Polina Ivo Dana Artem Kira Boris Lidia Konstantin Zhanna Yevgeny Olga Petro
Halyna Arman Dina Erik Anneli Vitaly Ksenia Ruslan Milena""".split()
_SURNAME_STARTS = """Ber Kov Dol Sok Var Mel Tar Zhur Lis Gor Kal Pet Rom Vol Nak Sav Fed Kur Byl
Dan Hol Yar Mar Krav Shev Len Osip Rud Stan Bel Chern Zel Grom Luk Sem Mir Rad Vas Tik Bor Dub Kos
Pol Sht Vin""".split()
_SURNAME_MIDDLES = ["", "", "a", "e", "o", "i", "an", "en", "ol", "ar", "ich", "ush"]
_SURNAME_ENDS = """in ov enko ko sky ev yuk chuk ich ovic as is en ak ek ets ski itz""".split()
_FEMININE = {"in": "ina", "ov": "ova", "ev": "eva", "sky": "skaya", "ski": "ska"}
_PLACE_STARTS = """Nov Kel Sel Dar Vel Mor Zar Tal Bre Kras Ost Lub Vyr Ard Esk Hal Tor Bal Ner Sev
Kor Ul Ash Pri Vor Tem Rav Ist Gal Dun Ber Sol Yas Myr Kam""".split()
_PLACE_MIDDLES = ["", "a", "ar", "en", "i", "o", "ory", "el", "an", "ol", "y", "ev"]
_PLACE_ENDS = (
    """sk nsk grad ovo ava ino ets mar win var stad holm ovka ivka os ia ovets yn""".split()
)
_PLACE_FORMS = [
    ("{}", "town", 8),
    ("Port {}", "port city", 1),
    ("Lake {}", "lake", 1),
    ("{} Valley", "valley", 1),
    ("{} Bay", "bay", 1),
    ("New {}", "town", 1),
    ("Upper {}", "district", 1),
    ("{} Region", "region", 2),
    ("Cape {}", "cape", 1),
]
_ORG_REGIONS = """Northern Southern Eastern Western Central National Federal United Independent
Coastal Republican Interregional Baltic Continental""".split()
_ORG_DOMAINS = """Grain Energy Rail Steel Media Pension Shipping Water Mining Aviation Farmers
Teachers Doctors Veterans Trade Banking Election Housing Fisheries Timber Nuclear Customs Transport
Oil Gas Heritage Science Tourism""".split()
_ORG_BODIES = """Council Agency Union Association Committee Commission Foundation Institute
Authority Service Alliance Chamber Bureau Group Company""".split()
_ROLES = [
    ("Governor", "governor"),
    ("Mayor", "mayor"),
    ("Deputy Prime Minister", "deputy prime minister"),
    ("Energy Minister", "energy minister"),
    ("Finance Minister", "finance minister"),
    ("Foreign Minister", "foreign minister"),
    ("General", "army general"),
    ("", "opposition leader"),
    ("", "lawmaker"),
    ("", "businessman"),
    ("", "economist"),
    ("", "human rights activist"),
    ("", "prosecutor"),
    ("", "spokesperson"),
    ("", "trade unionist"),
]

_START = dt.date(2015, 1, 1)
_END = dt.date(2024, 12, 31)
_SLOT = re.compile(r"\{(\w)\}")
_ARTICLE_AN = re.compile(r"\b([Aa]) (?=[aeiouAEIOU])")


@dataclass(frozen=True)
class _Topic:
    name: str
    concept: str
    nouns: tuple[str, ...]
    adjectives: tuple[str, ...]
    participles: tuple[str, ...]


def _parse_topics() -> tuple[_Topic, ...]:
    topics = []
    for line in _TOPICS_TEXT.strip().splitlines():
        name, concept, nouns, adjectives, participles = (part.strip() for part in line.split("|"))
        split = lambda text: tuple(w.strip() for w in text.split(",") if w.strip())  # noqa: E731
        noun_list = split(nouns)
        if concept not in noun_list:
            noun_list = (concept, *noun_list)
        topics.append(_Topic(name, concept, noun_list, split(adjectives), split(participles)))
    return tuple(topics)


TOPICS = _parse_topics()


def _compile(templates: list[str]) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Each template as (literal pieces, slots): pieces[0] slot[0] … slot[-1] pieces[-1]."""
    compiled = []
    for template in templates:
        parts = _SLOT.split(template)
        compiled.append((tuple(parts[0::2]), tuple(parts[1::2])))
    return compiled


_C_SENTENCES = _compile(_SENTENCES)
_C_LEDES = _compile(_LEDES)
_C_QUOTES = _compile(_QUOTES)
_C_ATTRIBUTIONS = _compile(_ATTRIBUTIONS)


# --------------------------------------------------------------------------------------------
# The world


@dataclass
class _Entity:
    kind: str  # person, place, organisation
    name: str  # full name
    short: str | None  # surname, base name of a region, acronym
    description: str  # role, kind of place or body
    title: str = ""  # title written before a person's name ("Governor")
    index: int = 0  # position in its pool: its popularity rank


class _Pool:
    """Entities of one kind with a Zipf-like popularity."""

    def __init__(self, entities: list[_Entity], exponent: float):
        self.entities = entities
        self.cumulative = list(
            itertools.accumulate(1.0 / (rank + 1) ** exponent for rank in range(len(entities)))
        )

    def draw(self, rng: random.Random) -> _Entity:
        return self.entities[
            bisect.bisect_right(self.cumulative, rng.random() * self.cumulative[-1])
        ]

    def draw_distinct(self, rng: random.Random, count: int, taken: list[_Entity]) -> list[_Entity]:
        chosen = list(taken)
        count = min(count, len(self.entities))
        while len(chosen) < count:
            entity = self.draw(rng)
            if entity not in chosen:
                chosen.append(entity)
        return chosen


def _unique(make, taken: set[str], rng: random.Random) -> str:
    for _ in range(1000):
        name = make(rng)
        if name not in taken:
            taken.add(name)
            return name
    raise RuntimeError("name space exhausted")  # pragma: no cover


def _surname(rng: random.Random, feminine: bool) -> str:
    end = rng.choice(_SURNAME_ENDS)
    if feminine:
        end = _FEMININE.get(end, end)
    return rng.choice(_SURNAME_STARTS) + rng.choice(_SURNAME_MIDDLES) + end


def _person(rng: random.Random) -> tuple[str, str]:
    first = rng.choice(_FIRST_NAMES)
    last = _surname(rng, first.endswith("a"))
    return f"{first} {last}", last


def _place_root(rng: random.Random) -> str:
    return rng.choice(_PLACE_STARTS) + rng.choice(_PLACE_MIDDLES) + rng.choice(_PLACE_ENDS)


_PLACE_WEIGHTS = list(itertools.accumulate(weight for _, _, weight in _PLACE_FORMS))


def _make_people(rng: random.Random, count: int, taken: set[str]) -> list[_Entity]:
    people = []
    for index in range(count):
        name = _unique(lambda r: _person(r)[0], taken, rng)
        title, role = rng.choice(_ROLES)
        people.append(_Entity("person", name, name.split(" ", 1)[1], role, title, index))
    return people


def _make_places(rng: random.Random, count: int, taken: set[str]) -> list[_Entity]:
    places = []
    for index in range(count):
        form, kind, _ = _PLACE_FORMS[
            bisect.bisect_right(_PLACE_WEIGHTS, rng.random() * _PLACE_WEIGHTS[-1])
        ]
        name = _unique(lambda r, form=form: form.format(_place_root(r)), taken, rng)
        base = name.removesuffix(" Region") if form == "{} Region" else None
        places.append(_Entity("place", name, base, kind, "", index))
    return places


def _make_organisations(
    rng: random.Random, count: int, taken: set[str], places: list[_Entity], people: list[_Entity]
) -> list[_Entity]:
    organisations = []

    def make(r: random.Random) -> str:
        shape = r.random()
        if shape < 0.6:
            return f"{r.choice(_ORG_REGIONS)} {r.choice(_ORG_DOMAINS)} {r.choice(_ORG_BODIES)}"
        if shape < 0.85 and places:
            return f"{r.choice(places).name} {r.choice(_ORG_DOMAINS)} {r.choice(_ORG_BODIES)}"
        return (
            f"{r.choice(people).short} Foundation"
            if people
            else f"{r.choice(_ORG_REGIONS)} Foundation"
        )

    for index in range(count):
        name = _unique(make, taken, rng)
        words = name.split()
        acronym = "".join(w[0] for w in words) if len(words) >= 3 else None
        organisations.append(_Entity("organisation", name, acronym, words[-1].lower(), "", index))
    return organisations


@dataclass
class _Story:
    id: int
    size: int
    topic: _Topic
    secondary: _Topic | None
    people: list[_Entity]
    places: list[_Entity]
    organisations: list[_Entity]
    start: dt.date
    days: int
    parent: int | None
    nouns: list[str]  # the topic's nouns, the story's focus repeated: what it is about


# --------------------------------------------------------------------------------------------
# Writing


class _Writer:
    """Writes one article: fills template slots from the story, filler and noise."""

    def __init__(
        self,
        rng: random.Random,
        story: _Story,
        people: list[_Entity],
        places: list[_Entity],
        organisations: list[_Entity],
        noise_topics: list[_Topic],
        world: _World,
        year: int,
    ):
        self.rng = rng
        self.story = story
        self.people = people
        self.places = places
        self.organisations = organisations  # none: "the <place> authorities"
        self.world = world
        self.noise = rng.uniform(0.08, 0.16)
        self.noise_nouns = [n for t in noise_topics for n in t.nouns]
        self.noise_adjectives = [a for t in noise_topics for a in t.adjectives]
        self.noise_participles = [p for t in noise_topics for p in t.participles]
        self.secondary = story.secondary
        self.year = year
        self.seen: set[str] = set()
        self.last_person: _Entity | None = None
        self.mentioned: dict[str, None] = {}  # entity names, in order
        self.concepts: set[str] = set()
        self.fill = {
            "P": self.person,
            "L": self.place,
            "O": self.organisation,
            "N": self.noun,
            "A": self.adjective,
            "V": self.participle,
            "n": self.generic_noun,
            "a": self.generic_adjective,
            "v": lambda: (
                rng.choice(self.story.topic.participles)
                if rng.random() < 0.25
                else rng.choice(_GENERIC_VERBS)
            ),
            "r": lambda: rng.choice(_ADVERBS),
            "D": lambda: rng.choice(_WEEKDAYS),
            "X": lambda: rng.choice(_NUMBERS),
            "Y": lambda: str(year - rng.randint(1, 8)),
            "Q": self.quote,
        }

    # entities
    def _entity(self, own: list[_Entity], pool: _Pool) -> _Entity:
        return pool.draw(self.rng) if self.rng.random() < self.noise else self.rng.choice(own)

    def person(self) -> str:
        entity = self._entity(self.people, self.world.people)
        if entity is self.last_person:  # not "Berezin and Berezin met"
            entity = (
                self.world.people.draw(self.rng)
                if len(self.people) < 2
                else self.rng.choice(self.people)
            )
        self.last_person = entity
        self.mentioned[entity.name] = None
        if entity.name in self.seen:
            if entity.title and self.rng.random() < 0.2:
                return f"{entity.title} {entity.short}"
            return entity.short or entity.name  # a person always has a surname
        self.seen.add(entity.name)
        if entity.title and self.rng.random() < 0.5:
            return f"{entity.title} {entity.name}"
        return entity.name

    def place(self) -> str:
        entity = self._entity(self.places, self.world.places)
        self.mentioned[entity.name] = None
        return entity.name

    def organisation(self) -> str:
        if self.rng.random() < self.noise:
            entity = self.world.organisations.draw(self.rng)
        elif not self.organisations:
            place = self.rng.choice(self.places)
            self.mentioned[place.name] = None
            return f"{place.name} authorities"
        else:
            entity = self.rng.choice(self.organisations)
        self.mentioned[entity.name] = None
        if entity.name in self.seen and entity.short and self.rng.random() < 0.5:
            return entity.short
        self.seen.add(entity.name)
        return entity.name

    # topic words
    def noun(self) -> str:
        r = self.rng.random()
        if r < self.noise:
            return self.rng.choice(self.noise_nouns)
        if self.secondary is not None and r > 0.75:
            word = self.rng.choice(self.secondary.nouns)
            topic = self.secondary
        else:
            word = self.rng.choice(self.story.nouns)
            topic = self.story.topic
        if word == topic.concept:
            self.concepts.add(word)
        return word

    def adjective(self) -> str:
        r = self.rng.random()
        if r < self.noise:
            return self.rng.choice(self.noise_adjectives)
        if r < self.noise + 0.10:
            return self.rng.choice(_GENERIC_ADJECTIVES)
        topic = self.secondary if self.secondary is not None and r > 0.8 else self.story.topic
        return self.rng.choice(topic.adjectives)

    def participle(self) -> str:
        r = self.rng.random()
        if r < self.noise:
            return self.rng.choice(self.noise_participles)
        topic = self.secondary if self.secondary is not None and r > 0.8 else self.story.topic
        return self.rng.choice(topic.participles)

    def generic_noun(self) -> str:
        return (
            self.rng.choice(self.story.nouns)
            if self.rng.random() < 0.5
            else self.rng.choice(_GENERIC_NOUNS)
        )

    def generic_adjective(self) -> str:
        return (
            self.rng.choice(self.story.topic.adjectives)
            if self.rng.random() < 0.5
            else self.rng.choice(_GENERIC_ADJECTIVES)
        )

    def quote(self) -> str:
        return self.render(self.rng.choice(_C_QUOTES))

    # text
    def render(self, template: tuple[tuple[str, ...], tuple[str, ...]]) -> str:
        pieces, slots = template
        out = [pieces[0]]
        fill = self.fill
        for slot, piece in zip(slots, pieces[1:], strict=False):
            out.append(fill[slot]())
            out.append(piece)
        return "".join(out)

    def sentence(self, lede: bool = False) -> str:
        rng = self.rng
        self.last_person = None
        if lede:
            text = self.render(rng.choice(_C_LEDES))
        elif rng.random() < 0.15:
            text = self.render(rng.choice(_C_ATTRIBUTIONS))
        else:
            text = self.render(rng.choice(_C_SENTENCES))
        return _ARTICLE_AN.sub(r"\1n ", text[0].upper() + text[1:])

    def body(self, words: int, subheadings: list[str], related: str | None) -> list[str]:
        """Paragraphs (and subheading and related lines) of about `words` words."""
        rng = self.rng
        paragraphs: list[str] = []
        count = 0
        related_at = rng.randint(1, 3) if related else -1
        while count < words - 25 or len(paragraphs) < 2:  # a paragraph is ~50 words: stop nearest
            if len(paragraphs) == related_at:
                paragraphs.append(f"Related article: [{related}](#)")
            elif (
                len(paragraphs) >= 3
                and subheadings
                and rng.random() < 0.08
                and not paragraphs[-1].startswith("Related")
            ):
                paragraphs.append(subheadings.pop())
            sentences = [self.sentence(lede=not paragraphs) for _ in range(rng.randint(2, 4))]
            count += sum(s.count(" ") + 1 for s in sentences)
            paragraphs.append(" ".join(sentences))
        return paragraphs


@dataclass
class _World:
    people: _Pool
    places: _Pool
    organisations: _Pool
    authors: list[str]


def _title_case(text: str) -> str:
    words = text.split(" ")
    out = []
    for position, word in enumerate(words):
        if position and word in _SMALL_WORDS:
            out.append(word)
        else:
            out.append("-".join(part[:1].upper() + part[1:] for part in word.split("-")))
    return " ".join(out)


def _slug(title: str) -> str:
    words = re.sub(r"[^a-z0-9]+", " ", title.lower()).split()
    return "-".join(words[:9]) or "article"


def _kebab(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "term"


def _date_line(day: dt.date) -> str:
    return f"{MONTH_NAMES[day.month - 1]} {day.day:02d}, {day.year}"


def _story_sizes(rng: random.Random, articles: int) -> list[int]:
    sizes = []
    remaining = articles
    while remaining > 0:
        size = min(rng.randint(3, 12), remaining)
        if remaining - size < 3:
            size = remaining
        sizes.append(size)
        remaining -= size
    return sizes


def _headline(
    rng: random.Random,
    story: _Story,
    people: list[_Entity],
    places: list[_Entity],
    organisations: list[_Entity],
    world: _World,
) -> str:
    templates = _HEADLINES + (_ORGANISATION_HEADLINES if organisations else [])
    template = rng.choice(templates)
    others = [p for p in story.people if p is not people[0]]
    second_place = [p for p in story.places if p is not places[0]]
    topic = story.secondary if story.secondary is not None and rng.random() < 0.2 else story.topic
    values = {
        "S": people[0].short if rng.random() < 0.7 else rng.choice(story.people).short,
        "T": rng.choice(others).short if others else world.people.draw(rng).short,
        "L": places[0].name,
        "M": rng.choice(second_place).name if second_place else world.places.draw(rng).name,
        "O": rng.choice(organisations).name if organisations else "",
        "H": _title_case(rng.choice(story.nouns)),
        "I": _title_case(rng.choice(topic.nouns)),
        "A": _title_case(rng.choice(topic.adjectives)),
        "V": _title_case(rng.choice(topic.participles)),
    }
    return template.format(**values)


def generate_corpus(
    articles: int, *, seed: int = 0, glossary_terms: int = 300, words: int = 760
) -> Corpus:
    """A corpus of `articles` seeds in story clusters and a glossary of `glossary_terms` terms.

    Deterministic: the same arguments give byte-identical texts. `words` is the mean body length.
    The articles do not depend on `glossary_terms`.
    """
    if articles < 0 or glossary_terms < 0 or words < 1:
        raise ValueError("articles and glossary_terms must be >= 0 and words >= 1")
    rng = random.Random(seed)

    # The world: entity pools sized to the number of stories, with Zipf-like popularity.
    sizes = _story_sizes(rng, articles)
    entities = max(400, 3 * len(sizes))
    taken: set[str] = set()
    people = _make_people(rng, entities // 2, taken)
    places = _make_places(rng, entities * 3 // 10, taken)
    organisations = _make_organisations(rng, entities // 5, taken, places, people)
    authors = [_unique(lambda r: _person(r)[0], taken, rng) for _ in range(60)]
    world = _World(_Pool(people, 0.9), _Pool(places, 0.9), _Pool(organisations, 0.9), authors)
    topic_order = list(TOPICS)
    rng.shuffle(topic_order)
    topic_cumulative = list(
        itertools.accumulate(1.0 / (rank + 1) ** 0.6 for rank in range(len(topic_order)))
    )

    # Stories: a topic (often shared), entities from the shared pools, a date window.
    stories: list[_Story] = []
    span = (_END - _START).days
    for story_id, size in enumerate(sizes):
        parent = stories[rng.randrange(len(stories))] if stories and rng.random() < 0.25 else None
        if parent is not None:
            topic = parent.topic
            start = min(_END, max(_START, parent.start + dt.timedelta(days=rng.randint(-30, 30))))
        else:
            topic = topic_order[
                bisect.bisect_right(topic_cumulative, rng.random() * topic_cumulative[-1])
            ]
            start = _START + dt.timedelta(days=rng.randint(0, span))
        secondary = (
            rng.choice([t for t in TOPICS if t is not topic]) if rng.random() < 0.35 else None
        )
        shared_people = (
            [rng.choice(parent.people)] if parent is not None and rng.random() < 0.3 else []
        )
        shared_places = (
            [rng.choice(parent.places)] if parent is not None and rng.random() < 0.6 else []
        )
        story_people = world.people.draw_distinct(rng, rng.randint(2, 4), shared_people)
        story_places = world.places.draw_distinct(rng, rng.randint(1, 3), shared_places)
        story_organisations = world.organisations.draw_distinct(rng, rng.randint(0, 2), [])
        r = rng.random()
        days = (
            rng.randint(1, 7) if r < 0.3 else rng.randint(8, 30) if r < 0.7 else rng.randint(31, 60)
        )
        focus = rng.sample(topic.nouns, k=len(topic.nouns) * 3 // 5)
        nouns = list(topic.nouns) + focus * 2
        if topic.concept not in focus:
            nouns += [topic.concept]
        stories.append(
            _Story(
                story_id,
                size,
                topic,
                secondary,
                story_people,
                story_places,
                story_organisations,
                start,
                days,
                parent.id if parent is not None else None,
                nouns,
            )
        )

    # Articles: titles of a whole story first (a related line names a sibling article's title).
    titles: set[str] = set()
    drafts: list[tuple[_Story, dt.date, str, str]] = []  # story, date, host, seed text without url
    mentions: Counter[str] = Counter()
    concept_mentions: Counter[str] = Counter()
    for story in stories:
        offsets = [0] + sorted(rng.randint(0, story.days) for _ in range(story.size - 1))
        plans = []
        for offset in offsets:
            lead = rng.choice(story.people[:2])
            article_people = [lead] + [
                p for p in story.people if p is not lead and rng.random() < 0.6
            ]
            article_places = [story.places[0]] + [p for p in story.places[1:] if rng.random() < 0.5]
            article_organisations = [o for o in story.organisations if rng.random() < 0.6]
            for _ in range(20):
                title = _headline(
                    rng, story, article_people, article_places, article_organisations, world
                )
                if title not in titles:
                    break
            else:
                title = f"{title} ({_date_line(story.start + dt.timedelta(days=offset))})"
                while title in titles:
                    title += "!"
            titles.add(title)
            plans.append(
                (
                    story.start + dt.timedelta(days=offset),
                    title,
                    article_people,
                    article_places,
                    article_organisations,
                )
            )
        for number, (
            day,
            title,
            article_people,
            article_places,
            article_organisations,
        ) in enumerate(plans):
            others = [p[1] for i, p in enumerate(plans) if i != number]
            related = rng.choice(others) if others and rng.random() < 0.10 else None
            noise_topics = rng.sample(
                [t for t in TOPICS if t is not story.topic and t is not story.secondary],
                rng.randint(1, 2),
            )
            writer = _Writer(
                rng,
                story,
                article_people,
                article_places,
                article_organisations,
                noise_topics,
                world,
                day.year,
            )
            subheadings = [
                rng.choice(_SUBHEADINGS).format(
                    H=_title_case(rng.choice(story.topic.nouns)),
                    L=article_places[0].name,
                    S=article_people[0].short,
                )
                for _ in range(2)
            ]
            body = writer.body(int(words * rng.uniform(0.85, 1.15)), subheadings, related)
            lines = [title, ""]
            r = rng.random()
            if r < 0.70:
                lines += [f"By [{rng.choice(authors)}](#)", ""]
            elif r < 0.85:
                first, second = rng.sample(authors, 2)
                lines += [f"By [{first}](#) and [{second}](#)", ""]
            lines += [_date_line(day), ""]
            if rng.random() < 0.5:
                caption = rng.choice(_CAPTIONS).format(
                    F=article_people[0].name, L=article_places[0].name, N=rng.choice(story.nouns)
                )
                lines += [f"{caption[0].upper()}{caption[1:]} [{rng.choice(_CREDITS)}](#)", ""]
            for paragraph in body:
                lines += [paragraph, ""]
            mentions.update(writer.mentioned.keys())
            concept_mentions.update(writer.concepts)
            drafts.append((story, day, rng.choice(_HOSTS), "\n".join(lines) + "\n"))

    # Seed names and URLs: shuffled so that neither tells the story.
    order = list(range(len(drafts)))
    rng.shuffle(order)
    numbers = (
        rng.sample(range(100_000, 1_000_000), len(drafts))
        if len(drafts) <= 900_000
        else list(range(len(drafts)))
    )
    width = max(5, len(str(max(0, len(drafts) - 1))))
    result = []
    for position, index in enumerate(order):
        story, day, host, text = drafts[index]
        title = text.split("\n", 1)[0]
        url = f"https://www.{host}/{day.year}/{day.month:02d}/{day.day:02d}/{_slug(title)}-a{numbers[position]}"
        name = f"s{position:0{width}d}_{hashlib.sha256(url.encode()).hexdigest()[:8]}.txt"
        result.append(SyntheticArticle(name, f"{text}Original url:\n\n<{url}>\n", story.id, url))

    glossary = _glossary(
        seed,
        glossary_terms,
        people,
        places,
        organisations,
        mentions,
        concept_mentions,
        stories,
        taken,
    )
    return Corpus(
        tuple(result),
        glossary,
        tuple(
            SyntheticStory(
                s.id,
                s.topic.name,
                s.secondary.name if s.secondary else None,
                tuple(p.name for p in s.people),
                tuple(p.name for p in s.places),
                tuple(o.name for o in s.organisations),
                s.start,
                s.days,
                s.parent,
            )
            for s in stories
        ),
    )


# --------------------------------------------------------------------------------------------
# Glossary


def _glossary(
    seed: int,
    count: int,
    people: list[_Entity],
    places: list[_Entity],
    organisations: list[_Entity],
    mentions: Counter[str],
    concept_mentions: Counter[str],
    stories: list[_Story],
    taken: set[str],
) -> tuple[SyntheticGlossaryTerm, ...]:
    """The `count` most mentioned entities and topic concepts as glossary files."""
    if count == 0:
        return ()
    topics_of: dict[str, Counter[str]] = {}
    for story in stories:
        for entity in (*story.people, *story.places, *story.organisations):
            topics_of.setdefault(entity.name, Counter())[story.topic.name] += story.size

    concepts = min(len(TOPICS), count // 10)
    by_use = sorted(TOPICS, key=lambda t: (-concept_mentions[t.concept], t.name))[:concepts]
    ranked = sorted(
        people + places + organisations, key=lambda e: (-mentions[e.name], e.kind, e.index)
    )
    chosen = ranked[: count - concepts]
    if len(chosen) < count - concepts:  # more terms than the world has: unmentioned extras
        extra = random.Random(f"{seed}-glossary")
        missing = count - concepts - len(chosen)
        more = _make_people(extra, missing - missing // 2, taken) + _make_places(
            extra, missing // 2, taken
        )
        chosen += more

    # Names: ids unique, and an alias only where no other term has that name.
    entries: list[
        tuple[str, str, str, list[str], str, str]
    ] = []  # id-base, term, type, aliases, summary, explanation
    for entity in chosen:
        topics = [
            name
            for name, _ in sorted(
                topics_of.get(entity.name, Counter()).items(), key=lambda kv: (-kv[1], kv[0])
            )
        ]
        about = " and ".join(topics[:2]) if topics else "regional affairs"
        used = mentions[entity.name]
        # The texts name this module by its name of old (reading_archive.synthetic): a corpus stays
        # byte for byte what earlier checkouts generated, so its sites and figures compare.
        if entity.kind == "person":
            aliases = [entity.short] if entity.short else []
            if entity.title:
                aliases.append(f"{entity.title} {entity.short}")
            summary = (
                f"Fictional {entity.description} who features in this archive's synthetic "
                f"coverage of {about}."
            )
            explanation = (
                f"{entity.name} is an invented {entity.description}, one of the people of the "
                "synthetic news world that `reading_archive.synthetic` generates for "
                "benchmarks. Articles usually name them in full at first and then as "
                f"{entity.short}.\n\n{entity.short} is mentioned in {used} generated articles."
            )
        elif entity.kind == "place":
            aliases = [entity.short] if entity.short else []
            summary = (
                f"Fictional {entity.description} that is a setting of this archive's "
                f"synthetic coverage of {about}."
            )
            explanation = (
                f"{entity.name} is an invented {entity.description} of the synthetic news world "
                "that `reading_archive.synthetic` generates for benchmarks.\n\nIt is mentioned "
                f"in {used} generated articles."
            )
        else:
            aliases = [entity.short] if entity.short else []
            summary = (
                f"Fictional {entity.description} that appears in this archive's synthetic "
                f"coverage of {about}."
            )
            explanation = (
                f"The {entity.name} is an invented {entity.description} of the synthetic news "
                "world that `reading_archive.synthetic` generates for benchmarks.\n\nIt is "
                f"mentioned in {used} generated articles."
            )
        entries.append(
            (_kebab(entity.name), entity.name, entity.kind, aliases, summary, explanation)
        )
    for topic in by_use:
        entries.append(
            (
                _kebab(topic.concept),
                topic.concept,
                "concept",
                [],
                f"A recurring notion of this archive's synthetic coverage of {topic.name}.",
                f"The {topic.concept} comes up in generated articles about {topic.name}, "
                f"alongside words such as {', '.join(topic.nouns[1:4])}.\n\nIt is mentioned in "
                f"{concept_mentions[topic.concept]} generated articles.",
            )
        )

    names = Counter(term for _, term, *_ in entries)
    alias_uses = Counter(alias for entry in entries for alias in set(entry[3]))
    ids: set[str] = set()
    terms = []
    for base, term, kind, aliases, summary, explanation in entries:
        term_id = base
        suffix = 2
        while term_id in ids:
            term_id = f"{base}-{suffix}"
            suffix += 1
        ids.add(term_id)
        kept = [a for a in aliases if a != term and alias_uses[a] == 1 and a not in names]
        lines = ["---", f"term: {json.dumps(term)}", f"type: {kind}"]
        lines += ["aliases:", *(f"  - {json.dumps(a)}" for a in kept)] if kept else ["aliases: []"]
        lines += [f"summary: {json.dumps(summary)}", "references: []", "---", "", explanation, ""]
        terms.append(SyntheticGlossaryTerm(term_id, "\n".join(lines)))
    return tuple(sorted(terms, key=lambda t: t.id))


def write_corpus(corpus: Corpus, project: Path) -> None:
    """Write the seeds to project/seeds/ and the glossary to project/glossary/; deletes nothing."""
    seeds = project / "seeds"
    glossary = project / "glossary"
    seeds.mkdir(parents=True, exist_ok=True)
    glossary.mkdir(parents=True, exist_ok=True)
    for article in corpus.articles:
        (seeds / article.name).write_bytes(article.text.encode("utf-8"))
    for term in corpus.glossary:
        (glossary / f"{term.id}.md").write_bytes(term.text.encode("utf-8"))
