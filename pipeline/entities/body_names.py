"""Proposers of bodies named by their last word or a lexicon: names closed by a
body suffix (X有限公司, 县人民医院), media outlets and web sites (rules/media.txt,
the media grammar), international organisations, and the extensions of the
grammar's bodies (中共 before a party body, a body and the body below it,
《X》杂志社, “X”会长).  Rules in rules/orgs.yml."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..chars import is_han
from .base import Candidate, Doc, Prepared, aligned, inside_title, loc_ending_at

if TYPE_CHECKING:
    from .resources import Resources


class SuffixBodies:
    """ORG names closed by a body suffix: free suffixes (X有限公司, X专业合作社) take any
    name, located ones (医院, 日报) need a locality or level word to start it."""

    def __init__(self, res: "Resources"):
        self.orgs, self.locs, self.words = res.orgs, res.locs, res.people.common_words

    def propose(self, doc: Doc) -> None:
        for s in doc.sents:
            self._suffix_bodies(s)

    def _counted(self, norm: str, start: int) -> bool:
        """The name starts with a classifier after a numeral (12家, 三个): a count."""
        for cl in self.orgs.count_classifiers:
            if norm.startswith(cl, start) and start > 0 and (
                    norm[start - 1].isdigit() or norm[start - 1] in self.orgs.count_numerals):
                return True
        return False


    def _suffix_bodies(self, s: Prepared) -> None:
        """X有限公司, 县人民医院, 中央电视台: a name ending in a body suffix."""
        norm, rules = s.norm, self.orgs
        stops = self.locs.stem_stop_chars
        classes = [m.span() for m in rules.class_words_re.finditer(norm)] if rules.class_words_re else []
        for m in rules.suffix_re.finditer(norm):
            suffix = m.group()
            if any(a <= m.start() and m.end() <= b for a, b in classes):
                continue  # 中小学: a class of schools
            if inside_title(s, m.start(), m.end()) or norm[m.start() - 1:m.start()] == "》":
                continue  # the title rule handles 《X》杂志社
            start = m.start()
            while (start > 0 and m.start() - start < rules.max_name and is_han(norm[start - 1])
                   and norm[start - 1] not in stops):
                start -= 1
            # a stop character may begin a place (于都县融媒体中心): the place's start holds
            over = [c.start for c in s.locs if c.start < start < c.end <= m.start()]
            if over:
                start = min(over)
            if s.tokens:
                while start < m.start() and start not in s.tok_starts:
                    start += 1
            # a verb or a generic word inside ends the name (68户牧民|成立|合作社)
            cut = 0
            if rules.name_cut_re is not None:
                for c in rules.name_cut_re.finditer(norm, start, m.start()):
                    cut = c.end() - start
            start += cut
            words = self.words
            located = min((c.start for c in s.locs + [w for w in s.weak_locs if words.get(
                          norm[w.start:w.end], 0) < 20000]  # 新建改建幼儿园: 新建 is a word here
                           if start <= c.start < m.start()), default=None)
            if any(norm.startswith(w, start) for w in rules.level_words):
                located = start if located is None else min(located, start)
            if suffix not in rules.free_suffixes and located is None:
                continue
            if located is not None:
                start = located  # the name begins with its locality
            while True:  # the whole locality chain: 利川市汪营镇巴蜀红茶叶专业合作社
                prev = loc_ending_at(s, start)
                if prev is None or cut:
                    break
                start = prev.start
            name = norm[start:m.start()]
            if not name or any(name.startswith(g) for g in rules.generic_before):
                continue
            if located is None and self._counted(norm, start):
                continue  # 12家肉牛养殖合作社: a count of a class, not a name
            if suffix in rules.free_suffixes and len(name) < 2:
                continue
            s.orgs.append(Candidate(start, m.end(), "ORG", "org:suffix", 0.7, priority=3))



class Media:
    """ORG media outlets and sites: a body's web site (X县人民政府网), the media and
    international lexicons (rules/media.txt, international_orgs.txt) and the media
    grammar (a source line's X新闻网)."""

    def __init__(self, res: "Resources"):
        self.orgs, self.words = res.orgs, res.people.common_words

    def propose(self, doc: Doc) -> None:
        rules = self.orgs
        for s in doc.sents:
            norm = s.norm
            self._web_sites(s)
            for a, b in rules.media_index.find(norm):
                if not inside_title(s, a, b) or norm[a - 1:a] == "《":
                    s.orgs.append(Candidate(a, b, "ORG", "lexicon:media", 0.9, priority=3))
            for a, b in rules.intl_index.find(norm):  # 世界卫生组织, 联合国
                if not inside_title(s, a, b) and aligned(s, a, b):
                    s.orgs.append(Candidate(a, b, "ORG", "lexicon:international", 0.9, priority=3))
            if rules.media_grammar_re is not None:
                for m in rules.media_grammar_matches(norm):
                    a, b = m.span("name")
                    if not inside_title(s, a, b):
                        s.orgs.append(Candidate(a, b, "ORG", "org:media", 0.85, priority=3))

    def _web_sites(self, s: Prepared) -> None:
        """A body's web site (平遥县人大常委会网, X县人民政府网) is one ORG with 网, unless
        网 starts a word (网格, 网络, 网上)."""
        norm, words, site = s.norm, self.words, self.orgs.site_word
        for c in list(s.orgs):
            if not norm.startswith(site, c.end) or words.get(norm[c.end:c.end + len(site) + 1], 0) >= 20000:
                continue
            s.orgs.append(Candidate(c.start, c.end + len(site), "ORG", "org:site", c.confidence, priority=3))


class BodyChains:
    """The grammar's bodies extended: the party's name before a party body (中共余姚市委),
    a body and the body of a place below it (海府街道办大英社区居委会), a body and its
    trailing sub-body (X管理局纪检组); titled (《中国人大》杂志社) and quoted (“爱心协会”会长)
    bodies.  Last, grammar bodies that begin with a time word (每季度通报) are dropped."""

    def __init__(self, res: "Resources"):
        self.orgs = res.orgs

    def propose(self, doc: Doc) -> None:
        rules = self.orgs
        for s in doc.sents:
            norm = s.norm
            self._party_prefix(s)
            self._body_chains(s)
            for m in rules.title_suffix_re.finditer(norm):
                s.orgs.append(Candidate(m.start(), m.end(), "ORG", "org:title", 0.9, priority=4))
            for m in rules.quoted_head_re.finditer(norm):
                s.orgs.append(Candidate(m.start(1), m.end(1), "ORG", "org:quoted", 0.7, priority=3))
            if rules.time_words:  # 每季度通报1次: a time word begins no body (lexicon names stay)
                s.orgs = [c for c in s.orgs if c.source.startswith("lexicon")
                          or not norm.startswith(rules.time_words, c.start)]

    def _party_prefix(self, s: Prepared) -> None:
        """中共余姚市委: the party's name before a local party body is part of it."""
        for c in list(s.orgs):
            for head in self.orgs.party_names:
                if c.start >= len(head) and s.norm.startswith(head, c.start - len(head)) and c.org \
                        and c.org.get("kind") == "locality":
                    s.orgs.append(Candidate(c.start - len(head), c.end, "ORG", c.source, c.confidence,
                                            priority=c.priority, org=c.org))
                    break


    def _body_chains(self, s: Prepared) -> None:
        """海府街道办大英社区居委会: a local body followed directly by the body of a place
        below it is one name; so is a body and its sub-body (X管理局纪检组)."""
        for c in list(s.orgs):
            if c.org and not c.org.get("subs"):
                m = self.orgs.sub_body_re.match(s.norm, c.end)
                if m and m.group() in self.orgs.trailing_sub_bodies:
                    s.orgs.append(Candidate(c.start, m.end(), "ORG", c.source, c.confidence,
                                            priority=c.priority, org=dict(c.org, subs=m.group())))
        for a in list(s.orgs):
            if not (a.org and a.org.get("kind") == "locality"):
                continue
            for b in list(s.orgs):
                if b.start == a.end and b.org and b.org.get("kind") == "locality":
                    s.orgs.append(Candidate(a.start, b.end, "ORG", "org:chain",
                                            min(a.confidence, b.confidence), priority=3, org=a.org))

