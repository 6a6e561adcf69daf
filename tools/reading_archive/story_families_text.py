"""The words of `story_families`: the fixed cast of one long war, its topics and the templates
that news prose about it is written from. Data only; `story_families` explains how it is used.

Everything is invented: Kalvia (defending) and Dravnia (invading) are fictional countries, their
people are fictional, and so are the towns and villages. A few real international bodies
(NATO, the European Union, the United Nations, the IAEA, the Red Cross) and cities (Brussels,
Istanbul) appear as an archive about such a war would name them; nothing said of them is real.
"""

from __future__ import annotations

# kind | name | short (later mentions, "" = the name) | first mention ("{}" = the name) | share of
# stories it is cast in | glossary summary | extra aliases (";"-separated)
CAST_TEXT = """
person | Oleksandr Marchenko | Marchenko | Kalvian President {} | 0.34 | Fictional President of Kalvia, who leads the country through the war with Dravnia. | President Marchenko
person | Viktor Sorokin | Sorokin | Dravnian President {} | 0.26 | Fictional President of Dravnia, who ordered the invasion of Kalvia. | President Sorokin
person | Irina Bondar | Bondar | Kalvian Foreign Minister {} | 0.14 | Fictional Foreign Minister of Kalvia, the government's main voice abroad. |
person | Taras Levchuk | Levchuk | Kalvian Defence Minister {} | 0.13 | Fictional Defence Minister of Kalvia, in charge of arms procurement and the army's supplies. |
person | Mykola Hrytsenko | Hrytsenko | General {}, the commander-in-chief of Kalvia's armed forces | 0.12 | Fictional general who commands Kalvia's armed forces. | General Hrytsenko
person | Sergei Voronov | Voronov | Dravnian Defence Minister {} | 0.10 | Fictional Defence Minister of Dravnia. |
person | Maria Zhukova | Zhukova | Dravnian foreign ministry spokeswoman {} | 0.09 | Fictional spokeswoman of Dravnia's foreign ministry, known for combative briefings. |
person | Denys Kovalenko | Kovalenko | Kalvian Prime Minister {} | 0.08 | Fictional Prime Minister of Kalvia, who runs the wartime economy and budget. | Prime Minister Kovalenko
person | Pavlo Kyrylenko | Kyrylenko | {}, the governor of the Severyn region | 0.09 | Fictional governor of Kalvia's frontline Severyn region. | Governor Kyrylenko
person | Anders Lindqvist | Lindqvist | NATO Secretary-General {} | 0.06 | Fictional Secretary-General of NATO in this archive's invented war. |
person | Rafael Ortega | Ortega | {}, the director general of the International Atomic Energy Agency | 0.04 | Fictional head of the IAEA, who presses for the safety of Kalvia's nuclear plants. |
person | Kemal Aydin | Aydin | Turkish President {} | 0.04 | Fictional Turkish President who mediates between Kalvia and Dravnia. | President Aydin
place | Kalvia | Kalvia | {} | 0.55 | Fictional country invaded by its larger neighbour Dravnia. |
place | Dravnia | Dravnia | {} | 0.45 | Fictional country whose army invaded Kalvia. |
place | Vostrava | Vostrava | {} | 0.42 | Fictional capital of Kalvia. |
place | Dravsk | Dravsk | {} | 0.16 | Fictional capital of Dravnia; often stands for its government. |
place | Severyn region | Severyn | the {} | 0.16 | Fictional eastern region of Kalvia, the heart of the fighting. | Severyn Oblast
place | Zarichne | Zarichne | {} | 0.10 | Fictional frontline city in Kalvia's Severyn region. |
place | Port Azarov | Azarov | {} | 0.09 | Fictional Kalvian port city on the Sea of Veles, the hub of grain exports. |
place | Tavria | Tavria | {} | 0.08 | Fictional peninsula of Kalvia that Dravnia seized and annexed. | Tavria peninsula
place | Sea of Veles | Sea of Veles | the {} | 0.08 | Fictional sea south of Kalvia and Dravnia, a route for grain, oil and warships. |
place | Kharyn | Kharyn | {} | 0.08 | Fictional second city of Kalvia, close to the Dravnian border. |
place | Lyman River | Lyman | the {} | 0.05 | Fictional river that forms part of the front line in southern Kalvia. | Lyman
place | Lutsavets | Lutsavets | {} | 0.05 | Fictional western Kalvian city, a hub for arms deliveries from Europe. |
place | Orlovsk region | Orlovsk | the {} | 0.06 | Fictional Dravnian region on the Kalvian border. |
place | Brussels | Brussels | {} | 0.05 | Belgium's capital, seat of NATO and the European Union institutions. |
place | Istanbul | Istanbul | {} | 0.03 | Turkish city that hosts talks between Kalvia and Dravnia in this archive. |
organisation | Kalvian Armed Forces | the army | the {} | 0.16 | Fictional armed forces of Kalvia. | Kalvian army
organisation | Dravnian Defence Ministry | the ministry | the {} | 0.13 | Fictional ministry that runs Dravnia's war effort. | Dravnian Ministry of Defence
organisation | NATO | NATO | {} | 0.10 | The North Atlantic Treaty Organization, the Western military alliance. | North Atlantic Treaty Organization
organisation | European Union | EU | the {} | 0.12 | The political and economic union of European states. | EU
organisation | United Nations | UN | the {} | 0.08 | The international organisation of the world's states. | UN
organisation | International Atomic Energy Agency | IAEA | the {} (IAEA) | 0.04 | The UN's nuclear watchdog. | IAEA
organisation | International Committee of the Red Cross | ICRC | the {} (ICRC) | 0.03 | The humanitarian organisation that visits prisoners of war. | ICRC; Red Cross
organisation | Kalvian Security Service | KSS | the {} (KSS) | 0.05 | Fictional intelligence and counter-intelligence service of Kalvia. | KSS
organisation | Kalvenergo | Kalvenergo | {} | 0.04 | Fictional state operator of Kalvia's power grid. |
organisation | Grom Group | Grom | the {} | 0.04 | Fictional Dravnian mercenary company fighting in Kalvia. | Grom mercenaries
"""

