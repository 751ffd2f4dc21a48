"""Which criterion (or recommendation) each source row belongs to.

A row whose ref cell names a criterion ref of the assessment's framework maps
to it (two refs: to both). Otherwise its criterion text, or the heading above
its table when it has none, is compared with every criterion in scope by
rapidfuzz; bodies reword criteria ("The IJBs vision ..." for "The local
authority's vision ..."), so the body's own name is read as the guidance's
before comparing. The best match and the runner-up are kept with their
scores for the preview. Action-plan rows become recommendations.
"""

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils

from frameworks.models import Criterion
from imports.readers.rows import CRITERION_REF, PLAN

MIN_SCORE = 60  # below this, no criterion is proposed
LOW_SCORE = 85  # below this, the preview warns

_BODY = re.compile(
    r"\b(?:the\s+)?(?:ijb'?s?|integration joint boards?|integration authority|council'?s?|"
    r"partnership'?s?|hscp'?s?|health board'?s?|local authority'?s?)(?=\W|$)",
    re.IGNORECASE,
)


def comparable(text):
    return utils.default_process(_BODY.sub(" local authority ", text or ""))


def normal_ref(ref):
    return re.sub(r"\s+", "", ref or "").rstrip(".").upper()


@dataclass
class Match:
    criteria: list  # the proposed criteria, best first (two when the row names two refs)
    how: str  # "ref", "text" or "" (nothing proposed)
    score: int | None = None
    runner_up: Criterion | None = None
    runner_up_score: int | None = None

    @property
    def criterion(self):
        return self.criteria[0] if self.criteria else None


class CriterionMatcher:
    def __init__(self, assessment):
        criteria = list(Criterion.objects.filter(framework=assessment.framework_id))
        self.by_ref = {normal_ref(criterion.ref): criterion for criterion in criteria}
        self.in_scope = set(assessment.entries.values_list("criterion_id", flat=True))
        self.scoped = {c.pk: c for c in criteria if c.pk in self.in_scope}
        self._choices = {pk: comparable(c.text) for pk, c in self.scoped.items()}

    def match(self, row):
        if row.kind == PLAN:
            return Match([], "")
        refs = [
            self.by_ref[normal_ref(ref)] for ref in row.refs() if normal_ref(ref) in self.by_ref
        ]
        if not refs and normal_ref(row.ref) in self.by_ref:
            refs = [self.by_ref[normal_ref(row.ref)]]
        if not refs and not row.criterion and row.context:
            refs = [
                self.by_ref[normal_ref(ref)]
                for ref in CRITERION_REF.findall(row.context)[:1]
                if normal_ref(ref) in self.by_ref
            ]
        if refs:
            unique = list(dict.fromkeys(refs))
            return Match(unique[:2], "ref")
        return self.match_text(row.criterion or row.context)

    def match_text(self, text):
        query = comparable(text)
        if not query or not self._choices:
            return Match([], "")
        found = process.extract(
            query, self._choices, scorer=fuzz.token_set_ratio, processor=None, limit=2
        )
        best_pk, best_score = found[0][2], round(found[0][1])
        runner_up = self.scoped[found[1][2]] if len(found) > 1 else None
        runner_up_score = round(found[1][1]) if len(found) > 1 else None
        criteria = [self.scoped[best_pk]] if best_score >= MIN_SCORE else []
        return Match(criteria, "text" if criteria else "", best_score, runner_up, runner_up_score)
