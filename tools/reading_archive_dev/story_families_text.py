"""The words of `story_families`: the fixed cast of one long war, its topics and the templates
that news prose about it is written from. Data only; `story_families` explains how it is used.

Everything is invented: Kalvia (defending) and Dravnia (invading) are fictional countries, their
people are fictional, and so are the towns and villages. A few real international bodies
(NATO, the European Union, the United Nations, the IAEA, the Red Cross) and cities (Brussels,
Istanbul) appear as an archive about such a war would name them; nothing said of them is real.
"""

from __future__ import annotations

# kind | name | short (later mentions) | first mention ("{}" = the name) | share of
# stories it is cast in | glossary summary | extra aliases (";"-separated)
CAST_TEXT = """
person | Oleksandr Marchenko | Marchenko | Kalvian President {} | 0.34 | Fictional President of Kalvia, who leads the country through the war with Dravnia. | President Marchenko
person | Viktor Sorokin | Sorokin | Dravnian President {} | 0.26 | Fictional President of Dravnia, who ordered the invasion of Kalvia. | President Sorokin
person | Irina Bondar | Bondar | Kalvian Foreign Minister {} | 0.14 | Fictional Foreign Minister of Kalvia, the government's main voice abroad. |
person | Taras Levchuk | Levchuk | Kalvian Defence Minister {} | 0.13 | Fictional Defence Minister of Kalvia, in charge of arms procurement and the army's supplies. |
person | Mykola Hrytsenko | Hrytsenko | Kalvian commander-in-chief General {} | 0.12 | Fictional general who commands Kalvia's armed forces. | General Hrytsenko
person | Sergei Voronov | Voronov | Dravnian Defence Minister {} | 0.10 | Fictional Defence Minister of Dravnia. |
person | Maria Zhukova | Zhukova | Dravnian foreign ministry spokeswoman {} | 0.09 | Fictional spokeswoman of Dravnia's foreign ministry, known for combative briefings. |
person | Denys Kovalenko | Kovalenko | Kalvian Prime Minister {} | 0.08 | Fictional Prime Minister of Kalvia, who runs the wartime economy and budget. | Prime Minister Kovalenko
person | Pavlo Kyrylenko | Kyrylenko | Severyn regional governor {} | 0.09 | Fictional governor of Kalvia's frontline Severyn region. | Governor Kyrylenko
person | Anders Lindqvist | Lindqvist | NATO Secretary-General {} | 0.06 | Fictional Secretary-General of NATO in this archive's invented war. |
person | Rafael Ortega | Ortega | IAEA Director General {} | 0.04 | Fictional head of the IAEA, who presses for the safety of Kalvia's nuclear plants. |
person | Kemal Aydin | Aydin | Turkish President {} | 0.04 | Fictional Turkish President who mediates between Kalvia and Dravnia. | President Aydin
place | Kalvia | Kalvia | {} | 0.55 | Fictional country invaded by its larger neighbour Dravnia. |
place | Dravnia | Dravnia | {} | 0.45 | Fictional country whose army invaded Kalvia. |
place | Vostrava | Vostrava | {} | 0.50 | Fictional capital of Kalvia. |
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
organisation | European Union | the EU | the {} | 0.12 | The political and economic union of European states. | EU
organisation | United Nations | the UN | the {} | 0.08 | The international organisation of the world's states. | UN
organisation | International Atomic Energy Agency | the IAEA | the {} (IAEA) | 0.04 | The UN's nuclear watchdog. | IAEA
organisation | International Committee of the Red Cross | the ICRC | the {} (ICRC) | 0.03 | The humanitarian organisation that visits prisoners of war. | ICRC; Red Cross
organisation | Kalvian Security Service | the KSS | the {} (KSS) | 0.05 | Fictional intelligence and counter-intelligence service of Kalvia. | KSS
organisation | Kalvenergo | Kalvenergo | {} | 0.04 | Fictional state operator of Kalvia's power grid. |
organisation | Grom Group | Grom | the {} | 0.04 | Fictional Dravnian mercenary company fighting in Kalvia. | Grom mercenaries
"""