# topic | group | concept (a glossary term, also one of the nouns) | nouns | cast it draws (";") |
# things (event specifics, ";") | scale of its main number (low-high)
TOPICS_TEXT = """
missile strikes | strike | ballistic missiles | missiles, air raid, apartment block, rescuers, rubble, air defence, interceptors, casualties, debris, sirens, shelters, cruise missiles | Vostrava; Kharyn; Kalvian Armed Forces | a nine-storey apartment block; a shopping centre; the central railway station; a children's hospital; a university building | 3-60
drone attacks | strike | attack drones | drones, attack drones, air defence, mobile fire groups, interceptors, debris, sirens, explosions, warehouses, night raid, launches | Vostrava; Kalvian Armed Forces | a fuel depot; a grain warehouse; a residential street; a logistics centre; a power substation | 20-150
energy strikes | strike | power grid | power grid, substations, blackouts, power plants, missiles, drones, outages, generators, repairs, heating, electricity imports, transformers | Kalvenergo; Vostrava; Kovalenko | a thermal power plant; a hydroelectric dam; two transformer substations; a gas production site | 30-120
glide bombs | strike | glide bombs | glide bombs, warplanes, shelling, frontline towns, casualties, evacuation, rubble, air defence, bombs, rescuers | Zarichne; Kharyn; Kyrylenko; Severyn region | an administrative building; a hospital ward; a school gym; a bread factory | 2-30
refinery strikes | strike | long-range drones | long-range drones, refineries, oil depots, fires, air defence, fuel exports, explosions, airfields, storage tanks | Dravnia; Orlovsk region; Kalvian Security Service | an oil refinery; a fuel terminal; a military airfield; an ammunition depot | 1-15
air defence | aid | air defence systems | air defence systems, interceptors, launchers, missiles, batteries, radar, deliveries, drones, training, allies | NATO; Levchuk; Lutsavets | two Patriot batteries; a NASAMS system; IRIS-T launchers; Gepard anti-aircraft guns | 2-12
battle for town | front | front line | front line, assault, troops, brigades, artillery, trenches, shelling, positions, encirclement, supply routes, reinforcements, casualties | Hrytsenko; Severyn region; Zarichne; Kalvian Armed Forces; Grom Group | the road to the town; a railway bridge; the southern outskirts; a fortified hilltop | 200-3000
counteroffensive | front | counteroffensive | counteroffensive, brigades, minefields, armoured vehicles, breakthrough, front line, artillery, positions, tanks, assault, defensive lines | Hrytsenko; Levchuk; Kalvian Armed Forces; Lyman River | a bridgehead on the river; the first line of defences; a key supply road; a cluster of villages | 3-25
withdrawal | front | tactical withdrawal | withdrawal, troops, positions, encirclement, front line, brigades, shelling, ruins, defenders, supply routes, artillery, losses | Hrytsenko; Severyn region; Dravnian Defence Ministry | the industrial zone; the town centre; the last supply road; a coke plant | 1-12
cross-border raid | front | cross-border incursion | incursion, border, troops, villages, evacuation, armoured vehicles, shelling, prisoners, front line, positions | Orlovsk region; Kalvian Armed Forces; Dravnian Defence Ministry | a border checkpoint; a gas metering station; a district centre; a border village | 5-80
ammunition shortage | front | artillery shells | artillery shells, ammunition, shells, rationing, guns, front line, deliveries, factories, stockpiles, howitzers, brigades | Levchuk; Hrytsenko; European Union | 155mm shells; a million-shell plan; a joint procurement order; a new shell factory | 1000-9000
mercenaries | front | mercenary group | mercenaries, fighters, recruits, prisons, contracts, assault units, front line, commanders, casualties, payments | Grom Group; Dravsk; Sorokin | a convict brigade; an assault unit; a training camp; a recruitment centre | 50-900
grain corridor | sea | grain corridor | grain, wheat, cargo, ships, ports, shipments, tonnes, bulk carriers, insurance, inspections, exports, corridor | Port Azarov; Sea of Veles; Aydin; United Nations; Istanbul | a grain terminal; a convoy of bulk carriers; a joint inspection centre; a wheat shipment | 20000-90000
naval drones | sea | sea drones | sea drones, warships, fleet, naval base, patrol ship, landing ship, attack, crew, harbour, missiles | Sea of Veles; Tavria; Kalvian Security Service | a patrol ship; a landing ship; a missile corvette; a naval base | 1-6
shadow fleet | sea | shadow fleet | tankers, oil, shadow fleet, insurance, price cap, sanctions, cargo, crew, ports, ship registry, oil spill | Sea of Veles; European Union; Dravnia | an ageing oil tanker; a ship-to-ship transfer; a fuel cargo; an oil spill | 10000-90000
port strikes | sea | port infrastructure | ports, grain terminals, missiles, drones, warehouses, cargo, grain, ships, air defence, exports | Port Azarov; Sea of Veles; Kyrylenko | a grain terminal; a port warehouse; a foreign-flagged cargo ship; a port crane | 5-60
tavria bridge | sea | Tavria bridge | bridge, explosion, traffic, repairs, ferries, railway, supply routes, trucks, span, divers | Tavria; Sea of Veles; Kalvian Security Service | the road span; a fuel train; a ferry crossing; the railway section | 2-8
nuclear plant | nuclear | nuclear safety | nuclear plant, reactors, inspectors, power line, cooling water, shelling, radiation, staff, diesel generators, shutdown | Ortega; International Atomic Energy Agency; United Nations | the Zoryane nuclear plant; a cooling pond; the last external power line; reactor number four | 2-6
dam collapse | nuclear | dam breach | dam, flooding, water levels, evacuation, villages, reservoir, rescuers, drinking water, boats, ecology | Lyman River; Kyrylenko; United Nations | the Lyman dam; a reservoir; a flooded district; a water pumping station | 1000-20000
gas transit | nuclear | gas transit | gas, pipeline, transit, contracts, supplies, storage, compressors, volumes, buyers, energy ministers | European Union; Kovalenko; Dravnia | the transit contract; a compressor station; an underground storage site; a pipeline section | 5-40
winter heating | nuclear | heating season | heating, blackouts, generators, power grid, coal, gas, repairs, shelters, schedules, power cuts | Kalvenergo; Kovalenko; Vostrava | a heating plant; a district boiler; the outage schedule; a shipment of generators | 4-16
peace talks | talks | peace talks | talks, delegations, ceasefire, negotiations, proposals, memorandum, mediators, guarantees, summit, envoys | Bondar; Zhukova; Aydin; Istanbul | a ten-point peace formula; a draft memorandum; a security guarantees document; a ceasefire proposal | 2-10
prisoner exchange | talks | prisoner exchange | prisoners, exchange, captives, prisoners of war, families, lists, mediators, bodies, repatriation, wounded | International Committee of the Red Cross; Aydin; Marchenko | a list of captives; a bus convoy; a border crossing point; the bodies of fallen soldiers | 40-300
deported children | talks | deported children | children, deportation, families, orphanages, returns, mediators, investigators, camps, documents | Bondar; United Nations; Dravnia | a group of orphans; a summer camp; a children's home; a list of names | 10-400
eu accession | talks | accession talks | accession talks, membership, reforms, candidate status, summit, veto, negotiations, chapters, leaders | European Union; Brussels; Marchenko; Bondar | a negotiating framework; a summit declaration; a reform checklist; an intergovernmental conference | 2-27
nato summit | talks | security guarantees | summit, allies, security guarantees, membership, declaration, leaders, alliance, defence spending, pledges | NATO; Lindqvist; Brussels; Marchenko | the summit communique; a membership roadmap; a defence compact; a pledge of support | 10-40
weapons deliveries | aid | military aid | weapons, tanks, fighter jets, deliveries, howitzers, armoured vehicles, allies, training, ammunition, package | Levchuk; NATO; Lutsavets; Lindqvist | a batch of Leopard tanks; F-16 fighter jets; long-range missiles; a package of armoured vehicles | 10-90
financial aid | aid | budget support | loans, budget, aid, grants, donors, reforms, tranche, deficit, lenders, salaries, pensions | Kovalenko; European Union; Marchenko | a loan tranche; a grant package; a budget support programme; a debt restructuring deal | 1-50
reconstruction | aid | reconstruction fund | reconstruction, investors, donors, damage, housing, bridges, conference, pledges, funds, contractors | Kovalenko; European Union; Vostrava | a reconstruction conference; a housing programme; a bridge rebuilding project; a donor platform | 5-500
frozen assets | aid | frozen assets | assets, central bank, reserves, sanctions, windfall profits, loans, lawyers, courts, banks | European Union; Brussels; Dravnia | a windfall profits loan; a clearing house account; a legal opinion; a compensation fund | 10-300
sanctions package | sanctions | sanctions package | sanctions, export controls, banks, blacklist, oligarchs, evasion, restrictions, components, embargo, package | European Union; Brussels; Dravnia; Zhukova | a ban on metals imports; a list of shipping companies; an export ban on chips; a banking ban | 50-200
dravnian economy | sanctions | war economy | inflation, central bank, interest rate, budget, currency, defence spending, labour shortages, prices, oil revenue, imports | Dravnia; Dravsk; Sorokin | a rate decision; the budget deficit; a windfall tax; a currency slump | 5-21
oil price cap | sanctions | oil price cap | oil, price cap, tankers, revenue, exports, buyers, discounts, insurance, refineries | European Union; Dravnia; Sea of Veles | a cap of 60 dollars a barrel; a list of tankers; a discount for crude; an enforcement rule | 40-70
mobilisation kalvia | home | mobilisation law | mobilisation, conscription, recruitment, draft age, soldiers, demobilisation, exemptions, lawmakers, brigades, reservists | Marchenko; Levchuk; Kalvian Armed Forces | a draft age of 25; a new mobilisation law; an electronic registry; a rotation plan | 20000-500000
mobilisation dravnia | home | partial mobilisation | mobilisation, conscripts, recruits, enlistment, reservists, contract soldiers, draft, call-up papers, exodus | Sorokin; Voronov; Dravsk; Dravnian Defence Ministry | a call-up decree; a recruitment drive; an enlistment bonus; a draft notice campaign | 10000-300000
defence corruption | home | procurement scandal | procurement, contracts, investigators, corruption, audit, kickbacks, prices, suppliers, dismissals, anti-corruption bureau | Levchuk; Kalvian Security Service; Marchenko | an egg-price contract; a mortar shell deal; a winter jacket tender; a food supply contract | 1-40
war crimes | home | war crimes | war crimes, investigators, prosecutors, graves, exhumations, torture, witnesses, tribunal, evidence, occupation | United Nations; Bondar; Kalvian Security Service | a mass grave; a filtration camp; a basement where civilians were held; a forest burial site | 10-450
sabotage arrests | home | sabotage network | arrests, agents, sabotage, informants, treason, spotters, detentions, explosives, railway, espionage | Kalvian Security Service; Dravnia; Lutsavets | a railway relay cabinet; a safe house; a cache of explosives; a spotter network | 2-20
evacuation | home | forced evacuation | evacuation, residents, shelling, children, volunteers, buses, shelters, humanitarian aid, elderly, trains | Kyrylenko; Severyn region; Zarichne; Kharyn | an evacuation train; a humanitarian convoy; a frontline town; a volunteer hub | 100-5000
refugees | home | temporary protection | refugees, temporary protection, returns, housing, benefits, host countries, schools, jobs, permits | European Union; Kalvia; Brussels | a temporary protection scheme; a return programme; a housing benefit; a registration centre | 50000-4000000
elections | home | martial law | martial law, elections, parliament, opposition, lawmakers, legitimacy, decree, vote, term | Marchenko; Kovalenko; Vostrava | a martial law extension; a parliamentary vote; a postponed election; a decree | 90-90
disinformation | home | disinformation campaign | disinformation, fakes, bots, channels, propaganda, videos, accounts, narratives, platforms, fact-checkers | Zhukova; Dravsk; Kalvian Security Service | a fake video; a network of bot accounts; a forged document; a doctored photograph | 100-5000
cyberattacks | home | cyberattack | hackers, cyberattack, servers, networks, outages, banks, telecom operator, malware, data, backups | Kalvian Security Service; Dravnia; Kalvenergo | the largest mobile operator; a state registry; a bank's payment system; a railway booking system | 1-24
church dispute | home | church dispute | church, clergy, monastery, parishes, priests, searches, believers, ban, religious groups | Kalvian Security Service; Vostrava; Marchenko | the Lavra monastery; a cathedral lease; a parish transfer; a draft law on churches | 5-200
"""

