"""The entity components' table: the proposers in their default order, the
decision and the linking (``pipeline.components``: names, requires, provides,
rules files, factory).  Importing it loads no component."""
from __future__ import annotations

from ..components import Registry, Spec

_P = "pipeline.entities."
PROPOSERS = Registry("entity proposer", [
    Spec("gazetteer", ("sentences",), ("LOC:gazetteer", "hits"), _P + "places:GazetteerPlaces",
         ("gazetteer/places.tsv", "loc_grammar.yml", "common_words.txt"),
         "places of the gazetteer: full names, guarded short forms, X地区, named rivers and lakes"),
    Spec("foreign", ("sentences",), ("LOC:foreign",), _P + "places:ForeignPlaces",
         ("foreign_places.tsv",), "countries, continents and foreign cities (CLDR)"),
    Spec("villages", ("sentences",), ("LOC:villages",), _P + "place_grammar:Villages",
         ("gazetteer/villages.tsv.gz", "loc_grammar.yml"), "villages and communities (X村, X社区), 霍家营"),
    Spec("features", ("sentences",), ("LOC:features",), _P + "landmarks:Features",
         ("loc_grammar.yml",), "rivers, reservoirs, roads, lanes (X水库, X路), numbered roads (G319国道)"),
    Spec("enumerations", ("sentences",), ("LOC:enumerations",), _P + "landmarks:Enumerations",
         ("loc_grammar.yml",), "items of lists of localities (城关、南江三个乡镇)"),
    Spec("town_shorts", ("hits",), ("LOC:town_shorts",), _P + "places:TownShortForms",
         ("loc_grammar.yml",), "short forms of towns the document names in full (李市 after 李市镇)"),
    Spec("county_towns", ("hits",), ("LOC:county_towns",), _P + "landmarks:CountyTowns",
         (), "short forms of towns in a list, licensed by sibling towns of one county (稻田、羊口)"),
    Spec("bodies", ("sentences",), ("ORG:grammar",), _P + "bodies:Bodies",
         ("orgs.yml",), "[place | level word] institution {sub-body}, departments, village committees"),
    Spec("suffix_bodies", ("sentences",), ("ORG:suffix",), _P + "body_names:SuffixBodies",
         ("orgs.yml",), "names closed by a body suffix (X有限公司, 县人民医院)"),
    Spec("media", ("sentences",), ("ORG:media",), _P + "body_names:Media",
         ("orgs.yml", "media.txt", "international_orgs.txt"), "media outlets, web sites, international bodies"),
    Spec("body_chains", ("ORG:grammar",), ("ORG:chains",), _P + "body_names:BodyChains",
         ("orgs.yml",), "中共 + party body, body + body below it, 《X》杂志社, “X”会长"),
    Spec("people", ("sentences",), ("PER:rules",), _P + "people:People",
         ("person.yml", "surnames.txt", "name_components.txt", "common_words.txt"),
         "names in a context: roles, titles, lists, bylines, credits"),
    Spec("tagger", ("sentences",), ("PER:tagger",), _P + "tagger:Tagger",
         ("tagger.yml", "decision.yml"), "the statistical tagger (LAC) where a context suggests a name"),
    Spec("lists", ("sentences",), ("PER:lists",), _P + "mentions:ListMembers",
         ("decision.yml",), "other items of a list of names"),
    Spec("propagation", ("sentences",), ("PER:propagated",), _P + "mentions:Propagation",
         (), "other mentions of the names found"),
])
DECISION = Spec("decision", ("candidates",), ("entities",), _P + "decision:Decision",
                ("decision.yml", "calibration.tsv"), "flat spans from all proposals, calibrated confidence")
LINKING = Spec("linking", ("entities",), ("paths",), _P + "linking:EntityLinker",
               ("gazetteer/places.tsv", "orgs.yml"), "paths, canonical names, roles, affiliations")