# topic | group | concept (a glossary term, also one of the nouns) | nouns | cast it draws (";") |
# things (event specifics, ";") | scale of its main number (low-high)
TOPICS_TEXT = """
missile strikes | strike | ballistic missiles | missiles, air raid, apartment block, rescuers, rubble, air defence, interceptors, casualties, debris, sirens, shelters, cruise missiles | Vostrava; Kharyn; Kalvian Armed Forces | a nine-storey apartment block; a shopping centre; the central railway station; a children's hospital; a university building; a busy market | 8-70
drone attacks | strike | attack drones | drones, attack drones, air defence, mobile fire groups, interceptors, debris, sirens, explosions, warehouses, night raid, launches | Vostrava; Kalvian Armed Forces | a fuel depot; a grain warehouse; a residential street; a logistics centre; a postal depot; a high-rise building | 40-180
energy strikes | strike | power grid | power grid, substations, blackouts, power plants, missiles, drones, outages, generators, repairs, heating, electricity imports, transformers | Kalvenergo; Vostrava; Kovalenko | a thermal power plant; a hydroelectric dam; a transformer substation; a gas production site; a combined heat and power plant | 30-120
glide bombs | strike | glide bombs | glide bombs, warplanes, shelling, frontline towns, casualties, evacuation, rubble, air defence, bombs, rescuers | Zarichne; Kharyn; Kyrylenko; Severyn region | an administrative building; a hospital ward; a school; a bread factory; a humanitarian aid centre | 4-30
port strikes | strike | port infrastructure | ports, grain terminals, missiles, drones, warehouses, cargo, grain, ships, air defence, exports | Port Azarov; Sea of Veles; Kyrylenko | a grain terminal; a port warehouse; a port crane; a ferry terminal; a grain elevator | 5-60
refinery strikes | deepstrike | long-range drones | long-range drones, refineries, oil depots, fires, air defence, fuel exports, explosions, storage tanks, pumping station | Dravnia; Orlovsk region; Kalvian Security Service | an oil refinery; a fuel terminal; an oil pumping station; a fuel depot | 20-90
airfield strikes | deepstrike | long-range strikes | airfields, bombers, long-range drones, missiles, aircraft, hangars, air defence, ammunition depot, explosions | Dravnia; Kalvian Armed Forces; Levchuk | a military airfield; an ammunition depot; a bomber base; a radar station | 2-12
Tavria bridge attacks | deepstrike | Tavria bridge | bridge, explosion, traffic, repairs, ferries, railway, supply routes, trucks, span, divers | Tavria; Sea of Veles; Kalvian Security Service | the Tavria bridge; a railway ferry; a fuel train on the bridge; the road span of the bridge | 2-8
battle for town | front | front line | front line, assault, troops, brigades, artillery, trenches, shelling, positions, encirclement, supply routes, reinforcements, casualties | Hrytsenko; Severyn region; Zarichne; Kalvian Armed Forces; Grom Group | the road into town; a railway bridge; the southern outskirts; a fortified hilltop; a coke plant | 200-3000
counteroffensive | front | counteroffensive | counteroffensive, brigades, minefields, armoured vehicles, breakthrough, front line, artillery, positions, tanks, assault, defensive lines | Hrytsenko; Levchuk; Kalvian Armed Forces; Lyman River | a bridgehead on the river; the first line of defences; a key supply road; a cluster of farms | 150-2000
withdrawal | front | tactical withdrawal | withdrawal, troops, positions, encirclement, front line, brigades, shelling, ruins, defenders, supply routes, artillery, losses | Hrytsenko; Severyn region; Dravnian Defence Ministry | the industrial zone; the town centre; the last supply road; a mine shaft | 100-1500
cross-border raid | front | cross-border incursion | incursion, border, troops, villages, evacuation, armoured vehicles, shelling, prisoners, front line, positions | Orlovsk region; Kalvian Armed Forces; Dravnian Defence Ministry | a border checkpoint; a gas metering station; a district centre; a border post | 50-800
mercenaries | front | mercenary group | mercenaries, fighters, recruits, prisons, contracts, assault units, front line, commanders, casualties, payments | Grom Group; Dravsk; Sorokin | a cement plant; the railway station; the western outskirts; a salt mine | 300-2500
grain corridor | sea | grain corridor | grain, wheat, cargo, ships, ports, shipments, tonnes, bulk carriers, insurance, inspections, exports, corridor | Port Azarov; Sea of Veles; Aydin; United Nations; Istanbul | wheat; maize; sunflower oil; barley | 20000-90000
naval drones | sea | sea drones | sea drones, warships, fleet, naval base, patrol ship, landing ship, attack, crew, harbour, missiles | Sea of Veles; Tavria; Kalvian Security Service | ammunition; troops; armoured vehicles; fuel | 100-900
shadow fleet | sea | shadow fleet | tankers, oil, shadow fleet, insurance, price cap, sanctions, cargo, crew, ports, ship registry, oil spill | Sea of Veles; European Union; Dravnia | crude oil; fuel oil; diesel; naphtha | 10000-90000
nuclear plant | energy | nuclear safety | nuclear plant, reactors, inspectors, power line, cooling water, shelling, radiation, staff, diesel generators, shutdown | Ortega; International Atomic Energy Agency; United Nations | the Zoryane nuclear plant; the plant's last external power line; the plant's cooling pond; a reactor building | 2-9
dam collapse | energy | dam breach | dam, flooding, water levels, evacuation, villages, reservoir, rescuers, drinking water, boats, ecology | Lyman River; Kyrylenko; United Nations | the Lyman dam; a water pumping station; a flood barrier; a water treatment plant | 1000-20000
gas transit | energy | gas transit | gas, pipeline, transit, contracts, supplies, storage, compressors, volumes, buyers, energy ministers | European Union; Kovalenko; Dravnia | a compressor station; an underground gas storage site; a pipeline section; a gas metering station | 5-40
winter heating | energy | heating season | heating, blackouts, generators, power grid, coal, gas, repairs, shelters, schedules, power cuts | Kalvenergo; Kovalenko; Vostrava | a heating plant; a district boiler house; a coal-fired power station; a high-voltage substation | 4-16
peace talks | talks | peace talks | talks, delegations, ceasefire, negotiations, proposals, memorandum, mediators, guarantees, summit, envoys | Bondar; Zhukova; Aydin; Istanbul | a ceasefire proposal; a draft memorandum; a peace formula; security guarantees | 2-10
prisoner exchange | talks | prisoner exchange | prisoners, exchange, captives, prisoners of war, families, lists, mediators, bodies, repatriation, wounded | International Committee of the Red Cross; Aydin; Marchenko | an exchange of prisoners; a list of captives; the return of the wounded; the return of fallen soldiers' bodies | 40-300
deported children | talks | deported children | children, deportation, families, orphanages, returns, mediators, investigators, camps, documents | Bondar; United Nations; Dravnia | the return of deported children; a list of missing children; the reunification of families; access to children's homes | 10-400
sea ceasefire talks | talks | maritime ceasefire | shipping, ports, ceasefire, grain, mediators, guarantees, inspections, warships, insurance, exports | Aydin; Istanbul; United Nations; Sea of Veles | a maritime ceasefire; safe passage for merchant ships; an inspection regime for ships; a halt to strikes on ports | 3-12
EU accession | alliance | accession talks | accession talks, membership, reforms, candidate status, summit, veto, negotiations, chapters, leaders | European Union; Brussels; Marchenko; Bondar | the opening of accession talks; candidate status; a reform checklist; a negotiating framework | 2-27
NATO summit | alliance | security guarantees | summit, allies, security guarantees, membership, declaration, leaders, alliance, defence spending, pledges | NATO; Lindqvist; Brussels; Marchenko | a membership roadmap; a long-term security pact; a summit declaration; a pledge of annual aid | 10-40
financial aid | alliance | budget support | loans, budget, aid, grants, donors, reforms, tranche, deficit, lenders, salaries, pensions | Kovalenko; European Union; Marchenko | a loan tranche; a grant package; budget support; a debt restructuring deal | 1-50
reconstruction | alliance | reconstruction fund | reconstruction, investors, donors, damage, housing, bridges, conference, pledges, funds, contractors | Kovalenko; European Union; Vostrava | a reconstruction fund; a housing programme; a bridge rebuilding project; a donor platform | 5-500
frozen assets | alliance | frozen assets | assets, central bank, reserves, sanctions, windfall profits, loans, lawyers, courts, banks | European Union; Brussels; Dravnia | a loan backed by frozen assets; the use of windfall profits; a compensation fund; a reparations loan | 10-300
weapons deliveries | aid | military aid | weapons, tanks, fighter jets, deliveries, howitzers, armoured vehicles, allies, training, ammunition, package | Levchuk; NATO; Lutsavets; Lindqvist | Leopard tanks; F-16 fighter jets; long-range missiles; armoured personnel carriers; self-propelled howitzers | 10-90
air defence | aid | air defence systems | air defence systems, interceptors, launchers, missiles, batteries, radar, deliveries, drones, training, allies | NATO; Levchuk; Lutsavets | Patriot batteries; NASAMS systems; IRIS-T launchers; Gepard anti-aircraft guns; interceptor missiles | 2-12
ammunition shortage | aid | artillery shells | artillery shells, ammunition, shells, rationing, guns, front line, deliveries, factories, stockpiles, howitzers, brigades | Levchuk; Hrytsenko; European Union | 155mm artillery shells; mortar rounds; rocket artillery ammunition; tank shells | 100000-1000000
sanctions package | sanctions | sanctions package | sanctions, export controls, banks, blacklist, oligarchs, evasion, restrictions, components, embargo, package | European Union; Brussels; Dravnia; Zhukova | a ban on metals imports; a blacklist of shipping companies; an export ban on microchips; a ban on bank transactions | 50-200
Dravnian economy | sanctions | war economy | inflation, central bank, interest rate, budget, currency, defence spending, labour shortages, prices, oil revenue, imports | Dravnia; Dravsk; Sorokin | record interest rates; a budget deficit; a windfall tax; a currency slump | 5-21
oil price cap | sanctions | oil price cap | oil, price cap, tankers, revenue, exports, buyers, discounts, insurance, refineries | European Union; Dravnia; Sea of Veles | a lower oil price cap; tighter tanker checks; a ban on insuring tankers; a ban on refined products | 40-70
defence corruption | security | procurement scandal | procurement, contracts, investigators, corruption, audit, kickbacks, prices, suppliers, dismissals, anti-corruption bureau | Levchuk; Kalvian Security Service; Marchenko | an inflated food supply contract; a mortar shell deal; a winter jacket tender; a fuel supply contract | 5-90
war crimes | security | war crimes | war crimes, investigators, prosecutors, graves, exhumations, torture, witnesses, tribunal, evidence, occupation | United Nations; Bondar; Kalvian Security Service | a mass grave; a torture chamber; a basement where civilians were held; a forest burial site | 10-450
sabotage arrests | security | sabotage network | arrests, agents, sabotage, informants, treason, spotters, detentions, explosives, railway, espionage | Kalvian Security Service; Dravnia; Lutsavets | a sabotage cell; a network of spotters; a cache of explosives; a plot to derail trains | 2-20
cyberattacks | security | cyberattack | hackers, cyberattack, servers, networks, outages, banks, telecom operator, malware, data, backups | Kalvian Security Service; Dravnia; Kalvenergo | an attack on the largest mobile operator; a breach of a state registry; an attack on bank payment systems; a hack of the railway booking system | 1-24
disinformation | security | disinformation campaign | disinformation, fakes, bots, channels, propaganda, videos, accounts, narratives, platforms, fact-checkers | Zhukova; Dravsk; Kalvian Security Service | a network of bot accounts; a fake video; a forged document; a doctored photograph | 100-5000
Kalvian mobilisation | politics | mobilisation law | mobilisation, conscription, recruitment, draft age, soldiers, demobilisation, exemptions, lawmakers, brigades, reservists | Marchenko; Levchuk; Kalvian Armed Forces | a lower draft age; a new mobilisation law; an electronic draft registry; a plan to rotate troops | 20000-500000
Dravnian mobilisation | politics | partial mobilisation | mobilisation, conscripts, recruits, enlistment, reservists, contract soldiers, draft, call-up papers, exodus | Sorokin; Voronov; Dravsk; Dravnian Defence Ministry | a call-up decree; a recruitment drive; an enlistment bonus; electronic call-up papers | 10000-300000
evacuation | politics | forced evacuation | evacuation, residents, shelling, children, volunteers, buses, shelters, humanitarian aid, elderly, trains | Kyrylenko; Severyn region; Zarichne; Kharyn | the mandatory evacuation of families; evacuation trains; a humanitarian corridor; a curfew | 100-5000
elections | politics | martial law | martial law, elections, parliament, opposition, lawmakers, legitimacy, decree, vote, term | Marchenko; Kovalenko; Vostrava | an extension of martial law; a postponement of elections; a parliamentary vote; a new decree | 90-90
church dispute | politics | church dispute | church, clergy, monastery, parishes, priests, searches, believers, ban, religious groups | Kalvian Security Service; Vostrava; Marchenko | a ban on the Dravnia-linked church; searches at a monastery; the transfer of a cathedral; a draft law on churches | 5-200
"""

