"""TMF635: one usage record per call or data session, with what was measured and rated."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from competitor_operator import written
from competitor_operator.api.common import ROOT, Authorised, Op, page, party

BASE = f"{ROOT}/tmf635/v4"
router = APIRouter(prefix=BASE, tags=["TMF635 usage"], dependencies=[Authorised])


def usage_json(row: Any) -> dict[str, Any]:
    voice = row["kind"] == "voice"
    characteristic = [
        {"name": "measuredSeconds" if voice else "measuredKB", "value": row["measured"]},
        {"name": "ratedMinutes" if voice else "ratedKB", "value": row["rated"]}]
    if row["called"]:
        characteristic.append({"name": "calledNumber", "value": row["called"]})
    return {"id": row["id"], "href": f"{BASE}/usage/{row['id']}",
            "usageDate": written.iso(written.parse(row["at"])), "usageType": row["kind"],
            "status": "rated", "relatedParty": party(row["subs_id"]),
            "usageCharacteristic": characteristic, "@type": "Usage"}


@router.get("/usage")
def usages(op: Op, response: Response, offset: int = 0, limit: int = 20,
           party_id: Annotated[str | None, Query(alias="relatedParty.id")] = None
           ) -> list[dict[str, Any]]:
    with op.tx() as ctx:
        rows = ctx.conn.execute("SELECT * FROM usage ORDER BY at, id").fetchall()
    return page([usage_json(r) for r in rows if party_id in (None, r["subs_id"])],
                response, offset, limit)