GROUPS = ("strike", "front", "sea", "nuclear", "talks", "aid", "sanctions", "home")

# Slots: {P} a person, {L} a place, {O} an organisation (cast members of the article);
# {N} a topic noun, {X} the topic's concept; the story's specifics: {C} its town, {V} its village,
# {S} its vessel, {T} its thing, {K} its main number, {J} a smaller number, {M} a sum of money;
# {W} a weekday, {Q} a quote (attributions only).
LEDES = {
    "strike": [
        "Dravnia struck {C} with missiles and drones overnight, hitting {T} and killing at least {J} people, officials said on {W}.",
        "At least {J} people were killed when Dravnian forces hit {T} in {C}, {P} said on {W}, as rescuers searched the rubble.",
        "Kalvian air defences downed most of the {K} drones and missiles launched overnight, but debris struck {T} in {C}, officials said.",
        "An overnight attack damaged {T} in {C}, {O} said on {W}, the latest in a series of strikes on the region.",
    ],
    "front": [
        "Kalvian troops near {V} came under heavy assault on {W}, {P} said, as Dravnian forces pressed towards {C}.",
        "Dravnian forces claimed on {W} to have captured {V}, a village on the approach to {C}, a claim {O} disputed.",
        "Fighting around {V} intensified this week, with {P} saying the defenders had repelled {J} assaults near {T}.",
        "Kalvia's commanders said on {W} they had pushed back Dravnian units near {V}, recapturing {T} after days of fighting.",
    ],
    "sea": [
        "{S} left {C} on {W} carrying {K} tonnes of cargo, {P} said, despite Dravnian threats to shipping in the Sea of Veles.",
        "A Kalvian operation struck {S} near {C} on {W}, {O} said, in the latest attack on Dravnia's fleet.",
        "{S} was damaged near {C} on {W}, officials said, raising new fears for shipping in the Sea of Veles.",
    ],
    "nuclear": [
        "{P} warned on {W} that the situation at {T} remained precarious after shelling near {C}.",
        "Engineers worked on {W} to restore {T} near {C}, {O} said, after the latest damage to Kalvia's energy system.",
        "Officials near {C} said on {W} that {T} had been cut off, leaving thousands of homes without power or water.",
    ],
    "talks": [
        "Delegations from Kalvia and Dravnia met in {C} on {W} to discuss {T}, {P} said, the first such contact in months.",
        "Kalvia and Dravnia carried out an exchange on {W} that returned {K} people home, {P} said, after mediation by {O}.",
        "{P} said on {W} that talks on {T} had made progress, though officials in Dravsk played down the chances of a deal.",
    ],
    "aid": [
        "Kalvia's allies agreed on {W} to send {T}, {P} said, a package worth {M} that officials said would arrive within weeks.",
        "{P} announced {M} in new support for Kalvia on {W}, including {T}, as Kalvian officials pleaded for faster deliveries.",
        "The first of {T} arrived in Kalvia this week, {P} said on {W}, part of a {M} package agreed earlier this year.",
    ],
    "sanctions": [
        "European governments agreed on {W} on a new round of measures against Dravnia that includes {T}, {P} said.",
        "{P} said on {W} that Dravnia would find ways around {T}, the latest Western attempt to cut its revenue.",
        "Dravnia's economy is straining under {T}, officials and analysts said on {W}, with losses estimated at {M}.",
    ],
    "home": [
        "Kalvian authorities announced {T} on {W}, {P} said, a step that has divided opinion in {C}.",
        "{O} said on {W} it had uncovered {T} in {C}, and that {J} people had been detained.",
        "{P} said on {W} that {T} in {C} would be examined by investigators, after reports that circulated all week.",
    ],
}