GROUPS = (
    "strike",
    "deepstrike",
    "front",
    "sea",
    "energy",
    "talks",
    "alliance",
    "aid",
    "sanctions",
    "security",
    "politics",
)

# Slots: {P} a person, {L} a place, {O} an organisation (cast members of the article);
# {N} a topic noun, {X} the topic's concept; the story's specifics: {C} its town, {V} its village,
# {S} its vessel, {T} its thing, {K} its main number, {J} a smaller number, {M} a sum of money;
# {W} a weekday, {Q} a quote (attributions only), {p} a person's short name (headlines); {A} and {a}:
# a person of the Kalvian side (or a mediator), {D} one of the Dravnian side. A quote "D|..." is Dravnian.
LEDES = {
    "strike": [
        "Dravnia struck {C} with missiles and drones overnight, hitting {T} and killing at least {J} people, officials said on {W}.",
        "At least {J} people were killed when Dravnian forces hit {T} in {C}, {A} said on {W}, as rescuers searched the rubble.",
        "Kalvian air defences downed most of the {K} drones and missiles launched overnight, but debris struck {T} in {C}, officials said.",
        "An overnight attack damaged {T} in {C}, {O} said on {W}, the latest in a series of strikes on the region.",
    ],
    "deepstrike": [
        "Kalvian drones struck {T} near {C} in Dravnia overnight, setting off a large fire, local officials said on {W}.",
        "Explosions were reported at {T} near {C} on {W}, in what a source in {O} called a long-range strike by Kalvia.",
        "Dravnia said on {W} its air defences had downed {K} Kalvian drones, but admitted that {T} near {C} had been hit.",
    ],
    "front": [
        "Kalvian troops near {V} came under heavy assault on {W}, {A} said, as Dravnian forces pressed towards {C}.",
        "Dravnian forces claimed on {W} to have captured {V}, a village on the approach to {C}, a claim {O} disputed.",
        "Fighting around {V} intensified this week, with {A} saying the defenders had repelled {J} assaults near {T}.",
        "Kalvia's commanders said on {W} they had pushed back Dravnian units near {V}, retaking {T} after days of fighting.",
    ],
    "sea": [
        "{S} left {C} on {W} carrying {K} tonnes of {T}, {A} said, despite Dravnian threats to shipping in the Sea of Veles.",
        "A Kalvian sea drone attack struck {S} near {C} on {W}, {O} said, in the latest blow to Dravnia's fleet.",
        "{S}, loaded with {T}, was damaged near {C} on {W}, officials said, raising new fears for shipping in the Sea of Veles.",
        "Authorities detained {S}, carrying {K} tonnes of {T}, off {C} on {W}, {P} said.",
    ],
    "energy": [
        "{A} warned on {W} that the situation at {T} remained precarious after shelling near {C}.",
        "Engineers worked on {W} to restore {T} near {C}, {O} said, after the latest damage to Kalvia's energy system.",
        "Officials near {C} said on {W} that {T} had been knocked out, leaving thousands of homes without power or water.",
    ],
    "talks": [
        "Negotiators met in {C} on {W} to discuss {T}, {P} said, the first such meeting in months.",
        "{P} said on {W} that talks in {C} on {T} had made progress, though officials in Dravsk played down the chances of a deal.",
        "Kalvia and Dravnia agreed on {W} on {T}, {P} said, after mediation by {O} in {C}.",
    ],
    "alliance": [
        "European and allied leaders meeting in {C} on {W} backed {T} for Kalvia, {A} said.",
        "{A} said on {W} that Kalvia expected {T} by the end of the year, a step officials in {C} have long sought.",
        "Allies agreed in {C} on {W} on {T} worth {M}, {O} said, after months of wrangling.",
    ],
    "aid": [
        "Kalvia's allies agreed on {W} to send {T}, {A} said, in a package worth {M} that officials said would arrive within weeks.",
        "{A} announced {M} in new military support for Kalvia on {W}, including {T}, as Kalvian officials pleaded for faster deliveries.",
        "The first {T} from a {M} package arrived in Kalvia this week, {A} said on {W}.",
    ],
    "sanctions": [
        "European governments agreed on {W} on new measures against Dravnia that include {T}, {A} said.",
        "{P} said on {W} that Dravnia would find ways around {T}, the latest Western attempt to cut its revenue.",
        "Dravnia is struggling with {T} as the cost of the war mounts, officials and analysts said on {W}.",
    ],
    "security": [
        "{O} said on {W} it had uncovered {T} in {C}, and that {J} people had been detained.",
        "Investigators in {C} are examining {T}, {P} said on {W}, after reports that circulated all week.",
        "Prosecutors opened a case on {W} into {T} in {C}, {O} said.",
    ],
    "politics": [
        "The authorities announced {T} on {W}, {P} said, a step that has divided opinion in {C}.",
        "{P} signed off on {T} on {W}, saying the country had no other choice while the war continued.",
        "Officials in {C} said on {W} they were preparing for {T}, which affects about {K} people.",
    ],
}

