"""Targeted extra readings: the entries whose side of a line is least certain.

Pure (no Flask, no database). After a round's sheets are in, the calibration model
(``judging.scoring.core.calibration``) gives each entry a calibrated score ``q_e``. This module
turns it into the probability that the entry is really on the other side of a line
(the advancement cut, or the last prize seat) than the ranking puts it today, so the
extra readings the organizers can afford go where they can change who advances or
wins, rather than to the entries whose two markings happened to disagree.

Model (normal–normal, one line per group of ``places`` seats):

* The error of ``q_e`` has variance ``v_e = σ²/n_e + (1/n_e²) Σ_j σ²/(c_j + λ)``:
  the noise of the entry's ``n_e`` readings, plus the uncertainty of each of its
  readers' offsets (judge ``j`` with ``c_j`` readings, ridge ``λ``). ``σ`` is the
  calibration's residual spread.
* True qualities spread with ``τ² = var(q) − mean(v)`` (method of moments, never
  below a tenth of ``var(q)``), so an entry read by few judges is pulled towards the
  mean: posterior mean ``m_e = μ + w_e (q_e − μ)``, ``w_e = τ²/(τ² + v_e)``,
  posterior variance ``s_e² = w_e · v_e``.
* The line of a group lies halfway between the ``places``-th and the next entry by
  posterior mean. ``P(other side) = Φ(−|m_e − line| / s_e)``; it is at most ½, as
  an entry's side is the one its posterior mean is on.

Entries are comparable only inside one connected part of the judge–entry graph:
with several parts (``Calibration.connected`` false) nothing is computed and the
caller says so.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Hashable, Iterable, Mapping
from dataclasses import dataclass

from judging.scoring.core import EntryId, Reading
from judging.scoring.core.calibration import Calibration
from judging.scoring.core.ranking import stable_sorted

# τ² is never taken below this share of the calibrated scores' variance: with very
# noisy rounds the moment estimate can reach zero, which would pull every entry onto
# the mean and make every probability one half.
MIN_SIGNAL_SHARE = 0.1


@dataclass(frozen=True)
class LineRisk:
    """One entry's position against its group's line."""

    entry_id: EntryId
    group: Hashable
    score: float  # posterior mean on the calibrated scale
    sd: float  # posterior standard deviation
    line: float
    above: bool  # on the advancing (prize) side today
    probability: float  # of truly being on the other side


def entry_variances(readings: Iterable[Reading], fit: Calibration) -> dict:
    """Error variance ``v_e`` of each entry's calibrated score (module doc)."""
    sigma2 = fit.residual_sd**2 if fit.residual_sd else 0.0
    offset_var = {
        j: sigma2 / (stats.readings + fit.shrinkage) for j, stats in fit.judges.items()
    }
    count: dict[EntryId, int] = defaultdict(int)
    judge_part: dict[EntryId, float] = defaultdict(float)
    for r in readings:
        count[r.entry_id] += 1
        judge_part[r.entry_id] += offset_var[r.judge_id]
    return {e: sigma2 / n + judge_part[e] / (n * n) for e, n in count.items()}


def line_risks(
    readings: Iterable[Reading],
    fit: Calibration,
    places: Mapping[Hashable, int],
    group_of: Mapping[EntryId, Hashable] | None = None,
) -> list[LineRisk]:
    """Each entry's probability of being on the other side of its line, highest first.

    ``places``: seats above the line per group (``group_of`` maps entry → group; None
    puts every entry in group ``None``). A group with no seat, or with no more
    entries than seats, has no line and its entries are left out. Empty when the
    spread cannot be estimated (no entry with two readings) or the graph is split.
    """
    readings = list(readings)
    if fit.residual_sd is None or not fit.connected or not readings:
        return []
    if any(n < 0 for n in places.values()):
        raise ValueError("places must be >= 0")
    variance = entry_variances(readings, fit)
    q = fit.scores
    mean = math.fsum(q.values()) / len(q)
    spread = math.fsum((v - mean) ** 2 for v in q.values()) / len(q)
    noise = math.fsum(variance.values()) / len(variance)
    tau2 = max(spread - noise, MIN_SIGNAL_SHARE * spread)
    members: dict[Hashable, list[EntryId]] = defaultdict(list)
    for e in stable_sorted(q):
        members[(group_of or {}).get(e)].append(e)
    risks = []
    for group, ids in members.items():
        seats = places.get(group, 0)
        if seats <= 0 or seats >= len(ids):
            continue
        post = {}
        for e in ids:
            w = tau2 / (tau2 + variance[e]) if tau2 > 0 else 0.0
            post[e] = (mean + w * (q[e] - mean), math.sqrt(w * variance[e]))
        order = sorted(ids, key=lambda e: -post[e][0])  # stable: ties keep id order
        line = (post[order[seats - 1]][0] + post[order[seats]][0]) / 2
        above = set(order[:seats])
        for e in ids:
            m, sd = post[e]
            p = _normal_sf(abs(m - line) / sd) if sd > 0 else float(m == line) / 2
            risks.append(LineRisk(e, group, m, sd, line, e in above, min(p, 0.5)))
    risks.sort(key=lambda r: (-r.probability, abs(r.score - r.line)))
    return risks


def pick(
    risks: Iterable[LineRisk], count: int, skip: Collection[EntryId] = ()
) -> list[LineRisk]:
    """The ``count`` most uncertain entries, leaving out ``skip`` (e.g. already waiting
    for an extra reading)."""
    if count < 0:
        raise ValueError("count must be >= 0")
    chosen = []
    for risk in risks:
        if len(chosen) >= count:
            break
        if risk.entry_id not in skip:
            chosen.append(risk)
    return chosen


def _normal_sf(z: float) -> float:
    """P(Z > z) for a standard normal Z."""
    return 0.5 * math.erfc(z / math.sqrt(2.0))
