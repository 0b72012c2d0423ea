"""Test server for contract-test: the Items contract on FastAPI (0.92+) and uvicorn.

`--broken` lacks DELETE /items/{item_id}, sends price as a string in GET /items/{item_id} and
serves the undocumented GET /admin/stats (which FastAPI advertises at /openapi.json).
"""
import os
import sys
from typing import Dict, List, Optional

import uvicorn
from fastapi import FastAPI, Response
from pydantic import BaseModel

BROKEN = "--broken" in sys.argv
app = FastAPI()


class NewItem(BaseModel):
    name: str
    price: float


class Item(NewItem):
    id: int
    tags: Optional[List[str]] = None


ITEM = {"id": 1, "name": "pen", "price": 1.5, "tags": ["office"]}


@app.get("/items")
def list_items(limit: int) -> List[Dict[str, object]]:
    return [ITEM]


@app.post("/items", status_code=201)
def create_item(item: NewItem) -> Dict[str, object]:
    return {"id": 2, "name": item.name, "price": item.price}


@app.get("/items/{item_id}")
def get_item(item_id: int) -> Dict[str, object]:
    return dict(ITEM, price="1.50") if BROKEN else ITEM


if not BROKEN:

    @app.delete("/items/{item_id}", status_code=204)
    def delete_item(item_id: int) -> Response:
        return Response(status_code=204)

else:

    @app.get("/admin/stats")
    def admin_stats() -> Dict[str, int]:
        return {"items": 1}


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(os.environ["PORT"]), log_level="warning")