EVENTS = {
    "strike": [
        "The attack on {C} damaged {T}, and rescuers worked through the night to reach people trapped under the rubble.",
        "According to {O}, {K} drones and missiles were launched in the attack, most of which were shot down.",
        "Officials in {C} said {J} people had been killed and dozens wounded, among them several children.",
        '"There was a flash, and then the windows came in," said a woman who lives near {T} in {C}.',
        '"Every night we hear the sirens, and every night we wait," a resident of {C} said.',
        "Air raid sirens sounded across {L} for several hours, and residents were told to stay away from the {N}.",
        "Photographs from {C} showed firefighters at {T}, its upper floors blackened by fire.",
        "The strike on {C} came a day after {A} appealed for more air defence systems.",
        "{A} called the attack on {C} a deliberate strike on civilians and said it would not go unanswered.",
        "The city of {C} has been hit repeatedly since the start of the war, but residents said this attack was among the worst.",
        "Emergency workers said the blast had also damaged homes and cars several streets away from {T}, and warned of more {N}.",
    ],
    "deepstrike": [
        "Videos posted on social media showed a large fire at {T} near {C} and plumes of black smoke.",
        '"We heard the drones, then the explosions," a resident of {C} told a local news site.',
        "The governor of the region said debris from downed drones had fallen near {C}, and that there were no casualties.",
        "{O} did not comment on the attack on {T}, in line with its usual practice.",
        "Analysts said the strikes on {T} were meant to cut the fuel and ammunition reaching the front.",
        "{A} said strikes like this one were a response to Dravnia's attacks on Kalvian cities, and that more {N} could be expected.",
        "Flights at airports near {C} were suspended for several hours, and local officials reported damage to {N}.",
        "It was one of {J} attacks on targets in the area this year, according to local media.",
    ],
    "front": [
        "The fighting around {V} has left the village in ruins, and few of its residents remain.",
        "{O} said Dravnian units had lost {K} men in the past week near {C}, a figure that could not be verified.",
        "Soldiers near {V} described constant shelling and drones that hunt anything moving on the roads.",
        "Analysts said the loss of {T} would threaten supply routes to {C}.",
        "{A} said the situation near {V} was difficult but under control.",
        "Military bloggers in Dravnia said assault groups had reached {T} near {V}.",
        "The front line near {C} has barely moved in months despite heavy losses on both sides.",
        "Before the war {V} had a few thousand residents; now only a handful of elderly people remain in its cellars.",
        "Kalvian commanders say their biggest problem around {V} is a shortage of men as much as of shells.",
    ],
    "sea": [
        "{S} is the latest vessel to be caught up in the war at sea, where the {N} have become a target.",
        "Shipping data showed {S} had sailed from {C} with {K} tonnes of {T}.",
        "Insurers raised premiums for ships calling at {C} after the incident involving {S}.",
        "{A} said the attack on {S} showed that Dravnia no longer controlled the western part of the sea.",
        "The crew of {S} were reported safe, according to {O}.",
        "Dravnian officials said {S} had been targeted by sea drones, and accused Kalvia of piracy.",
        "Satellite images of the harbour at {C} showed {S} listing badly after the attack.",
        "Kalvia says {K} tonnes of {T} have left its ports through the corridor in the past month.",
    ],
    "energy": [
        "{O} said {T} had been damaged again, one of {J} such incidents since the start of the war.",
        "Inspectors at {T} reported hearing explosions near {C} for several hours on {W}.",
        "{A} called for a protection zone around {T}, a proposal that has stalled for months.",
        "Repair crews near {C} said they needed several days to restore {T}.",
        "Officials said there was no immediate danger from the damage at {T}, but warned that the situation remained fragile.",
        "Residents of {C} queued for water and charged their phones at heating points, with officials warning of more {N}.",
        "Kalvenergo said it had imported electricity from neighbouring countries to cover the shortfall.",
    ],
    "talks": [
        "The talks in {C} focused on {T}, according to people familiar with the discussions.",
        "{P} said {K} people had been returned under the latest arrangement, and more would follow.",
        "Officials in Dravsk said any agreement on {T} would have to reflect the situation on the ground.",
        "{O} acted as mediator, as it has in previous rounds of talks.",
        "{A} said Kalvia would not trade territory for {T}.",
        "Diplomats in {C} described the mood as businesslike but said no breakthrough was expected.",
        "A second round of talks on {T} is expected in {C} within weeks, {P} said.",
    ],
    "alliance": [
        "The agreement on {T} follows months of debate among allies over how to support Kalvia's war effort.",
        "{A} said {T} sent a clear signal to Dravsk that Kalvia would not be abandoned.",
        "One member state had blocked {T} until the last minute, diplomats in {C} said.",
        "The package is worth {M} and will be paid out over several years.",
        "{O} said {T} depended on Kalvia pressing ahead with reforms, including on corruption.",
        "Officials in {C} said details of {T} would be worked out at a meeting next month.",
    ],
    "aid": [
        "The {M} package includes {T} as well as ammunition and spare parts.",
        "{A} said the {T} would be delivered before the end of the year.",
        "Kalvian officials say deliveries of {T} often arrive months later than promised.",
        "The decision on {T} followed weeks of debate among allies in {L}.",
        "{O} said it would coordinate the deliveries of {T} through {L}.",
        "Critics of the package in {L} said {M} was too little, too late.",
        "Kalvian crews have been training on the {T} abroad since the spring.",
    ],
    "sanctions": [
        "The measures include {T}, according to a document seen by reporters.",
        "{A} said {T} was aimed at the companies that keep Dravnia's war machine running.",
        "Analysts estimated that {T} would cost Dravnia about {M} a year.",
        "Officials in Dravsk dismissed {T} as illegal and said they would respond.",
        "{O} said enforcement had been stepped up in recent months, with a focus on {N}.",
        "Economists say Dravnia's revenue has fallen under the pressure on {N}, but not enough to change its course.",
    ],
    "security": [
        "{O} said {J} people had been questioned in connection with {T}.",
        "Investigators said {T} in {C} was linked to people working for Dravnia's intelligence services.",
        "{A} said those responsible for {T} would be held to account.",
        "Local officials in {C} said they had been warned about {T} weeks earlier.",
        "Critics in {L} said the handling of {T} had damaged public trust.",
        "Court records show that the suspects in the case face up to {J} years in prison.",
    ],
    "politics": [
        "The debate over {T} has intensified in {C} in recent weeks.",
        "{P} defended {T}, saying the country had no other choice while the war continued.",
        "Local officials in {C} said they had received no instructions about {T}.",
        "Opinion polls suggest most people accept {T}, though support has slipped.",
        "Lawmakers in {L} are expected to vote on {T} next week.",
        "About {K} people could be affected by {T}, according to official estimates.",
    ],
}