EVENTS = {
    "strike": [
        "The attack on {C} damaged {T}, and rescuers worked through the night to reach people under the rubble.",
        "According to {O}, {K} drones and missiles were launched in the attack, most of them shot down.",
        "Officials in {C} said {J} people had been killed and dozens wounded, among them several children.",
        "Air raid sirens sounded across {L} for several hours as the {N} continued.",
        "Photographs from {C} showed firefighters at {T}, its upper floors blackened by fire.",
        "The strike on {C} came a day after {P} appealed for more air defence systems.",
        "{P} called the attack on {C} a deliberate strike on civilians.",
    ],
    "front": [
        "The fighting around {V} has left the village in ruins, and few of its residents remain.",
        "{O} said Dravnian units had lost {K} men in the past week near {C}, a figure that could not be verified.",
        "Soldiers near {V} described constant shelling and drones that hunt anything moving on the roads.",
        "Analysts said the loss of {T} would threaten supply routes to {C}.",
        "{P} said the situation near {V} was difficult but under control.",
        "Military bloggers in Dravnia said assault groups had reached {T} near {V}.",
        "The {N} near {C} has barely moved in months despite heavy losses on both sides.",
    ],
    "sea": [
        "{S} is the latest vessel to be caught up in the war at sea, where {N} have become routine.",
        "Shipping data showed {S} had sailed from {C} with {K} tonnes of cargo.",
        "Insurers raised premiums for ships calling at {C} after the incident involving {S}.",
        "{P} said the attack on {S} showed that Dravnia no longer controlled the western part of the sea.",
        "The crew of {S} were reported safe, according to {O}.",
        "Dravnian officials said {S} had been targeted by sea drones, and accused Kalvia of piracy.",
    ],
    "nuclear": [
        "{O} said {T} had been disconnected again, one of {J} such outages since the start of the war.",
        "Inspectors at {T} reported hearing explosions near {C} for several hours on {W}.",
        "{P} called for a protection zone around {T}, a proposal that has stalled for months.",
        "Repair crews near {C} said they needed several days to restore {T}.",
        "Officials said there was no immediate danger from {T}, but warned that the {N} remained fragile.",
    ],
    "talks": [
        "The talks in {C} focused on {T}, according to people familiar with the discussions.",
        "{P} said {K} people had been returned under the latest arrangement, and more would follow.",
        "Officials in Dravsk said any agreement on {T} would have to reflect the situation on the ground.",
        "{O} acted as mediator, as it has in previous rounds of {N}.",
        "{P} said Kalvia would not trade territory for {T}.",
        "Diplomats in {C} described the mood as businesslike but said no breakthrough was expected.",
    ],
    "aid": [
        "The {M} package includes {T} as well as ammunition and spare parts.",
        "{P} said {T} would be delivered before the end of the year.",
        "Kalvian officials say deliveries like {T} often arrive months later than promised.",
        "The decision on {T} followed weeks of debate among allies in {L}.",
        "{O} said it would coordinate the deliveries through {L}.",
        "Critics of the package in {L} said {M} was too little, too late.",
    ],
    "sanctions": [
        "The measures include {T}, according to a document seen by reporters.",
        "{P} said {T} was aimed at the companies that keep Dravnia's war machine running.",
        "Analysts estimated that {T} would cost Dravnia about {M} a year.",
        "Officials in Dravsk dismissed {T} as illegal and said they would respond.",
        "{O} said enforcement of {T} had been stepped up in recent months.",
    ],
    "home": [
        "The debate over {T} has intensified in {C} in recent weeks.",
        "{O} said {J} people had been questioned in connection with {T}.",
        "{P} defended {T}, saying the country had no other choice while the war continued.",
        "Local officials in {C} said they had received no instructions about {T}.",
        "Critics in {L} said the handling of {T} had damaged public trust.",
    ],
}