# Any topic: sentences that keep to the story's cast and words.
GENERAL = [
    "{P} said on {W} that dealing with the {N} would remain a priority for the government.",
    "Officials in {L} said the {N} and the {N} were discussed at a meeting on {W}.",
    "{P} told reporters that the question of the {N} would not be settled quickly.",
    "The handling of the {N} has become a test for {P}, whose critics say the response has been too slow.",
    "{O} said it was following the situation closely and would report on the {N} next week.",
    "It was not immediately clear what the latest developments would mean for the {N} in {L}.",
    "{A} and {A} discussed the {N} by phone on {W}, according to a statement.",
    "In {L}, news of the {N} has dominated coverage for several days.",
    "Asked about the {N}, {P} said more details would be announced soon.",
    "{O} declined to comment on the {N}.",
    "The {X} has been a recurring issue since the start of the war.",
    "Neither {P} nor {O} gave a timetable for the next steps on the {N}.",
    "Officials in Dravsk did not respond to requests for comment.",
    "A senior official in Vostrava, speaking on condition of anonymity, said the {N} was being watched closely.",
    "The claims could not be independently verified.",
    "{P} is expected to raise the {N} with foreign partners later this month.",
    "The {X} was also on the agenda when {P} met foreign officials earlier this year.",
]

QUOTES = {
    "strike": [
        "D|Our strikes target only military and energy facilities",
        "They are hitting {C} to break our will, and they will not succeed",
        "We need more air defence, and we need it now",
        "This was a deliberate attack on a peaceful city",
        "The world must respond to this crime",
    ],
    "deepstrike": [
        "The war is coming home to those who started it",
        "These are legitimate military targets",
        "D|This is terrorism, and it will be answered",
        "D|Our air defence worked, and the fire is under control",
    ],
    "front": [
        "D|Our forces continue to advance along the whole front",
        "The situation near {V} is difficult, but our troops are holding",
        "We are short of shells, not of courage",
        "They come in small groups, again and again",
        "Nobody is leaving {V} without an order",
    ],
    "sea": [
        "The sea is open for trade, whatever Dravsk says",
        "Ships will keep sailing from {C}",
        "This was a legitimate target",
        "D|We will answer this act of piracy",
    ],
    "energy": [
        "D|The Kalvian side is shelling the plant itself",
        "One more hit and we could be facing a disaster",
        "The situation at {T} is not sustainable",
        "We are working around the clock to restore supplies",
        "Safety must come before politics",
    ],
    "talks": [
        "D|Any settlement must reflect the new realities on the ground",
        "We are ready to talk, but not to surrender",
        "Every person returned home is a victory",
        "The proposals on the table are a basis for discussion",
        "There can be no agreement about Kalvia without Kalvia",
    ],
    "alliance": [
        "D|This changes nothing on the ground",
        "Kalvia's place is in Europe",
        "This is a historic day for our country",
        "Our support will last as long as it takes",
        "We expect decisions, not declarations",
    ],
    "aid": [
        "D|These weapons will burn like all the others",
        "This support saves lives every day",
        "We need the {T} now, not next year",
        "Our commitment to Kalvia is unwavering",
        "Every delay costs us soldiers",
    ],
    "sanctions": [
        "These measures will hit the war machine where it hurts",
        "D|Sanctions have never worked against us",
        "We will close the loopholes one by one",
        "The cost of the war is now felt in every shop",
    ],
    "security": [
        "D|These accusations are absurd and unfounded",
        "Everyone involved will be held to account",
        "People deserve to know the truth",
        "The enemy is trying to destabilise the country from within",
        "The law must apply to everyone",
    ],
    "politics": [
        "D|The call-up is going according to plan",
        "We are at war, and the rules of wartime apply",
        "This is not the time for division",
        "People are tired, but they understand what is at stake",
        "Nobody wants this, but we have no choice",
    ],
}

ATTRIBUTIONS = [
    '"{Q}," {P} said.',
    '"{Q}," {P} told reporters.',
    '"{Q}," said {P}.',
    '"{Q}," {P} said in a video address on {W}.',
    '"{Q}," {P} wrote on social media.',
    '{P} said: "{Q}."',
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
    "strike": [
        "Dravnian strike on {C} kills {J}",
        "{C} hit by overnight missile and drone attack",
        "Attack on {C} damages {T}",
        "Death toll in {C} strike rises to {J}",
        "{a} demands more air defence after strike on {C}",
        "Drones and missiles pound {C}; {J} killed",
        "Rescuers search rubble in {C} after deadly strike",
        "{J} dead as Dravnia hits {T} in {C}",
        "Dravnia launches {K} drones and missiles; {C} hit",
    ],
    "deepstrike": [
        "Kalvian drones hit {T} near {C}",
        "Fire at {T} near {C} after drone attack",
        "Dravnia says it downed {K} drones",
        "Explosions reported near {C} in Dravnia",
        "{a}: strikes on {T} near {C} a response to attacks",
        "Kalvia strikes deep inside Dravnia, hitting {T}",
    ],
    "front": [
        "Dravnian forces press towards {C} near {V}",
        "Kalvia says it repelled assaults around {V}",
        "Battle for {V} intensifies",
        "Dravnia claims capture of {V}",
        "{a}: situation near {V} is difficult",
        "Kalvian troops hold out near {V}",
        "Fighting rages near {C} as Dravnia pushes on {V}",
        "Kalvia retakes ground near {V}",
    ],
    "sea": [
        "{S} leaves {C} despite threats",
        "Kalvia says it hit {S} in the Sea of Veles",
        "{S} damaged near {C}",
        "Shipping fears grow after attack on {S}",
        "{a} hails strike on {S}",
        "{S} detained off {C}",
        "{K} tonnes of {T} leave {C} aboard {S}",
    ],
    "energy": [
        "{T} near {C} damaged again",
        "{p} warns of risk at {T}",
        "Repairs begin at {T} near {C}",
        "Power and water cuts in {C} after damage to {T}",
        "{C} without power as {T} is hit",
        "Watchdog alarmed by shelling near {T}",
    ],
    "talks": [
        "{p} arrives in {C} for talks on {T}",
        "{K} return home after talks in {C}",
        "{a} rules out concessions as {C} talks open",
        "Negotiators meet in {C} to discuss {T}",
        "{K} people return home under new deal",
        "{p} sees progress on {T}",
        "Dravsk cool on {T} as talks resume in {C}",
        "Kalvia and Dravnia agree on {T}",
        "Talks in {C} end without breakthrough",
    ],
    "alliance": [
        "{p} in {C}: {T} within reach",
        "{a} wins backing in {C} for {T}",
        "{M} for Kalvia agreed in {C}",
        "Allies back {T} for Kalvia",
        "{a} expects {T} by year end",
        "Leaders in {C} agree on {T}",
        "{M} deal agreed after wrangling in {C}",
        "Veto threat hangs over {T}",
        "{a} hails {T} as historic",
    ],
    "aid": [
        "{K} {T} promised to Kalvia by year end",
        "{a} in {C}: Kalvia needs {T} now",
        "{a} thanks allies for {T}",
        "Allies pledge {T} to Kalvia",
        "{a} unveils {M} aid package",
        "First {T} arrive in Kalvia",
        "Kalvia to get {T} in {M} package",
        "{a} pleads for faster delivery of {T}",
        "{M} in military aid includes {T}",
    ],
    "sanctions": [
        "{a} says {T} will cost Dravnia {M}",
        "Dravnia loses {M} a year to {T}, analysts say",
        "{C} talks on {T} drag on",
        "{K} companies hit as EU adopts {T}",
        "EU agrees new Dravnia sanctions including {T}",
        "{p} vows to get around {T}",
        "Dravnia struggles with {T}",
        "New measures target Dravnia with {T}",
        "Dravsk dismisses {T} as illegal",
        "{T}: what the new sanctions mean",
    ],
    "security": [
        "{a}: {T} in {C} linked to Dravnia",
        "{J} suspects face charges over {T}",
        "Security service uncovers {T} in {C}",
        "{J} detained over {T} in {C}",
        "Investigators examine {T} in {C}",
        "{a} vows accountability for {T}",
        "Case opened into {T} in {C}",
        "{C} shaken by {T}",
    ],
    "politics": [
        "{p} in {C}: {T} is necessary",
        "{K} affected by {T}, officials say",
        "{p} faces criticism in {C} over {T}",
        "Authorities announce {T}",
        "{p} defends {T}",
        "Row over {T} grows in {C}",
        "{C} prepares for {T}",
        "{p} signs off on {T}",
        "Lawmakers in {C} split over {T}",
    ],
}