# Any topic: sentences that keep to the story's cast and words.
GENERAL = [
    "{P} said on {W} that dealing with the {N} would remain a priority for the government.",
    "Officials in {L} said the {N} and the {N} were discussed at a meeting on {W}.",
    "{P} told reporters in {L} that the question of the {N} would not be settled quickly.",
    "The handling of the {N} has become a test for {P}, whose critics say the response has been too slow.",
    "{O} said it was following the situation closely and would report on the {N} next week.",
    "It was not immediately clear what the latest developments would mean for the {N} in {L}.",
    "{P} and {P} discussed the {N} by phone on {W}, according to a statement.",
    "In {L}, news of the {N} has dominated coverage for several days.",
    "Asked about the {N}, {P} said more details would be announced soon.",
    "{O} declined to comment on the {N}.",
    "The {X} has been a recurring issue since the start of the war.",
    "Neither {P} nor {O} gave a timetable for the next steps on the {N}.",
    "Officials in Dravsk did not respond to requests for comment.",
    "The claims could not be independently verified.",
    "{P} is expected to raise the {N} with allies in {L} later this month.",
    "The {X} was also on the agenda when {P} met officials in {L} earlier this year.",
]

QUOTES = {
    "strike": ["They are hitting {C} to break our will, and they will not succeed", "We need more air defence, and we need it now",
               "There was a flash, and then the windows came in", "Every night we hear the sirens, and every night we wait"],
    "front": ["The situation near {V} is difficult, but our troops are holding", "We are short of shells, not of courage",
              "They come in small groups, again and again", "Nobody is leaving {V} without an order"],
    "sea": ["The sea is open for grain, whatever Dravsk says", "Ships will keep sailing from {C}",
            "This was a legitimate target", "We will answer this act of piracy"],
    "nuclear": ["One more hit and we could be facing a disaster", "The situation at {T} is not sustainable",
                "We are working around the clock to restore supplies", "Safety must come before politics"],
    "talks": ["We are ready to talk, but not to surrender", "Every person returned home is a victory",
              "The proposals on {T} are a basis for discussion", "There can be no agreement without Kalvia"],
    "aid": ["This support saves lives every day", "We need {T} now, not next year",
            "Our commitment to Kalvia is unwavering", "Every delay costs us soldiers"],
    "sanctions": ["These measures will hit the war machine where it hurts", "Sanctions have never worked against us",
                  "We will close the loopholes one by one", "The cost of the war is now felt in every shop"],
    "home": ["We are at war, and the rules of wartime apply", "People deserve to know the truth about {T}",
             "This is not the time for division", "The law must apply to everyone"],
}