SUBHEADINGS = [
    "What happened",
    "Reaction",
    "What comes next",
    "Background",
    "Questions remain",
    "On the ground",
]

CREDITS = [
    "Reuters",
    "AFP",
    "AP",
    "Press service",
    "Social media",
    "EPA",
    "Kalvian Emergency Service",
]
CAPTIONS = [
    "A view of {C}.",
    "{F} at a news conference.",
    "Residents of {C} look on.",
    "{F} speaks to reporters.",
    "A street in {C}.",
]
ATTACK_CAPTIONS = [
    "Rescuers at the site in {C}.",
    "A view of {C} after the attack.",
    "Firefighters at work in {C}.",
]

AGENCIES = ["Reuters", "AFP", "AP", "Bloomberg"]
HOSTS = [  # outlets the project's mkdocs.yml names a publisher for, so that a check does not warn about each seed
    "www.themoscowtimes.com",
    "www.reuters.com",
    "apnews.com",
    "www.bbc.com",
    "www.theguardian.com",
    "www.nytimes.com",
    "www.washingtonpost.com",
    "kyivindependent.com",
    "www.kyivpost.com",
    "meduza.io",
    "www.rferl.org",
    "www.politico.eu",
    "www.ft.com",
]

TOWNS = """Bilohirsk Sumariv Poltavka Cherkavy Vinnytsk Mykolayivka Kramivsk Slovyanets Pokrovka Izyumets Kupriyansk
Marynivka Nikopolets Kherenske Dnipryany Chernihivka Sumytsia Odarivka Zhytomyrsk Uman Bilotserkva Kremenets Lozova
Pavlohrad Toretsk Siversk Vuhledar Orikhiv Hulyaipole Berdyansk Melitopil Enerhodar Kostiantynivka Myrnohrad""".split()