ATTRIBUTIONS = [
    '"{Q}," {P} said.',
    '"{Q}," {P} told reporters in {L}.',
    '"{Q}," said {P}.',
    '"{Q}," {P} said in a video address on {W}.',
    '"{Q}," {P} wrote on social media.',
    '{P} said: "{Q}."',
    '"{Q}," a resident of {C} told reporters.',
]

# Wire context paragraphs that many outlets repeat, with a Zipf-like popularity.
BACKGROUND = [
    "Dravnia launched its full-scale invasion of Kalvia in February 2022, and the war has since killed tens of thousands of people.",
    "Dravnia launched its full-scale invasion of Kalvia in February 2022. It now occupies about a fifth of Kalvia's territory, including the Tavria peninsula it annexed years earlier.",
    "Dravnian President Viktor Sorokin has said the war will continue until Dravnia's goals are met. Kalvian President Oleksandr Marchenko has ruled out ceding territory.",
    "The war has displaced millions of Kalvians, and Vostrava says rebuilding the country will cost hundreds of billions of dollars.",
    "Kalvia relies on weapons and financial support from its Western allies, including the United States and the European Union.",
    "Dravnia regularly launches missiles and drones at Kalvian cities, including the capital Vostrava, and says it targets military and energy sites.",
    "Kalvia has stepped up drone attacks on targets inside Dravnia, including refineries and airfields, saying they are legitimate military targets.",
    "The front line stretches for more than 1,000 kilometres, from the Orlovsk border region to the Lyman River in the south.",
    "Most of the heaviest fighting has been in the Severyn region, where Dravnian forces have advanced slowly at great cost.",
    "Dravnia denies targeting civilians in what it calls a special military operation in Kalvia.",
    "Neither side publishes full figures on its military losses, and reports from the battlefield could not be independently verified.",
    "Kalvia's grain exports through the Sea of Veles, a vital source of revenue, have repeatedly been disrupted by the war.",
    "Western governments have imposed waves of sanctions on Dravnia since the invasion, targeting its banks, energy exports and elites.",
    "Peace efforts have stalled since talks in Istanbul in the first weeks of the war, with both sides setting conditions the other rejects.",
    "Kalvian President Oleksandr Marchenko has urged allies to speed up deliveries of air defence systems and long-range weapons.",
    "Kalvia's power grid has been repeatedly targeted since the autumn of 2022, causing rolling blackouts across the country.",
    "The leadership in Dravsk has tightened controls on dissent since the war began, jailing critics and blocking independent media.",
    "NATO members have stepped up defence spending since the invasion, and several have pledged multi-year aid to Kalvia.",
]