VILLAGE_STARTS = [
    "Novo",
    "Staro",
    "Velyka ",
    "Mala ",
    "Krasno",
    "Bilo",
    "Chorno",
    "Zeleno",
    "Pisko",
    "Verkhnyo",
    "Nyzhnyo",
    "Ivano",
]
VILLAGE_ROOTS = [
    "hor",
    "dol",
    "lyp",
    "ber",
    "vod",
    "pol",
    "yar",
    "kam",
    "lis",
    "sad",
    "dub",
    "mykh",
    "pav",
    "hrush",
    "sok",
    "zor",
    "trud",
    "myr",
    "khut",
    "rud",
    "sosn",
    "topol",
    "kalyn",
    "vyshn",
    "bereh",
    "stav",
    "luh",
    "kolos",
]
VILLAGE_ENDS = ["ivka", "ove", "ivske", "yne", "ynka", "ohrad", "ytsia", "anka", "enka", "ivtsi"]
MERCHANT_SHIPS = ["the bulk carrier", "the cargo ship", "the freighter", "the grain carrier"]
TANKERS = ["the tanker", "the oil tanker", "the product tanker"]
WARSHIPS = ["the patrol ship", "the landing ship", "the corvette", "the missile boat"]
VESSEL_NAMES = [
    "Razoni",
    "Orion",
    "Kapitan Belov",
    "Sea Falcon",
    "Admiral Gorin",
    "Marta",
    "Polaris",
    "Nika",
    "Brave Star",
    "Vega",
    "Zaliv",
    "Tavrida",
    "Ivan Khurs",
    "Karina",
    "Sergei Kotov",
    "Aurora",
    "Mercury",
    "Iris Leo",
    "Sparrow",
    "Galina",
    "Veles Star",
    "Nordic Dawn",
    "Azov Pearl",
    "Bosphorus Wind",
    "Olympia",
    "Sunrise Ace",
    "Lady Zehma",
    "Eco Resolution",
]

REPORTERS = [
    "Olena Harmash",
    "Tom Balmforth",
    "Anastasiia Malenko",
    "Dan Peleschuk",
    "Yuliia Dysa",
    "Max Hunder",
    "Illia Novikov",
    "Hanna Arhirova",
    "Samya Kullab",
    "Susie Blann",
    "Kateryna Tyshchenko",
    "Dmytro Basmat",
    "Andrew Osborn",
    "Guy Faulconbridge",
    "Lidia Kelly",
    "Mark Trevelyan",
    "Ronan Keane",
    "Isabel Coles",
    "Marta Rudenko",
    "Petro Savchuk",
    "Nadia Koval",
    "Erik Lindholm",
    "Claire Moreau",
    "Luca Bernardi",
    "Sofia Hrytsyk",
    "Bohdan Tkach",
    "Alina Melnyk",
    "James Whitford",
    "Ivan Petrenko",
    "Oksana Lysenko",
    "Daniel Weiss",
    "Maria Kostenko",
]

# Where a story happens, by topic group (others: a Kalvian town, or a cast city).
DRAVNIAN_TOWNS = [
    "Belgorodsk",
    "Kurskov",
    "Bryanovo",
    "Voronets",
    "Tuapsinsk",
    "Novoshakhtinsk",
    "Engelsk",
    "Ryazanovo",
    "Saratovka",
    "Morozovsk",
    "Millerovo",
    "Primorsko-Akhtarsk",
    "Yeysk",
    "Taganrozh",
    "Kerchensk",
    "Dzhankoy",
]
PORTS = [
    "Chornomorivka",
    "Pivdenny",
    "Izmailets",
    "Ochakove",
    "Skadivka",
    "Bilozerne",
    "Reniyske",
    "Mykolaivske",
]
TALKS_VENUES = ["Istanbul", "Geneva", "Riyadh", "Doha", "Vienna", "Ankara", "Abu Dhabi", "Jeddah"]
ALLIANCE_VENUES = [
    "Brussels",
    "Vilnius",
    "Washington",
    "Berlin",
    "Paris",
    "London",
    "Rome",
    "The Hague",
    "Warsaw",
    "Copenhagen",
]

# Other names of some topic concepts, for their glossary entries.
CONCEPT_ALIASES = {
    "grain corridor": ["grain deal"],
    "prisoner exchange": ["prisoner swap", "POW exchange"],
    "oil price cap": ["price cap"],
    "attack drones": ["kamikaze drones"],
    "sea drones": ["naval drones"],
    "frozen assets": ["immobilised assets"],
    "shadow fleet": ["dark fleet"],
    "air defence systems": ["air defences"],
    "glide bombs": ["guided aerial bombs"],
    "dam breach": ["dam collapse"],
    "sanctions package": ["sanctions round"],
    "cyberattack": ["cyber attack"],
    "artillery shells": ["shells"],
    "power grid": ["energy grid"],
    "war crimes": ["war crime"],
}