HEADLINES = {
    "strike": ["Dravnian strike on {C} kills {J}", "{C} hit by overnight missile and drone attack", "Attack on {C} damages {T}",
               "Death toll in {C} strike rises to {J}", "{p} demands more air defence after strike on {C}",
               "Drones and missiles pound {C}; {J} killed"],
    "front": ["Dravnian forces press towards {C} near {V}", "Kalvia says it repelled assaults around {V}", "Battle for {V} intensifies",
              "Dravnia claims capture of {V}", "{p}: situation near {V} is difficult", "Kalvian troops hold out near {V}"],
    "sea": ["{S} leaves {C} despite threats", "Kalvia says it hit {S} in the Sea of Veles", "{S} damaged near {C}",
            "Shipping fears grow after attack on {S}", "{p} hails strike on {S}"],
    "nuclear": ["{T} near {C} cut off again", "{p} warns of risk at {T}", "Repairs begin at {T} after shelling",
                "Power outages spread after damage to {T}"],
    "talks": ["Kalvia and Dravnia hold talks in {C} on {T}", "{K} people freed in new Kalvia-Dravnia exchange",
              "{p} sees progress on {T}", "Dravsk cool on {T} as talks resume in {C}"],
    "aid": ["Allies pledge {T} to Kalvia", "{p} unveils {M} aid package", "First of {T} arrives in Kalvia",
            "Kalvia to receive {T} in {M} deal"],
    "sanctions": ["EU agrees new Dravnia sanctions including {T}", "{p} vows to get around {T}", "Dravnia's economy strains under {T}",
                  "New sanctions target {T}"],
    "home": ["Kalvia announces {T}", "{p} defends {T}", "Investigators examine {T} in {C}", "Row over {T} grows in {C}"],
}

SUBHEADINGS = ["What happened", "Reaction", "What comes next", "Background", "Questions remain", "On the ground"]

CREDITS = ["Reuters", "AFP", "AP", "Press service", "Social media", "EPA", "Kalvian Emergency Service"]
CAPTIONS = [
    "Rescuers at the site in {C}.",
    "A view of {C} after the attack.",
    "{F} at a news conference in {L}.",
    "Residents of {C} look on.",
    "{F} speaks to reporters in {L}.",
]

AGENCIES = ["Reuters", "AFP", "AP", "Bloomberg"]
HOSTS = [
    "www.kalviaindependent.com", "www.vostravapost.com", "www.reuters.com", "apnews.com", "www.aljazeera.com",
    "www.theguardian.com", "www.dravniatimes.com", "www.rferl.org", "www.euronews.com", "www.france24.com",
]

TOWNS = """Bilohirsk Sumariv Poltavka Cherkavy Vinnytsk Mykolayivka Kramivsk Slovyanets Pokrovka Izyumets Kupriyansk
Marynivka Nikopolets Kherenske Dnipryany Chernihivka Sumytsia Odarivka Zhytomyrsk Uman Bilotserkva Kremenets Lozova
Pavlohrad Toretsk Siversk Vuhledar Orikhiv Hulyaipole Berdyansk Melitopil Enerhodar Kostiantynivka Myrnohrad""".split()

VILLAGE_STARTS = ["Novo", "Staro", "Velyka ", "Mala ", "Krasno", "Bilo", "Chorno", "Zeleno", "Pisko", "Verkhnyo", "Nyzhnyo", "Ivano"]
VILLAGE_ROOTS = ["hor", "dol", "lyp", "ber", "vod", "pol", "yar", "kam", "lis", "sad", "dub", "mykh", "pav", "hrush", "sok",
                 "zor", "trud", "myr", "khut", "rud", "sosn", "topol", "kalyn", "vyshn", "bereh", "stav", "luh", "kolos"]
VILLAGE_ENDS = ["ivka", "ove", "ivske", "yne", "ynka", "ohrad", "ytsia", "anka", "enka", "ivtsi"]
VESSEL_KINDS = ["the bulk carrier", "the cargo ship", "the tanker", "the patrol ship", "the landing ship", "the corvette", "the freighter"]
VESSEL_NAMES = [
    "Razoni", "Orion", "Kapitan Belov", "Sea Falcon", "Admiral Gorin", "Marta", "Polaris", "Nika", "Brave Star", "Vega", "Zaliv",
    "Tavrida", "Ivan Khurs", "Karina", "Sergei Kotov", "Aurora", "Mercury", "Iris Leo", "Sparrow", "Galina", "Veles Star",
    "Nordic Dawn", "Azov Pearl", "Bosphorus Wind", "Olympia", "Sunrise Ace", "Lady Zehma", "Eco Resolution",
]

REPORTERS = [
    "Olena Harmash", "Tom Balmforth", "Anastasiia Malenko", "Dan Peleschuk", "Yuliia Dysa", "Max Hunder", "Illia Novikov",
    "Hanna Arhirova", "Samya Kullab", "Susie Blann", "Kateryna Tyshchenko", "Dmytro Basmat", "Andrew Osborn", "Guy Faulconbridge",
    "Lidia Kelly", "Mark Trevelyan", "Ronan Keane", "Isabel Coles", "Marta Rudenko", "Petro Savchuk", "Nadia Koval",
    "Erik Lindholm", "Claire Moreau", "Luca Bernardi", "Sofia Hrytsyk", "Bohdan Tkach", "Alina Melnyk", "James Whitford",
    "Ivan Petrenko", "Oksana Lysenko", "Daniel Weiss", "Maria Kostenko",
]
